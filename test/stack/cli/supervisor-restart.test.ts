// A service that dies before it is ready is restarted, and start() waits for the restarted
// process instead of reporting it "not ready" when its time is up (a compute that crashed once
// at start under load failed a CI run so).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../../../stack/cli/supervisor.js';
import type { StackConfig } from '../../../stack/common/stack-config.js';
import { processList } from '../../../stack/service-registry.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-stack-supervisor-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Stands in for service-main: the first start of `compute --host cmp1` exits at once; every
// other start says it is ready and lives until told to stop.
const SCRIPT = path.join(dir, 'fake-service.mjs');
fs.writeFileSync(SCRIPT, `
import fs from 'node:fs';
const [name, , stateDir, , host] = process.argv.slice(2);
const mark = stateDir + '/crashed-' + name + '-' + (host ?? '');
if (name === 'compute' && host === 'cmp1' && !fs.existsSync(mark)) { fs.writeFileSync(mark, ''); process.exit(3); }
process.send({ ready: name });
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {}, 1000);
`);

describe('Supervisor', () => {
  it('counts a process that crashed before it was ready once its restart is ready', async () => {
    const cfg = { stateDir: dir, logDir: path.join(dir, 'log'), computeHosts: ['cmp1', 'cmp2'] } as unknown as StackConfig;
    const said: string[] = [];
    const sup = new Supervisor(cfg, SCRIPT, (s) => said.push(s));
    try {
      await sup.start(20_000);
      expect(said.join('\n')).toMatch(/compute-cmp1 exited \(3\); restarting it/);
      const state = JSON.parse(fs.readFileSync(path.join(dir, 'run/state.json'), 'utf8')) as { processes: { id: string; ready: boolean; restarts: number }[] };
      expect(state.processes.length).toBe(processList(cfg).length);
      expect(state.processes.every((p) => p.ready)).toBe(true);
      expect(state.processes.find((p) => p.id === 'compute-cmp1')!.restarts).toBe(1);
    } finally {
      await sup.stop();
    }
  }, 40_000);
});
