// Finds, by bisection, the byte offset in a (roughly) time-ordered log file where records
// reach a given time. Log lines are not strictly ordered (several processes share a file),
// so callers widen the target by a margin; a line without a readable time is skipped.

import { FORMATS } from '../../parsers/formats/index.js';
import { parseLine } from '../../parsers/line-parser.js';
import { alignToLineStart, type ByteSource } from './byte-source.js';

const PROBE = 16 * 1024;

/** Time of the first parseable record at or after `pos`, or NaN. */
function timeAt(src: ByteSource, pos: number, refYear: number): number {
  const buf = Buffer.allocUnsafe(PROBE);
  const n = src.read(buf, 0, PROBE, pos);
  let s = 0;
  for (;;) {
    const nl = buf.indexOf(0x0a, s);
    if (nl < 0 || nl >= n) return NaN;
    const p = parseLine(buf.toString('utf8', s, nl), refYear, FORMATS);
    if (p && p.kind === 'record' && !Number.isNaN(p.ts)) return p.ts;
    s = nl + 1;
  }
}

/** Smallest line-start offset whose record time is ≥ ts (approximately; see above). */
export function offsetAtTime(src: ByteSource, ts: number, refYear: number): number {
  let lo = 0;
  let hi = src.size;
  while (hi - lo > PROBE) {
    const mid = alignToLineStart(src, lo + Math.floor((hi - lo) / 2));
    if (mid >= hi) break;
    const t = timeAt(src, mid, refYear);
    if (Number.isNaN(t) || t < ts) lo = mid; else hi = mid;
  }
  return lo;
}
