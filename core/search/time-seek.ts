// Finds, by bisection, the byte offset in a (roughly) time-ordered log file where records
// reach a given time. Log lines are not strictly ordered (several processes share a file),
// so callers widen the target by a margin; a line without a readable time is skipped. A file
// whose clock steps back (a DST fall-back, an NTP step, a host's clock reset) is not ordered at
// all: bisection would skip what it looks for, so such a file is searched whole (timeSteps
// finds it, and the tracer says so).

import { FORMATS } from '../../parsers/formats/index.js';
import { parseLine } from '../../parsers/line-parser.js';
import { alignToLineStart, type ByteSource } from './byte-source.js';

const PROBE = 16 * 1024;
/** Probes spread over a file to see whether its time ever goes back (plus its head and its last block). */
const STEP_PROBES = 8;
/** Going back by more than this is a clock step, not interleaved writers. */
export const STEP_TOLERANCE_MS = 5 * 60_000;

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

const stepsCache = new Map<string, { size: number; at: number | null }>();

/** Byte offset near which the file's time steps back by more than STEP_TOLERANCE_MS, or null. */
export function timeSteps(src: ByteSource, refYear: number, key?: string): number | null {
  const cached = key ? stepsCache.get(key) : undefined;
  if (cached && cached.size === src.size) return cached.at;
  let newest = -Infinity;
  let at: number | null = null;
  // Evenly spread probes, then the last block: a clock stepped back and left there shows at the end.
  for (let k = 0; k <= STEP_PROBES + 1 && src.size > 0; k++) {
    const pos = k === 0 ? 0 : k > STEP_PROBES ? alignToLineStart(src, Math.max(0, src.size - PROBE)) : alignToLineStart(src, Math.floor((src.size * k) / (STEP_PROBES + 1)));
    const t = timeAt(src, pos, refYear);
    if (Number.isNaN(t)) continue;
    if (t < newest - STEP_TOLERANCE_MS) { at = pos; break; }
    if (t > newest) newest = t;
  }
  if (key) stepsCache.set(key, { size: src.size, at });
  return at;
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

/** Where a search from `ts` on may start: 0 for a file whose clock steps back. */
export function startOffsetAtTime(src: ByteSource, ts: number, refYear: number, key?: string): number {
  return timeSteps(src, refYear, key) === null ? offsetAtTime(src, ts, refYear) : 0;
}

/** Where a search up to `ts` may end (before the margin callers add): the file's end for one whose clock steps back. */
export function endOffsetAtTime(src: ByteSource, ts: number, refYear: number, key?: string): number {
  return timeSteps(src, refYear, key) === null ? offsetAtTime(src, ts, refYear) : src.size;
}
