// Only the compute hosts' logs, at INFO, of a Nova that logs 'Starting instance...' at DEBUG
// (Train and later): the failed build is still a boot — not a delete because the build's
// cleanup logs 'Terminating instance' — with the failure and the cause the whole set gives.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../samples');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-compute-only-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const COMPUTE_FILE = /nova-compute|n-cpu/;
const files = (dir: string): string[] => fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(dir, f)).isFile());

/** Samples whose build failed on a compute host and whose compute logs hold no 'Starting instance...'. */
const cases = fs.readdirSync(SAMPLES).filter((s) => {
  const dir = path.join(SAMPLES, s);
  if (!fs.existsSync(path.join(dir, 'expected.json'))) return false;
  const v = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')).trace.verdict;
  const compute = files(dir).filter((f) => COMPUTE_FILE.test(f));
  return v.status === 'ERROR' && String(v.failed_stage).startsWith('compute.') && compute.length > 0
    && !compute.some((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes('Starting instance...'));
});

describe('compute logs only', () => {
  it('covers the compute failures of the samples', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  it.each(cases)('%s', async (sample) => {
    const dir = path.join(SAMPLES, sample);
    const query = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')).query as string;
    const whole = (await traceRequest([dir], query)).trace!;
    const only = path.join(tmp, sample);
    for (const f of files(dir).filter((x) => COMPUTE_FILE.test(x))) {
      fs.mkdirSync(path.dirname(path.join(only, f)), { recursive: true });
      fs.copyFileSync(path.join(dir, f), path.join(only, f));
    }
    const t = (await traceRequest([only], query)).trace!;
    expect(t.operation).toBe('boot');
    expect({ status: t.verdict.status, failed: t.verdict.failed_stage, cause: t.verdict.cause?.id ?? null })
      .toEqual({ status: whole.verdict.status, failed: whole.verdict.failed_stage, cause: whole.verdict.cause?.id ?? null });
  });
});

describe('one host re-scheduled the build, and the rest is not in the logs', () => {
  it("the host's failure is shown; the boot's outcome is not claimed (IN_PROGRESS, re-scheduled, not STUCK)", async () => {
    const dir = path.join(tmp, 'rescheduled-away');
    fs.cpSync(path.join(SAMPLES, 'reschedule/cmp1'), path.join(dir, 'cmp1'), { recursive: true });
    const query = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'reschedule/expected.json'), 'utf8')).query as string;
    const t = (await traceRequest([dir], query)).trace!;
    expect(t.verdict.status).toBe('IN_PROGRESS');
    expect(t.verdict.summary).toMatch(/^re-scheduled from cmp1 after: libvirt\.libvirtError; the next attempt is not in these logs/);
    expect(t.attempts).toMatchObject([{ host: 'cmp1', result: 'rescheduled' }]);
    expect(t.stages.find((s) => s.stage === 'compute.spawn')?.status).toBe('failed');
    expect(t.verdict.root_cause?.message).toMatch(/^Instance failed to spawn: libvirt\.libvirtError/);
  });
});
