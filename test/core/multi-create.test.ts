// A request that built several instances: each one's outcome, the sum, and one instance's trace
// when its uuid is the query (samples/multi-create, hand-made from Nova's wording).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';
import { exitCodeOf } from '../../core/cli/trace-cli.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../samples/multi-create');
const REQ = 'req-5c2e8a41-93d7-4f0e-b6a1-2f8d9c3e7a10';
const [U1, U2, U3] = ['0b1f6c2e-4d3a-4e8b-9f7a-1c2d3e4f5a61', '7e2d8c1f-5b4a-4c9d-8e7f-2a3b4c5d6e72', 'c93a1e5f-2d6b-4f8c-a7e9-3b4c5d6e7f83'];

describe('multi-create', () => {
  it('traces every instance of the request and sums them up', async () => {
    const t = (await traceRequest([DIR], REQ)).trace!;
    expect(t.instance_outcomes).toEqual([
      expect.objectContaining({ instance: U1, status: 'ACTIVE', host: 'cmp1' }),
      expect.objectContaining({ instance: U2, status: 'ACTIVE', host: 'cmp2' }),
      expect.objectContaining({ instance: U3, status: 'ERROR', host: 'cmp1', cause: 'image-too-big', failed_stage: 'compute.image' }),
    ]);
    expect(t.verdict.status).toBe('ERROR');
    expect(t.verdict.summary).toMatch(/^3 instances: 2 of 3 ACTIVE, 1 ERROR \(image-too-big\)/);
    expect(t.focus_instance).toBe(U3);
    expect(t.hosts).toEqual(['cmp1', 'cmp2']);
    expect(exitCodeOf(t)).toBe(1);
  });

  it.each([[U2, 'ACTIVE', 'cmp2', 0], [U3, 'ERROR', 'cmp1', 1]] as const)('traces instance %s alone when its uuid is the query', async (u, status, host, exit) => {
    const t = (await traceRequest([DIR], u)).trace!;
    expect(t.request_id).toBe(REQ);
    expect(t.focus_instance).toBe(u);
    expect(t.verdict.status).toBe(status);
    expect(t.attempts.map((a) => a.host)).toEqual([host]);
    expect(t.verdict.summary).toContain(`one of the 3 instances of ${REQ}`);
    expect(exitCodeOf(t)).toBe(exit);
  });
});
