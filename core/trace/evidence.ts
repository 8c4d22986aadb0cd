// The lines that explain a failure besides its root cause: every error of the request (an
// image check's ERROR before the spawn failure, the BuildAbortException after it, a 500's
// traceback), and the warnings that carry the story (a vif timeout, the conductor's
// "Error from last host", "not rescheduling"). Shown with the verdict, in time order.

import type { CollectedRecord } from './collect.js';

export const MAX_EVIDENCE = 10;
const TELLING_WARNING = /Timeout waiting for|Error from last host|not rescheduling|Failed to |failed to |Exception|Error:|Unable to |could not|No valid host|NoValidHost/;

export function isEvidence(r: CollectedRecord): boolean {
  if (r.level === 'ERROR' || r.level === 'CRITICAL') return true;
  return r.level === 'WARNING' && (r.continuation.some((c) => c.startsWith('Traceback')) || TELLING_WARNING.test(r.message));
}

/** Evidence records other than the root cause: distinct messages, in time order, at most MAX_EVIDENCE. */
export function evidenceOf(records: readonly CollectedRecord[], root: CollectedRecord | null): CollectedRecord[] {
  const seen = new Set<string>();
  const out: CollectedRecord[] = [];
  for (const r of records) {
    if (r === root || !isEvidence(r)) continue;
    const k = `${r.service}\u0000${r.message.slice(0, 160)}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(r);
  }
  return out.length > MAX_EVIDENCE ? out.slice(out.length - MAX_EVIDENCE) : out;
}
