// neutron's nova notifier: once a bound port is up, tell nova `network-vif-plugged` through
// POST /os-server-external-events with the service token. As in neutron, this runs after the
// port update returned (a short delay stands for the L2 agent reporting the device up), in its
// own batch context: the notifier's lines carry no request id, and nova sees a new request.

import type { OsloLogger } from '../../common/oslo-logger.js';
import type { Db } from '../../db/open-db.js';
import { adminContext } from '../../common/request-context.js';
import { apiUrl, type StackConfig } from '../../common/stack-config.js';
import { authedJson, serviceAuth, type TokenSource } from '../../common/service-auth.js';

export interface VifEvent { server_uuid: string; name: 'network-vif-plugged'; status: 'completed' | 'failed'; tag: string }

/** Python's repr of a flat dict of strings and numbers, as neutron logs its events. */
export function pyRepr(d: Record<string, string | number>): string {
  return `{${Object.entries(d).map(([k, v]) => `'${k}': ${typeof v === 'number' ? v : `'${v}'`}`).join(', ')}}`;
}

const NOTIFIER = '/usr/lib/python3/dist-packages/neutron/notifiers/nova.py';
const ML2_RPC = '/usr/lib/python3/dist-packages/neutron/plugins/ml2/rpc.py';

export class VifNotifier {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly notifierLog: OsloLogger;
  private readonly rpcLog: OsloLogger;
  /** neutron's [nova] section: its own service user. */
  private readonly auth: TokenSource;
  private closed = false;

  constructor(
    private readonly cfg: StackConfig, log: OsloLogger, private readonly delayMs: number,
    /** The vif-plug-timeout fault: the host's agent never reports the device up. */
    private readonly agentSilent: (host: string) => boolean = () => false,
  ) {
    this.notifierLog = log.child('neutron.notifiers.nova');
    this.rpcLog = log.child('neutron.plugins.ml2.rpc');
    this.auth = serviceAuth(cfg, 'neutron');
  }

  /** The port came up on `host`: after the agent's delay, mark it and send the event. */
  portBound(portId: string, host: string, serverUuid: string): void {
    if (this.closed || this.agentSilent(host)) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.rpcLog.debug(adminContext(), null, `Device ${portId} up at agent ovs-agent-${host}`, { func: 'update_device_up', file: ML2_RPC, line: 288 });
      const p = this.send({ server_uuid: serverUuid, name: 'network-vif-plugged', status: 'completed', tag: portId })
        .finally(() => this.inflight.delete(p));
      this.inflight.add(p);
    }, this.delayMs);
    this.timers.add(timer);
  }

  /**
   * After neutron-server restarts, the L2 agents resync and report their devices up again; the
   * notifier of the process that died took its unsent events with it. Ports bound to an instance
   * that is still building are reported again, so the compute waiting for network-vif-plugged
   * gets it (neutron's notifier itself does not retry a failed send).
   */
  resync(db: Db): number {
    const rows = db.prepare(`SELECT p.id, p.binding_host_id AS host, p.device_id FROM ports p JOIN instances i ON i.uuid = p.device_id
      WHERE p.binding_vif_type = 'ovs' AND p.binding_host_id IS NOT NULL AND p.device_owner LIKE 'compute:%'
        AND i.deleted_at IS NULL AND i.vm_state = 'building'`).all() as { id: string; host: string; device_id: string }[];
    for (const r of rows) this.portBound(r.id, r.host, r.device_id);
    return rows.length;
  }

  private async send(event: VifEvent): Promise<void> {
    this.notifierLog.debug(null, null, `Sending events: [${pyRepr({ ...event })}]`, { func: 'send_events', file: NOTIFIER, line: 279 });
    try {
      const r = await authedJson<{ events?: (VifEvent & { code: number })[] }>(this.auth, 'POST', apiUrl(this.cfg, '/compute/v2.1/os-server-external-events'),
        { events: [event] }, { timeoutMs: 10_000 });
      if (r.status === 404) {
        this.notifierLog.warning(null, null, `Nova returned NotFound for event: [${pyRepr({ ...event })}]`);
        return;
      }
      for (const e of r.body.events ?? []) {
        if (e.code === 200) this.notifierLog.info(null, null, `Nova event response: ${pyRepr({ ...e })}`);
        else this.notifierLog.warning(null, null, `Nova event: ${pyRepr({ ...e })} returned with failed status`);
      }
    } catch (e) {
      this.notifierLog.exception(null, null, `Failed to notify nova on events: [${pyRepr({ ...event })}]`,
        ['Traceback (most recent call last):', `  ${(e as Error).stack?.split('\n')[1]?.trim() ?? ''}`, `${(e as Error).name}: ${(e as Error).message}`]);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.inflight]);
  }
}
