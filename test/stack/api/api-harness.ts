// Starts the api process in-process on an ephemeral port with a temp state dir, a seeded nova
// database, and a test RPC server standing in for the conductor and the compute hosts that
// records every message it gets. Tests drive it with real HTTP.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startPlacementService } from '../../../stack/placement/placement-service.js';
import { startApiService, type ApiServiceOptions } from '../../../stack/api/api-service.js';
import { FileSink, OsloLogger } from '../../../stack/common/oslo-logger.js';
import type { RequestContext } from '../../../stack/common/request-context.js';
import type { RunningService } from '../../../stack/common/service-env.js';
import type { StackConfig } from '../../../stack/common/stack-config.js';
import { openDb, type Db } from '../../../stack/db/open-db.js';
import { NOVA_SCHEMA } from '../../../stack/db/schema.js';
import { seedDefaultCloud } from '../../../stack/db/seed.js';
import { RpcClient } from '../../../stack/rpc/rpc-client.js';
import { RpcServer, type Handler } from '../../../stack/rpc/rpc-server.js';
import { diagnosticsAnswers } from './diagnostics-answers.js';

export interface Recorded { topic: string; method: string; ctx: RequestContext; args: Record<string, unknown> }

export interface ApiHarness {
  url: string;
  /** The configuration, plus a token of the nova service user (admin and service roles). */
  cfg: StackConfig & { serviceToken: string };
  db: Db;
  recorded: Recorded[];
  logDir: string;
  adminToken: string;
  demoToken: string;
  /** A project-scoped token of any user (password auth). */
  issue(user: string, password: string, project: string): Promise<string>;
  /** fetch on the api port with a token (admin unless given) and JSON body. */
  call(method: string, p: string, body?: unknown, opts?: { token?: string | null; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  log(file: string): string;
  close(): Promise<void>;
}

export const HOSTS = ['cmp1', 'cmp2'];
export const ADMIN_PASSWORD = 'secret-admin';
export const SERVICE_PASSWORD = 'secret-service';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function seedHosts(db: Db): void {
  const now = new Date().toISOString();
  const svc = db.prepare('INSERT OR IGNORE INTO services (host, binary, topic, last_seen_up, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  svc.run('ctl1', 'nova-scheduler', 'scheduler', now, now, now);
  svc.run('ctl1', 'nova-conductor', 'conductor', now, now, now);
  for (const h of HOSTS) {
    svc.run(h, 'nova-compute', `compute.${h}`, now, now, now);
    db.prepare(`INSERT OR IGNORE INTO compute_nodes (uuid, host, hypervisor_hostname, vcpus, memory_mb, local_gb, updated_at)
      VALUES (?, ?, ?, 8, 8192, 80, ?)`).run(randomUUID(), h, h, now);
  }
}

/** The compute's reserve_block_device_name as a host would answer it: a mapping row on the next free vdX. */
function reserveDevice(db: Db, a: Record<string, unknown>) {
  const taken = db.prepare('SELECT COUNT(*) FROM block_device_mapping WHERE instance_uuid = ?').pluck().get(a.uuid) as number;
  const device = `/dev/vd${String.fromCharCode(98 + taken)}`;
  const id = db.prepare(`INSERT INTO block_device_mapping (instance_uuid, source_type, destination_type, volume_id, device_name, tag, created_at)
    VALUES (?, 'volume', 'volume', ?, ?, ?, ?)`).run(a.uuid, a.volume_id, device, a.tag ?? null, new Date().toISOString()).lastInsertRowid;
  return { id: Number(id), device_name: device };
}

export async function startHarness(opts: ApiServiceOptions = {}): Promise<ApiHarness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-stack-api-'));
  const [apiPort, placementPort, rpcPort] = [await freePort(), await freePort(), await freePort()];
  const rpcPorts: Record<string, number> = { conductor: rpcPort, scheduler: rpcPort };
  for (const h of HOSTS) rpcPorts[`compute.${h}`] = rpcPort;
  const cfg = {
    stateDir: dir, logDir: path.join(dir, 'log'), bind: '127.0.0.1',
    ports: { api: apiPort, placement: placementPort, rpc: rpcPorts }, computeHosts: HOSTS,
    db: path.join(dir, 'nova.sqlite'), placementDb: path.join(dir, 'placement.sqlite'), adminPassword: ADMIN_PASSWORD,
    servicePassword: SERVICE_PASSWORD, debug: true, rpcTimeoutMs: 2000, heartbeatMs: 1000, serviceDownMs: 60_000,
    scheduler: { filters: [], weighers: [], maxAttempts: 2 }, hostResources: { vcpus: 8, memory_mb: 8192, local_gb: 80 },
    vifPluggingTimeoutMs: 5000, driver: { claim: 0, network: 0, image: 0, spawn: 0 },
  } as StackConfig & { serviceToken: string };
  const db = openDb(cfg.db, NOVA_SCHEMA);
  seedDefaultCloud(db, ADMIN_PASSWORD, SERVICE_PASSWORD);
  seedHosts(db);

  const recorded: Recorded[] = [];
  const rpcLog = new OsloLogger('oslo_messaging.rpc.server', new FileSink(path.join(dir, 'fake-rpc.log')));
  const rpcServer = new RpcServer(rpcLog);
  const methods = (topic: string, names: string[], results: Record<string, (a: Record<string, unknown>) => unknown> = {}) =>
    Object.fromEntries(names.map((m) => [m, (ctx: RequestContext, args: Record<string, unknown>) => {
      recorded.push({ topic, method: m, ctx, args });
      return (results[m] ?? (() => null))(args);
    }]));
  rpcServer.serve({ topic: 'conductor', version: '1.0', handlers: methods('conductor', ['schedule_and_build_instances', 'migrate_server', 'live_migrate_instance', 'rebuild_instance', 'cache_images', 'unshelve_instance']) });
  for (const h of HOSTS) {
    rpcServer.serve({ topic: `compute.${h}`, version: '5.0', handlers: methods(`compute.${h}`,
      ['terminate_instance', 'reboot_instance', 'stop_instance', 'start_instance', 'get_console_output', 'external_instance_event', 'trigger_crash_dump',
        'get_diagnostics', 'get_instance_diagnostics', 'live_migration_abort', 'reserve_block_device_name', 'attach_volume', 'detach_volume', 'get_host_uptime'],
      { get_host_uptime: () => ` 10:00:00 up 1 day,  2:03,  1 user,  load average: 0.10, 0.05, 0.01\n`, get_console_output: (a) => `console of ${String(a.uuid)}\nlogin: `, ...diagnosticsAnswers, reserve_block_device_name: (a) => reserveDevice(db, a) }) });
  }
  await rpcServer.bind(`tcp://127.0.0.1:${rpcPort}`);
  const rpc = new RpcClient((topic) => [`tcp://127.0.0.1:${rpcPorts[topic]}`], cfg.rpcTimeoutMs);
  const sink = new FileSink(path.join(cfg.logDir, 'nova-api.log'));
  const service: RunningService = await startApiService({ cfg, log: new OsloLogger('nova', sink, undefined, true), rpc, host: null }, opts);
  // Real placement beside it (the aggregate actions mirror hosts into placement aggregates).
  const placementLog = new OsloLogger('root', new FileSink(path.join(cfg.logDir, 'nova-placement-api.log')), undefined, true);
  const placement = await startPlacementService({ cfg, log: placementLog, rpc, host: null });
  const url = `http://127.0.0.1:${apiPort}`;

  const call: ApiHarness['call'] = async (method, p, body, o = {}) => {
    const headers: Record<string, string> = { Accept: 'application/json', ...o.headers };
    const token = o.token === undefined ? h.adminToken : o.token;
    if (token) headers['X-Auth-Token'] = token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${url}${p}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = method === 'HEAD' ? '' : await res.text();
    let parsed: unknown = text;
    try { parsed = JSON.parse(text); } catch { /* plain text */ }
    return { status: res.status, body: parsed, headers: res.headers, text };
  };
  const issue = async (user: string, password: string, project: string) => {
    const r = await call('POST', '/v3/auth/tokens', { auth: { identity: { methods: ['password'], password: { user: { name: user, password, domain: { name: 'Default' } } } },
      scope: { project: { name: project, domain: { name: 'Default' } } } } }, { token: null });
    return r.headers.get('x-subject-token')!;
  };
  const h: ApiHarness = {
    url, cfg, db, recorded, logDir: cfg.logDir, adminToken: '', demoToken: '', issue, call,
    log(file) {
      sink.flush();
      return fs.existsSync(path.join(cfg.logDir, file)) ? fs.readFileSync(path.join(cfg.logDir, file), 'utf8') : '';
    },
    async close() {
      await service.close();
      await placement.close();
      placementLog.flush();
      rpc.close();
      rpcServer.close();
      sink.flush();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  h.adminToken = await issue('admin', ADMIN_PASSWORD, 'admin');
  h.demoToken = await issue('demo', 'demo-secret', 'demo');
  cfg.serviceToken = await issue('nova', SERVICE_PASSWORD, 'service');
  return h;
}
