// Clock offsets of compute hosts from causal pairs: the port update (an estimate from above,
// by the answer's latency) clamped by the conductor's cast (nothing happens on the host before it).
import { describe, expect, it } from 'vitest';
import type { CollectedRecord } from '../../core/trace/collect.js';
import { estimateClockOffsets } from '../../core/trace/clock-skew.js';

const PORT = '0a1b2c3d-0000-4000-8000-00000000000a';
const rec = (service: string, host: string | null, ts: number, message: string, joinedBy: CollectedRecord['joinedBy'] = 'request_id') =>
  ({ service, host, ts, tsText: String(ts), message, joinedBy }) as unknown as CollectedRecord;

/** One boot: cast at 1000 on the controller, neutron answers the port PUT at 1100; cmp1's clock runs ~8 s ahead. */
const boot = (claimTs: number, portUpdatedTs: number) => [
  rec('conductor', 'ctl1', 1_000, 'Casting build_and_run_instance to cmp1'),
  rec('compute', 'cmp1', claimTs, 'Claim successful on node cmp1'),
  rec('neutron', 'ctl1', 1_100, `10.0.0.5 "PUT /v2.0/ports/${PORT} HTTP/1.1" status: 200  len: 1000 time: 0.01`),
  rec('compute', 'cmp1', portUpdatedTs, `Successfully updated port: ${PORT}`),
];

describe('estimateClockOffsets', () => {
  it('takes compute − neutron for the port update when the cast allows it', () => {
    const o = estimateClockOffsets(boot(9_010, 9_103));
    expect(o).toEqual([expect.objectContaining({ host: 'cmp1', offset_ms: 8_003 })]);
  });

  it('clamps a slow answer to the bound the cast gives, so compute never starts before the cast', () => {
    const o = estimateClockOffsets(boot(9_002, 9_140));
    expect(o[0].offset_ms).toBe(8_002);
    expect(o[0].evidence).toMatch(/at most 8002 ms/);
  });
});
