// The trace pane's runner on real files: a boot whose compute log stops mid-build is traced as
// IN_PROGRESS and kept live; once the rest of the log is written, the next refresh shows it
// ACTIVE and stops refreshing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TraceRunner } from '../../../tui/app/trace-runner.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SAMPLE = path.join(ROOT, 'samples/boot-success');
const QUERY = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'expected.json'), 'utf8')).query as string;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-runner-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function until(pred: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

describe('TraceRunner', () => {
  it('keeps a running boot live and shows it ACTIVE once its logs say so', async () => {
    fs.cpSync(SAMPLE, dir, { recursive: true });
    const compute = path.join(dir, 'cmp1/nova-compute.log');
    const lines = fs.readFileSync(compute, 'utf8').split(/(?<=\n)/);
    const cut = lines.findIndex((l) => l.includes('Creating image'));
    fs.writeFileSync(compute, lines.slice(0, cut + 1).join(''));

    let changes = 0;
    const runner = new TraceRunner(dir, () => { changes++; });
    try {
      runner.show(QUERY);
      expect(runner.current()).toMatchObject({ query: QUERY, state: 'loading' });
      await until(() => runner.current()?.state === 'ready', 10_000);
      expect(runner.current()).toMatchObject({ state: 'ready', live: true });
      expect(runner.current()!.trace!.verdict.status).toBe('IN_PROGRESS');

      fs.appendFileSync(compute, lines.slice(cut + 1).join(''));
      await until(() => runner.current()?.trace?.verdict.status === 'ACTIVE', 10_000);
      expect(runner.current()).toMatchObject({ state: 'ready', live: false });
      expect(runner.current()!.trace!.verdict.summary).toContain('ACTIVE on cmp1');
      expect(changes).toBeGreaterThanOrEqual(2);
    } finally {
      runner.stop();
    }
  });

  it('reports a query no log names as not found', async () => {
    const runner = new TraceRunner(dir, () => {});
    try {
      runner.show('req-00000000-0000-4000-8000-000000000000');
      await until(() => runner.current()?.state !== 'loading', 10_000);
      expect(runner.current()).toMatchObject({ state: 'not-found', trace: null });
    } finally {
      runner.stop();
    }
  });
});
