// Clocks of different hosts disagree. Causal pairs (clock-pairs.ts) bound each compute host's
// offset from the controllers' clock from below and from above; neutron's port answer gives an
// estimate. An offset is declared only when the logs prove it: a lower bound above the
// threshold (the host's clock is at least that far ahead), an upper bound below minus the
// threshold (at least that far behind), or the port estimate, clamped into the bounds. A large
// upper bound alone proves nothing (the message may have waited on the bus): it is said as such.

import { hostBounds } from './clock-pairs.js';
import type { CollectedRecord } from './collect.js';

export interface ClockOffset {
  host: string;
  offset_ms: number;
  /** The pair(s) of lines the offset comes from. */
  evidence: string;
  /** 'estimate' (the port answer), or 'at-least' when only a causal bound proves it. */
  kind?: 'estimate' | 'at-least';
}

/** Below this, an offset is latency, not skew. */
export const SKEW_THRESHOLD_MS = 500;
/** A delay from the controller's cast to the host's first line worth a note when no skew is proven. */
export const NOTABLE_DELAY_MS = 10_000;

export interface SkewFindings {
  offsets: ClockOffset[];
  notes: string[];
}

export function findClockSkew(records: readonly CollectedRecord[]): SkewFindings {
  const offsets: ClockOffset[] = [];
  const notes: string[] = [];
  for (const b of hostBounds(records)) {
    let ms: number | null = null;
    let evidence = '';
    let kind: ClockOffset['kind'] = 'at-least';
    if (b.estimate) {
      kind = 'estimate';
      ms = b.estimate.ms;
      evidence = b.estimate.evidence;
      if (b.upper && b.upper.ms < ms) { ms = b.upper.ms; evidence += `; at most ${b.upper.ms} ms, as ${b.upper.evidence}`; }
      if (b.lower && b.lower.ms > ms) { ms = b.lower.ms; evidence += `; at least ${b.lower.ms} ms, as ${b.lower.evidence}`; }
    } else if (b.lower && b.lower.ms >= SKEW_THRESHOLD_MS) {
      ms = b.lower.ms;
      evidence = b.lower.evidence;
    } else if (b.upper && b.upper.ms <= -SKEW_THRESHOLD_MS) {
      ms = b.upper.ms;
      evidence = b.upper.evidence;
    }
    if (ms !== null && Math.abs(ms) >= SKEW_THRESHOLD_MS) offsets.push({ host: b.host, offset_ms: ms, evidence, kind });
    else if (b.upper && b.upper.ms >= NOTABLE_DELAY_MS) {
      notes.push(`${b.host}: ${(b.upper.ms / 1000).toFixed(1)} s between the controller's decision and the host's first line (${b.upper.evidence}): the message waited on the bus, or ${b.host}'s clock runs up to that much ahead — the logs do not tell which`);
    }
  }
  return { offsets, notes };
}

/** The offsets alone (kept for callers that need no notes). */
export function estimateClockOffsets(records: readonly CollectedRecord[]): ClockOffset[] {
  return findClockSkew(records).offsets;
}
