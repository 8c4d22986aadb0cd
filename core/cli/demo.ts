// `nova-trace demo`: the product on an embedded default. Starts a stack in a temporary
// directory (nova-stack, as a separate program), boots three servers through the API — two
// fit, one asks for more memory than any host has — and prints nova-trace's report for each
// boot. `demo --samples` traces the bundled hand-made log sets instead.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Style } from '../report/ansi.js';
import { renderTextReport } from '../report/text-report.js';
import { traceRequest } from '../trace/trace-request.js';
import { login, nova, waitForServer } from './demo-cloud-client.js';

interface DemoBoot { name: string; flavor: string }

const BOOTS: readonly DemoBoot[] = [
  { name: 'web-1', flavor: '1' },
  { name: 'web-2', flavor: '1' },
  { name: 'bigdata-1', flavor: 'demo.huge' },
];

export async function demoSamples(root: string, style: Style): Promise<void> {
  const sets = fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const name of sets) {
    const expectedFile = path.join(root, name, 'expected.json');
    if (!fs.existsSync(expectedFile)) continue;
    const { query } = JSON.parse(fs.readFileSync(expectedFile, 'utf8')) as { query: string };
    process.stdout.write(style.dim(`$ nova-trace ${query} --log-dir samples/${name}\n`));
    const { trace } = await traceRequest([path.join(root, name)], query);
    process.stdout.write(trace ? renderTextReport(trace, { style }) : `no records for ${query}\n`);
    process.stdout.write('\n');
  }
}

export async function demoStack(packageRoot: string, style: Style, keep: boolean): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-demo-'));
  const stateDir = path.join(dir, 'state');
  const logDir = path.join(dir, 'log');
  const stackCli = path.join(packageRoot, 'dist', 'nova-stack.js');
  const say = (s: string) => process.stdout.write(style.dim(`${s}\n`));
  say(`$ nova-stack up --detach --hosts 2 --state-dir ${stateDir} --log-dir ${logDir}`);
  const up = spawnSync(process.execPath, [stackCli, 'up', '--detach', '--hosts', '2', '--state-dir', stateDir, '--log-dir', logDir], { encoding: 'utf8', timeout: 120_000 });
  if (up.status !== 0) throw new Error(`nova-stack up failed: ${up.stderr || up.stdout}`);
  const env = Object.fromEntries([...up.stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
  try {
    const cloud = await login(env.OS_AUTH_URL, env.OS_PASSWORD);
    const huge = await nova(cloud, 'POST', '/flavors', { flavor: { name: 'demo.huge', id: 'demo.huge', ram: 65536, vcpus: 4, disk: 10 } });
    if (huge.status !== 200) throw new Error(`flavor create failed: HTTP ${huge.status}`);
    const booted: { boot: DemoBoot; id: string; requestId: string }[] = [];
    for (const b of BOOTS) {
      const r = await nova<{ server: { id: string } }>(cloud, 'POST', '/servers', {
        server: { name: b.name, flavorRef: b.flavor, imageRef: 'c1d2e3f4-0000-4000-8000-000000000001', networks: [{ uuid: '6a1c0f4e-8d2b-4c1e-9b7a-2f5d3e4c1a00' }] },
      });
      if (r.status !== 202) throw new Error(`server create ${b.name} failed: HTTP ${r.status} ${JSON.stringify(r.body)}`);
      booted.push({ boot: b, id: r.body.server.id, requestId: r.requestId });
      say(`POST /servers ${b.name} (flavor ${b.flavor}) → 202, request id ${r.requestId}`);
    }
    for (const s of booted) {
      const status = await waitForServer(cloud, s.id, 30_000);
      say(`${s.boot.name} is ${status}`);
    }
    // Let the last asynchronous lines (lifecycle events, access lines) reach the files.
    await new Promise((r) => setTimeout(r, 300));
    for (const s of booted) {
      process.stdout.write(`\n${style.dim(`$ nova-trace ${s.requestId} --log-dir ${logDir}`)}\n`);
      const { trace } = await traceRequest([logDir], s.requestId);
      process.stdout.write(trace ? renderTextReport(trace, { style }) : `no records for ${s.requestId}\n`);
    }
  } finally {
    spawnSync(process.execPath, [stackCli, 'down', '--state-dir', stateDir], { encoding: 'utf8', timeout: 60_000 });
    if (keep) say(`\nlogs kept in ${logDir}; try: nova-trace <request id> --log-dir ${logDir}, or the live view: nova-trace tail --log-dir ${logDir}`);
    else {
      fs.rmSync(dir, { recursive: true, force: true });
      say('\nnova-trace demo --keep keeps these logs to open them in the live view (nova-trace tail --log-dir DIR)');
    }
  }
}
