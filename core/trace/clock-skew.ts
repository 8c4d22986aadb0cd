// Clocks of different hosts disagree. A causal pair bounds the difference: neutron logs its
// access line for `PUT /v2.0/ports/<id>` when it answers, and the compute host logs
// `Successfully updated port: <id>` as soon as the answer arrives — milliseconds apart on
// one clock. The difference between the two timestamps, as written, is the compute host's
// offset from the controller plus the answer's latency — an estimate from above (neutron writes
// its line just after answering, so it may also fall a millisecond or two below). The
// conductor's cast gives a bound the other way round: nothing of the request happens on a
// compute host before the first cast, so the offset is at most (the host's first line of the
// request) − (the first cast). The estimate is clamped to that bound, so that a slow answer
// under load never puts compute's stages before the cast.

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
const CAST = /^Casting build_and_run_instance|^Sending build_and_run_instance/;

/** Per compute host: the largest offset causality allows (first line of the request there − first cast). */
function castBounds(records: readonly CollectedRecord[]): Map<string, number> {
  let firstCast = Infinity;
  for (const r of records) if (r.service === 'conductor' && CAST.test(r.message) && r.ts < firstCast) firstCast = r.ts;
  const bounds = new Map<string, number>();
  if (firstCast === Infinity) return bounds;
  for (const r of records) {
    if (r.service !== 'compute' || r.host === null || r.joinedBy !== 'request_id' || Number.isNaN(r.ts)) continue;
    const b = r.ts - firstCast;
    if (!(bounds.get(r.host)! <= b)) bounds.set(r.host, b);
  }
  return bounds;
}

export function estimateClockOffsets(records: readonly CollectedRecord[]): ClockOffset[] {
  const answered = new Map<string, CollectedRecord>();
  for (const r of records) {
    if (r.service === 'compute') continue;
    const m = PORT_PUT.exec(r.message);
    if (m) answered.set(m[1], r);
  }
  const bounds = castBounds(records);
  const byHost = new Map<string, ClockOffset>();
  for (const r of records) {
    if (r.service !== 'compute' || r.host === null || byHost.has(r.host)) continue;
    const m = PORT_UPDATED.exec(r.message);
    const n = m ? answered.get(m[1]) : undefined;
    if (!n || Number.isNaN(n.ts) || Number.isNaN(r.ts)) continue;
    const bound = bounds.get(r.host);
    const clamped = bound !== undefined && bound < r.ts - n.ts;
    byHost.set(r.host, {
      host: r.host,
      offset_ms: clamped ? bound : r.ts - n.ts,
      evidence: `neutron answered PUT /v2.0/ports/${m![1]} at ${n.tsText}; ${r.host} logged it at ${r.tsText}` +
        (clamped ? `; at most ${bound} ms, as ${r.host}'s first line of the request follows the conductor's cast` : ''),
    });
  }
  return [...byHost.values()];
}
