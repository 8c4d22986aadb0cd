// A server's ports follow it to another host: each is bound there (binding:host_id) and neutron
// reports network-vif-plugged to the host the server belongs to once the agent has plugged it.
// Whoever receives that event prepares to wait for it first, as compute's InstanceEvents does:
// the destination for a resize or evacuation, the source during a live migration's
// pre_live_migration.

import type { RequestContext } from '../common/request-context.js';
import type { BuildDeps } from './build-instance.js';
import { EventTimeout } from './instance-events.js';
import type { Port } from './network-client.js';

export interface VifWaits { ports: Port[]; waits: (() => Promise<void>)[] }

export async function prepareVifEvents(d: BuildDeps, ctx: RequestContext, uuid: string): Promise<VifWaits> {
  const mgr = d.log.child('nova.compute.manager');
  const ports = await d.network.instancePorts(ctx, uuid);
  const waits = ports.map((p) => {
    const event = `network-vif-plugged-${p.id}`;
    mgr.debug(ctx, uuid, `Preparing to wait for external event ${event}`, { func: 'prepare_for_instance_event', file: 'compute/manager.py', line: 283 });
    return d.events.prepare(uuid, event);
  });
  return { ports, waits };
}

/** Waits for the prepared events; a timeout is logged as Nova logs it and the move goes on. */
export async function waitVifEvents(d: BuildDeps, ctx: RequestContext, uuid: string, w: VifWaits, vmState: string, taskState: string): Promise<void> {
  for (const [i, wait] of w.waits.entries()) {
    const event = `network-vif-plugged-${w.ports[i].id}`;
    try {
      await d.events.wait(wait, d.cfg.vifPluggingTimeoutMs, event);
    } catch (e) {
      if (!(e instanceof EventTimeout)) throw e;
      d.log.child('nova.compute.manager').warning(ctx, uuid, `Timeout waiting for ['${event}'] for instance with vm_state ${vmState} and task_state ${taskState}. Event states are: ${event}: timed out after ${(d.cfg.vifPluggingTimeoutMs / 1000).toFixed(2)} seconds`);
    }
  }
  d.events.forget(uuid);
}

export async function bindPorts(d: BuildDeps, ctx: RequestContext, uuid: string, ports: Port[], host: string): Promise<void> {
  for (const p of ports) await d.network.bindPort(ctx, uuid, p.id, host);
}
