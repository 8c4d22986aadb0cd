// The kill -9 drill (issue 11 §2/§6): rounds of concurrent boots over real HTTP while the
// conductor, the scheduler, a compute, placement and the api are killed with SIGKILL one after
// the other while the builds are in all their stages (KILL_PLAN; the supervisor restarts each); then every server must end ACTIVE or ERROR within the
// deadline, none lost, and placement must hold exactly what Nova's rules say: each ACTIVE
// server its flavor on its host; an ERROR server with a fault nothing (its build's failure path
// freed it); an ERROR server without a fault (set to ERROR by nova-compute's init_host, which
// keeps the claim, as Nova does) its flavor or nothing; no other consumer. After deleting every
// server, placement holds nothing.

import fs from 'node:fs';
import path from 'node:path';
import type { Stack } from './stack-harness.js';

export interface RoundFigures {
  round: number; tried: number; accepted: number; refused: number; servers: number;
  active: number; error: number; lost: string[]; settleSeconds: number; kills: string[]; killedAfterMs: number[];
  usage: Record<string, number>; activeFlavors: Record<string, number>; errorHeld: Record<string, number>; errorHolding: number;
  problems: string[]; usageAfterDelete: Record<string, number>; leftAfterDelete: number;
}

interface Server { id: string; name: string; status: string; flavor: { id: string }; 'OS-EXT-SRV-ATTR:host': string | null; fault?: { message: string } }
type Res = Record<string, number>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class DrillClient {
  private token = '';
  constructor(private readonly stack: Stack) {}
  private get base(): string { return this.stack.env.OS_AUTH_URL.replace(/\/v3$/, ''); }

  /** A token for admin; retried while the api restarts (a pooled connection to the old process fails once). */
  async login(): Promise<void> {
    for (let i = 0; ; i++) {
      try {
        return await this.loginOnce();
      } catch (e) {
        if (i >= 20) throw e;
        await sleep(500);
      }
    }
  }

  private async loginOnce(): Promise<void> {
    const r = await fetch(`${this.stack.env.OS_AUTH_URL}/auth/tokens`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'admin', domain: { name: 'Default' }, password: this.stack.env.OS_PASSWORD } } }, scope: { project: { name: 'admin', domain: { name: 'Default' } } } } }),
    });
    if (r.status !== 201) throw new Error(`token: ${r.status}`);
    this.token = r.headers.get('x-subject-token')!;
  }

  /** One request; network errors (a killed api) come back as status 0. */
  async req(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    try {
      const r = await fetch(url.startsWith('http') ? url : `${this.base}${url}`, {
        method, headers: { 'x-auth-token': this.token, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : null };
    } catch {
      return { status: 0, body: null };
    }
  }

  /** Retries while the api is restarting. */
  async must(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<any> {
    for (let i = 0; i < 60; i++) {
      const r = await this.req(method, url, body, headers);
      if (r.status >= 200 && r.status < 300) return r.body;
      if (r.status !== 0 && r.status < 500) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
      await sleep(500);
    }
    throw new Error(`${method} ${url}: no answer`);
  }

  placement(p: string, version = '1.28'): Promise<any> {
    return this.must('GET', `http://127.0.0.1:${this.placementPort()}/placement${p}`, undefined, { 'OpenStack-API-Version': `placement ${version}` });
  }

  private placementPort(): number {
    return JSON.parse(fs.readFileSync(path.join(this.stack.stateDir, 'stack.json'), 'utf8')).ports.placement as number;
  }
}

/** The supervisor's view of its processes (state.json is rewritten in place: a torn read is read again). */
export function processPids(stack: Stack): Record<string, number | null> {
  for (let i = 0; ; i++) {
    try {
      const st = JSON.parse(fs.readFileSync(path.join(stack.stateDir, 'run', 'state.json'), 'utf8')) as { processes: { id: string; pid: number | null; ready: boolean }[] };
      return Object.fromEntries(st.processes.map((p) => [p.id, p.ready ? p.pid : null]));
    } catch (e) {
      if (i >= 50) throw e;
    }
  }
}

async function allReady(stack: Stack, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (Object.values(processPids(stack)).every((p) => p !== null)) return;
    await sleep(250);
  }
  throw new Error(`services not back after ${timeoutMs} ms: ${JSON.stringify(processPids(stack))}`);
}

/**
 * What each kill waits for: its stage under way in the logs (lines written since the round's
 * boots were sent), then `afterMs`; `fallbackMs` after the boots at the latest. So the kills are
 * spread over the builds' stages: the conductor dies with builds cast and others still to
 * schedule, the compute with builds claimed and spawning on it (its init_host recovery runs).
 */
const KILL_PLAN: readonly { id: string; log: string; marker: string; count: number; afterMs: number; fallbackMs: number }[] = [
  { id: 'conductor', log: 'nova-conductor.log', marker: 'Casting build_and_run_instance to compute.', count: 8, afterMs: 0, fallbackMs: 4000 },
  { id: 'scheduler', log: 'nova-scheduler.log', marker: '', count: 0, afterMs: 300, fallbackMs: 6000 },
  { id: 'compute-cmp1', log: 'nova-compute-cmp1.log', marker: 'Creating image(s)', count: 3, afterMs: 0, fallbackMs: 8000 },
  { id: 'placement', log: 'nova-placement-api.log', marker: '', count: 0, afterMs: 300, fallbackMs: 10_000 },
  { id: 'api', log: 'nova-api.log', marker: '', count: 0, afterMs: 300, fallbackMs: 12_000 },
];

const logSize = (stack: Stack, file: string) => { try { return fs.statSync(path.join(stack.logDir, file)).size; } catch { return 0; } };

/** Occurrences of `marker` in what `file` got after byte `from`. */
function markersSince(stack: Stack, file: string, from: number, marker: string): number {
  const fd = fs.openSync(path.join(stack.logDir, file), 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.alloc(Math.max(0, size - from));
    fs.readSync(fd, buf, 0, buf.length, from);
    return buf.toString('utf8').split(marker).length - 1;
  } finally {
    fs.closeSync(fd);
  }
}

export async function drillRound(stack: Stack, c: DrillClient, round: number, boots: number, deadlineMs: number): Promise<RoundFigures> {
  const flavors = (await c.must('GET', '/compute/v2.1/flavors/detail')).flavors as { id: string; name: string; vcpus: number; ram: number; disk: number }[];
  const flavor = flavors.find((f) => f.name === 'm1.tiny')!;
  const image = (await c.must('GET', '/image/v2/images')).images.find((i: { name: string }) => i.name === 'cirros').id as string;
  const net = (await c.must('GET', '/network/v2.0/networks')).networks.find((n: { name: string }) => n.name === 'private').id as string;
  const prefix = `drill${round}-`;

  const offsets = Object.fromEntries(KILL_PLAN.map((k) => [k.log, logSize(stack, k.log)]));
  const sent = Date.now();
  const posts = Array.from({ length: boots }, (_, i) => c.req('POST', '/compute/v2.1/servers', { server: { name: `${prefix}${i}`, flavorRef: flavor.id, imageRef: image, networks: [{ uuid: net }] } }));
  const kills: string[] = [];
  const killedAfterMs: number[] = [];
  for (const k of KILL_PLAN) {
    while (k.count > 0 && Date.now() - sent < k.fallbackMs && markersSince(stack, k.log, offsets[k.log], k.marker) < k.count) await sleep(25);
    await sleep(k.afterMs);
    const pid = processPids(stack)[k.id];
    if (pid) { process.kill(pid, 'SIGKILL'); kills.push(k.id); killedAfterMs.push(Date.now() - sent); }
  }
  const answers = await Promise.all(posts);
  const accepted = answers.filter((a) => a.status === 202).length;
  const refused = answers.length - accepted;
  const started = Date.now();
  await allReady(stack, 60_000);

  let servers: Server[] = [];
  for (;;) {
    servers = ((await c.must('GET', '/compute/v2.1/servers/detail?all_tenants=1')).servers as Server[]).filter((s) => s.name.startsWith(prefix));
    if (servers.every((s) => s.status === 'ACTIVE' || s.status === 'ERROR') || Date.now() - started > deadlineMs) break;
    await sleep(2000);
  }
  const settleSeconds = (Date.now() - started) / 1000;
  const acceptedIds = answers.filter((a) => a.status === 202).map((a) => a.body.server.id as string);
  const lost = [...acceptedIds.filter((id) => !servers.some((s) => s.id === id)), ...servers.filter((s) => s.status !== 'ACTIVE' && s.status !== 'ERROR').map((s) => `${s.id}:${s.status}`)];

  // Placement, consumer by consumer.
  const problems: string[] = [];
  const add = (m: Res, k: string, v: number) => { m[k] = (m[k] ?? 0) + v; };
  const activeFlavors: Res = {}; const errorHeld: Res = {};
  let errorHolding = 0;
  const providers = (await c.placement('/resource_providers', '1.14')).resource_providers as { uuid: string; name: string }[];
  const want = { VCPU: flavor.vcpus, MEMORY_MB: flavor.ram, DISK_GB: flavor.disk };
  for (const s of servers) {
    const a = (await c.placement(`/allocations/${s.id}`)).allocations as Record<string, { resources: Res }>;
    const rps = Object.keys(a);
    const exact = rps.length === 1 && JSON.stringify(Object.entries(a[rps[0]].resources).sort()) === JSON.stringify(Object.entries(want).sort());
    if (s.status === 'ACTIVE') {
      for (const [k, v] of Object.entries(want)) add(activeFlavors, k, v);
      const onHost = rps.length === 1 && providers.find((p) => p.uuid === rps[0])?.name === s['OS-EXT-SRV-ATTR:host'];
      if (!exact || !onHost) problems.push(`ACTIVE ${s.id} on ${s['OS-EXT-SRV-ATTR:host']} holds ${JSON.stringify(a)}`);
    } else if (s.status === 'ERROR' && rps.length > 0) {
      if (s.fault && !/interrupted by a service restart/.test(s.fault.message)) problems.push(`ERROR ${s.id} with fault '${s.fault.message}' holds ${JSON.stringify(a)}`);
      else if (!exact) problems.push(`ERROR ${s.id} holds ${JSON.stringify(a)}`);
      else { errorHolding += 1; for (const [k, v] of Object.entries(want)) add(errorHeld, k, v); }
    }
  }
  const usage: Res = {};
  for (const p of providers) for (const [k, v] of Object.entries((await c.placement(`/resource_providers/${p.uuid}/usages`)).usages as Res)) add(usage, k, v);
  for (const k of Object.keys(want)) {
    if ((usage[k] ?? 0) !== (activeFlavors[k] ?? 0) + (errorHeld[k] ?? 0)) problems.push(`placement ${k} usage ${usage[k] ?? 0} != ACTIVE ${activeFlavors[k] ?? 0} + ERROR-held ${errorHeld[k] ?? 0}`);
  }

  // Delete everything and wait for placement to be empty.
  for (const s of servers) await c.must('DELETE', `/compute/v2.1/servers/${s.id}`);
  const delEnd = Date.now() + 120_000;
  let left = servers.length;
  while (Date.now() < delEnd) {
    left = ((await c.must('GET', '/compute/v2.1/servers?all_tenants=1')).servers as Server[]).filter((s) => s.name.startsWith(prefix)).length;
    if (left === 0) break;
    await sleep(1000);
  }
  const usageAfterDelete: Res = {};
  const end0 = Date.now() + 30_000;
  do {
    for (const k of Object.keys(usageAfterDelete)) delete usageAfterDelete[k];
    for (const p of providers) for (const [k, v] of Object.entries((await c.placement(`/resource_providers/${p.uuid}/usages`)).usages as Res)) add(usageAfterDelete, k, v);
    if (Object.values(usageAfterDelete).every((v) => v === 0)) break;
    await sleep(1000);
  } while (Date.now() < end0);

  return {
    round, tried: boots, accepted, refused, servers: servers.length, active: servers.filter((s) => s.status === 'ACTIVE').length,
    error: servers.filter((s) => s.status === 'ERROR').length, lost, settleSeconds, kills, killedAfterMs, usage, activeFlavors, errorHeld, errorHolding,
    problems, usageAfterDelete, leftAfterDelete: left,
  };
}
