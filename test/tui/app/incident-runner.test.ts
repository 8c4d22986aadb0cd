// The incidents pane's runner on real files with the built program (`npm run build` first):
// it counts the failed boots of the followed directory with `nova-trace incidents --json`,
// counts again when the files grow (and only then), follows the window it is given, and
// reports a count that cannot be made.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IncidentRunner } from '../../../tui/app/incident-runner.js';
import type { IncidentsData } from '../../../tui/model/types.js';
import { BIN } from '../../helpers/run-cli.js';
import { addNoValidHost, copyRetriesExceeded, NO_VALID_HOST_QUERY, RETRIES_QUERY } from '../failed-boot-logs.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nt-incident-runner-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function until(pred: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

describe('IncidentRunner', () => {
  it('counts, counts again when the files grow or the window changes, and not otherwise', async () => {
    const dir = path.join(tmp, 'log');
    copyRetriesExceeded(dir);
    let lines = 1;
    const seen: IncidentsData[] = [];
    const runner = new IncidentRunner({
      command: [process.execPath, BIN.trace], dir, index: path.join(tmp, 'index.sqlite'),
      progress: () => lines, onChange: (d) => seen.push(d), startDelayMs: 0, refreshMs: 200,
    });
    const runs = () => seen.filter((d) => d.running).length;
    try {
      await until(() => runner.current().state === 'ready', 30_000);
      let r = runner.current().report!;
      expect(r.failed_or_stuck).toBe(1);
      expect(r.incidents[0]).toMatchObject({ cause: 'hypervisor-permission', host: 'cmp2', examples: [RETRIES_QUERY] });
      expect(r.window.since_ms).toBe(3_600_000);

      const before = runs();
      await new Promise((res) => setTimeout(res, 800));
      expect(runs()).toBe(before);

      addNoValidHost(dir);
      lines++;
      await until(() => runner.current().report?.failed_or_stuck === 2 && !runner.current().running, 30_000);
      r = runner.current().report!;
      expect(r.incidents.map((g) => g.examples[0]).sort()).toEqual([NO_VALID_HOST_QUERY, RETRIES_QUERY].sort());

      runner.setWindow(60_000);
      await until(() => runner.current().report?.window.since_ms === 60_000 && !runner.current().running, 30_000);
      expect(runner.current().report!.failed_or_stuck).toBe(0);
    } finally {
      runner.stop();
    }
  }, 90_000);

  it('says why when the count cannot be made', async () => {
    const file = path.join(tmp, 'a-file');
    fs.writeFileSync(file, '');
    const runner = new IncidentRunner({
      command: [process.execPath, BIN.trace], dir: path.join(tmp, 'log'), index: path.join(file, 'index.sqlite'),
      progress: () => 1, onChange: () => {}, startDelayMs: 0,
    });
    try {
      await until(() => runner.current().state === 'error', 30_000);
      expect(runner.current().error).toMatch(/a-file/);
      expect(runner.current().report).toBeNull();
    } finally {
      runner.stop();
    }
  }, 40_000);
});
