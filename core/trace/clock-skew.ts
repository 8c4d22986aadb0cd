// Clocks of different hosts disagree. A causal pair bounds the difference: neutron logs its
// access line for `PUT /v2.0/ports/<id>` when it answers, and the compute host logs
// `Successfully updated port: <id>` as soon as the answer arrives — milliseconds apart on
// one clock. The difference between the two timestamps, as written, is the compute host's
// offset from the controller (plus a few milliseconds of latency).

import type { CollectedRecord } from './collect.js';

export interface ClockOffset {
  host: string;
  offset_ms: number;
  /** The pair of lines the estimate comes from. */
  evidence: string;
}

/** Below this, an offset is latency, not skew. */
export const SKEW_THRESHOLD_MS = 500;

const PORT_UPDATED = /^Successfully updated port: (\S+)/;
const PORT_PUT = /"PUT \/v2\.0\/ports\/([0-9a-f-]{36}) HTTP\/[\d.]+" status: 2\d\d/;

export function estimateClockOffsets(records: readonly CollectedRecord[]): ClockOffset[] {
  const answered = new Map<string, CollectedRecord>();
  for (const r of records) {
    if (r.service === 'compute') continue;
    const m = PORT_PUT.exec(r.message);
    if (m) answered.set(m[1], r);
  }
  const byHost = new Map<string, ClockOffset>();
  for (const r of records) {
    if (r.service !== 'compute' || r.host === null || byHost.has(r.host)) continue;
    const m = PORT_UPDATED.exec(r.message);
    const n = m ? answered.get(m[1]) : undefined;
    if (!n || Number.isNaN(n.ts) || Number.isNaN(r.ts)) continue;
    byHost.set(r.host, {
      host: r.host,
      offset_ms: r.ts - n.ts,
      evidence: `neutron answered PUT /v2.0/ports/${m![1]} at ${n.tsText}; ${r.host} logged it at ${r.tsText}`,
    });
  }
  return [...byHost.values()];
}
