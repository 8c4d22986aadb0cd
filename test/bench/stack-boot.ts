// Benchmark of the stack (npm run bench:stack): a real stack with the fake driver's delays at
// zero, driven over HTTP like the CLIs drive it.
//  1. boot-to-ACTIVE latency of N sequential boots (default 200): from the start of
//     POST /servers to the first GET /servers/{id} that says ACTIVE (polled every 2 ms); each
//     server is deleted (and gone) before the next boot, so boots do not overlap;
//  2. C concurrent boots over 4 hosts (default 100): all must become ACTIVE, none lost, and
//     placement's usages must equal exactly what the servers' flavors claim;
//  3. GET /servers/detail requests per second with those C servers, 8 clients for 5 s.
//   tsx test/bench/stack-boot.ts [--boots 200] [--concurrent 100]

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { login, nova, type Cloud } from '../../core/cli/demo-cloud-client.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STACK = path.join(ROOT, 'dist/nova-stack.js');
const IMAGE = 'c1d2e3f4-0000-4000-8000-000000000001';
const NETWORK = '6a1c0f4e-8d2b-4c1e-9b7a-2f5d3e4c1a00';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function boot(cloud: Cloud, name: string): Promise<string> {
  const r = await nova<{ server: { id: string } }>(cloud, 'POST', '/servers', { server: { name, flavorRef: '1', imageRef: IMAGE, networks: [{ uuid: NETWORK }] } });
  if (r.status !== 202) throw new Error(`POST /servers ${name}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.server.id;
}

async function until(cloud: Cloud, id: string, want: (status: string | null) => boolean, timeoutMs: number, pollMs: number): Promise<string | null> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await nova<{ server: { status: string } }>(cloud, 'GET', `/servers/${id}`);
    const status = r.status === 404 ? null : r.body.server.status;
    if (want(status) || Date.now() > end) return status;
    await sleep(pollMs);
  }
}

async function main(): Promise<void> {
  const boots = arg('--boots', 200);
  const concurrent = arg('--concurrent', 100);
  if (!fs.existsSync(STACK)) throw new Error('dist/nova-stack.js is missing: run npm run build');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-stack-bench-'));
  const stateDir = path.join(dir, 'state');
  const up = spawnSync(process.execPath, [STACK, 'up', '--detach', '--hosts', '4', '--delays', 'zero', '--state-dir', stateDir, '--log-dir', path.join(dir, 'log')], { encoding: 'utf8', timeout: 120_000 });
  if (up.status !== 0) throw new Error(`nova-stack up failed: ${up.stderr}`);
  const env = Object.fromEntries([...up.stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
  const cfg = JSON.parse(fs.readFileSync(path.join(stateDir, 'stack.json'), 'utf8')) as { ports: { placement: number } };
  let failed = false;
  try {
    const cloud = await login(env.OS_AUTH_URL, env.OS_PASSWORD);
    // The default quota (50 instances) would refuse the concurrent boots.
    const adminProject = createHash('md5').update('project:admin').digest('hex');
    const quota = await nova(cloud, 'PUT', `/os-quota-sets/${adminProject}`, { quota_set: { instances: 1000, cores: 2000, ram: 1_000_000 } });
    if (quota.status !== 200) throw new Error(`quota update: HTTP ${quota.status} ${JSON.stringify(quota.body)}`);
    // Warm up: every host fetches the image into its _base cache once.
    const warm = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((i) => boot(cloud, `warm-${i}`)));
    for (const id of warm) await until(cloud, id, (s) => s !== 'BUILD', 60_000, 20);
    for (const id of warm) { await nova(cloud, 'DELETE', `/servers/${id}`); await until(cloud, id, (s) => s === null, 60_000, 20); }

    const lat: number[] = [];
    for (let i = 0; i < boots; i++) {
      const t0 = performance.now();
      const id = await boot(cloud, `seq-${i}`);
      const status = await until(cloud, id, (s) => s !== 'BUILD', 60_000, 2);
      if (status !== 'ACTIVE') throw new Error(`seq-${i} ended ${status}`);
      lat.push(performance.now() - t0);
      await nova(cloud, 'DELETE', `/servers/${id}`);
      await until(cloud, id, (s) => s === null, 60_000, 5);
    }
    const p50 = pct(lat, 50), p95 = pct(lat, 95);
    console.log(`sequential boots: ${boots}, boot-to-ACTIVE p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...lat).toFixed(1)} ms (target p50 ≤ 50 ms: ${p50 <= 50 ? 'MET' : 'MISSED'})`);

    const t0 = performance.now();
    const ids = await Promise.all(Array.from({ length: concurrent }, (_, i) => boot(cloud, `par-${i}`)));
    const statuses = await Promise.all(ids.map((id) => until(cloud, id, (s) => s !== 'BUILD', 120_000, 20)));
    const wall = performance.now() - t0;
    const active = statuses.filter((s) => s === 'ACTIVE').length;
    const detail = await nova<{ servers: { id: string; status: string; 'OS-EXT-SRV-ATTR:host': string }[] }>(cloud, 'GET', '/servers/detail');
    const listed = detail.body.servers.filter((s) => ids.includes(s.id)).length;
    const perHost = new Map<string, number>();
    for (const s of detail.body.servers) perHost.set(s['OS-EXT-SRV-ATTR:host'], (perHost.get(s['OS-EXT-SRV-ATTR:host']) ?? 0) + 1);
    const pl = (p: string) => fetch(`http://127.0.0.1:${cfg.ports.placement}/placement${p}`, { headers: { 'X-Auth-Token': cloud.token, 'OpenStack-API-Version': 'placement 1.29' } }).then((r) => r.json());
    // Placement checks tokens and roles: admin's token (the services' shared token is gone).
    const rps = (await pl('/resource_providers')) as { resource_providers: { uuid: string; name: string }[] };
    const totals = { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 };
    for (const rp of rps.resource_providers) {
      const u = (await pl(`/resource_providers/${rp.uuid}/usages`)) as { usages: Record<string, number> };
      for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += u.usages[k] ?? 0;
    }
    const exact = totals.VCPU === active && totals.MEMORY_MB === active * 512 && totals.DISK_GB === active;
    for (const [i, s] of statuses.entries()) {
      if (s !== 'ACTIVE') { failed = true; console.log(`par-${i} ${ids[i]} ended ${s}: nova-trace ${ids[i]} --log-dir ${path.join(dir, 'log')}`); }
    }
    console.log(`concurrent boots: ${concurrent} over 4 hosts in ${(wall / 1000).toFixed(2)} s; ACTIVE ${active}, listed ${listed}, lost ${concurrent - listed}; per host ${[...perHost.entries()].sort().map(([h, n]) => `${h}=${n}`).join(' ')}; placement usage VCPU ${totals.VCPU} MEMORY_MB ${totals.MEMORY_MB} DISK_GB ${totals.DISK_GB} (${exact ? 'exact' : 'NOT exact'})`);

    let n = 0;
    const end = Date.now() + 5000;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (Date.now() < end) {
        const r = await nova(cloud, 'GET', '/servers/detail');
        if (r.status !== 200) throw new Error(`GET /servers/detail: HTTP ${r.status}`);
        n++;
      }
    }));
    console.log(`GET /servers/detail with ${detail.body.servers.length} servers: ${(n / 5).toFixed(0)} requests/s (8 clients, 5 s)`);
  } finally {
    spawnSync(process.execPath, [STACK, 'down', '--state-dir', stateDir], { encoding: 'utf8', timeout: 60_000 });
    if (failed) console.log(`logs kept in ${path.join(dir, 'log')}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: Error) => { console.error(`stack bench failed: ${e.message}`); process.exitCode = 1; });
