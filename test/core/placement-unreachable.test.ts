// The scheduler could not ask placement at all (placement-api down, its endpoint missing, nova's
// credentials refused): Nova logs why, then the same 'Got no allocation candidates' as for a full
// cloud. The cause is the scheduler's own line, not an unexplained empty answer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';

const SAMPLE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../samples/no-allocation-candidates');
const REQ = 'req-8e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b';
const CTX = `None ${REQ} 2c3d4e5f6a7b48c9d0e1f2a3b4c5d6e7 7f6e5d4c3b2a41908f7e6d5c4b3a2910 - default default`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-placement-down-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function withSchedulerLines(name: string, lines: string[]): string {
  const dir = path.join(tmp, name);
  fs.cpSync(SAMPLE, dir, { recursive: true });
  const log = path.join(dir, 'ctl1/nova-scheduler.log');
  const all = fs.readFileSync(log, 'utf8').split('\n');
  const at = all.findIndex((l) => l.includes('Got no allocation candidates'));
  fs.writeFileSync(log, [...all.slice(0, at), ...lines, ...all.slice(at)].join('\n'));
  fs.rmSync(path.join(dir, 'ctl1/placement-api.log'));
  return dir;
}

describe('placement unreachable from the scheduler', () => {
  it.each([
    ['503', [
      `2025-11-03 14:20:05.901 1302 ERROR nova.scheduler.client.report [${CTX}] Failed to retrieve allocation candidates from placement API for filters: RequestGroup(use_same_provider=False, resources={DISK_GB:20, MEMORY_MB:8192, VCPU:2}, traits=[], aggregates=[])`,
      'Got 503: <html><body><h1>503 Service Unavailable</h1>',
      'No server is available to handle this request.',
      '</body></html>.',
    ]],
    ['not responding', [`2025-11-03 14:20:05.901 1302 WARNING nova.scheduler.client.report [${CTX}] Placement API service is not responding.`]],
  ])('%s: placement-unreachable, with the scheduler line as root cause', async (name, lines) => {
    const t = (await traceRequest([withSchedulerLines(name, lines)], REQ)).trace!;
    expect(t.verdict).toMatchObject({ status: 'ERROR', signature: 'no-allocation-candidates', cause: { id: 'placement-unreachable' }, failed_stage: 'scheduler.select_destinations' });
    expect(t.verdict.root_cause?.message).toMatch(/^(Failed to retrieve allocation candidates|Placement API service is not responding)/);
  });
});
