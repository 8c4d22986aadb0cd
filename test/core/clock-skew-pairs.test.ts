// Clock skew proven by causal pairs every release logs (no neutron port line needed): a compute
// host's failure that the scheduler reacted to "before" it happened (samples/clock-skew-icehouse).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';
import type { CollectedRecord } from '../../core/trace/collect.js';
import { findClockSkew } from '../../core/trace/clock-skew.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../samples/clock-skew-icehouse');
const rec = (service: string, host: string | null, ts: number, message: string, level = 'INFO') =>
  ({ service, host, ts, tsText: String(ts), message, level, joinedBy: 'request_id', instance: null }) as unknown as CollectedRecord;

describe('clock skew from causal pairs', () => {
  it('finds cmp1 ~26 s ahead in the Icehouse sample, says so, and puts the stages in causal order', async () => {
    const t = (await traceRequest([DIR], 'req-2b7e4f10-6c3a-4d5e-8f9a-0b1c2d3e4f5a')).trace!;
    expect(t.clock_offsets).toEqual([expect.objectContaining({ host: 'cmp1', kind: 'at-least' })]);
    expect(t.clock_offsets[0].offset_ms).toBeGreaterThan(25_000);
    expect(t.clock_offsets[0].offset_ms).toBeLessThan(26_500);
    expect(t.warnings.some((w) => /the clock of cmp1 runs at least 25\.\d+ s ahead/.test(w))).toBe(true);
    const start = (stage: string, attempt: number) => t.stages.find((s) => s.stage === stage && s.attempt === attempt)!.start!;
    expect(start('compute.spawn', 1) <= start('scheduler.select_destinations', 2)).toBe(true);
    expect(start('compute.claim', 1) >= start('scheduler.select_destinations', 1)).toBe(true);
    expect(t.attempts.map((a) => `${a.host}:${a.result}`)).toEqual(['cmp1:rescheduled', 'cmp2:active']);
  });

  it('proves a clock behind from the cast: the host logged the request before it was chosen', () => {
    const { offsets } = findClockSkew([
      rec('scheduler', 'ctl1', 10_000, 'Selected host: WeighedHost [host: (cmp1, cmp1) ram: 1024MB disk: 1GB]'),
      rec('compute', 'cmp1', 4_000, 'Attempting claim on node cmp1: memory 512 MB, disk 1 GB, vcpus 1 CPU'),
    ]);
    expect(offsets).toEqual([expect.objectContaining({ host: 'cmp1', offset_ms: -6_000, kind: 'at-least' })]);
  });

  it('claims no skew from a long delay alone, and says the logs cannot tell', () => {
    const { offsets, notes } = findClockSkew([
      rec('conductor', 'ctl1', 10_000, 'Selected host: cmp1; Selected node: cmp1; Alternates: []'),
      rec('compute', 'cmp1', 40_000, 'Attempting claim on node cmp1: memory 512 MB, disk 1 GB, vcpus 1 CPU'),
    ]);
    expect(offsets).toEqual([]);
    expect(notes[0]).toMatch(/cmp1: 30\.0 s between .* the logs do not tell which/);
  });
});
