// Times shown for records: as written, except on a host whose clock was corrected
// (clock-skew.ts), where the corrected time is shown so that the timeline reads in order.
import type { CollectedRecord } from './collect.js';

export function timeText(r: CollectedRecord): string {
  if (!r.clockCorrectionMs) return r.tsText;
  const d = new Date(r.ts);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`;
}
