// nova-trace into a reader that has gone (`nova-trace … | head -1`): no EPIPE stack trace, and
// the exit status is still what the trace found (0 for a boot that became ACTIVE).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runIntoClosedPipe } from '../../helpers/run-cli.js';

const SAMPLES = path.join(ROOT, 'samples');
const ACTIVE = { id: 'req-f541c3b1-affa-48e2-8781-570a61c26251', dir: path.join(SAMPLES, 'reschedule') };
const FAILED = { id: 'req-96f34b7b-2ca0-41fa-a5f2-f28f95c43224', dir: path.join(SAMPLES, 'no-valid-host') };

// The sample's logs without its expected.json (which tail would name on stderr as skipped).
const LOGS_ONLY = fs.mkdtempSync(path.join(os.tmpdir(), 'nt-closed-pipe-'));
for (const host of ['ctl1', 'cmp1', 'cmp2']) fs.cpSync(path.join(ACTIVE.dir, host), path.join(LOGS_ONLY, host), { recursive: true });
afterAll(() => fs.rmSync(LOGS_ONLY, { recursive: true, force: true }));

describe('nova-trace with its stdout closed early', () => {
  it.each([
    ['<id> --json', [ACTIVE.id, '--log-dir', ACTIVE.dir, '--json']],
    ['<id> --records', [ACTIVE.id, '--log-dir', ACTIVE.dir, '--records']],
    ['demo --samples', ['demo', '--samples']],
    ['--help', ['--help']],
    ['tail --no-follow', ['tail', '--no-follow', '--log-dir', LOGS_ONLY]],
  ])('%s: closed before the first write, exits 0 and quietly', async (_name, args) => {
    const r = await runIntoClosedPipe(BIN.trace, args);
    expect(r.err).toBe('');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
  });

  it.each([
    ['<id> --json | head -1', [ACTIVE.id, '--log-dir', ACTIVE.dir, '--json', '--records']],
    ['demo --samples | head', ['demo', '--samples']],
  ])('%s: closed after the first lines, exits 0 and quietly', async (_name, args) => {
    const r = await runIntoClosedPipe(BIN.trace, args, { afterLines: 1 });
    expect(r.linesRead).toBe(1);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('a failed boot still exits 1 when the reader has gone (the status is the verdict, not the pipe)', async () => {
    const r = await runIntoClosedPipe(BIN.trace, [FAILED.id, '--log-dir', FAILED.dir, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
  });
});
