// The text row of model/view-text.ts formatRowPlain, written as bytes straight from a scanned
// line: `HH:MM:SS.mmm label LEVEL req-xxxxxxxx [inst8] message`. Every field is a copy of the
// line's bytes or of a small cached table; callers fall back to formatRowPlain for any line
// whose fields these functions cannot give byte for byte (they say so by returning −1).

import { LEVEL_NAMES } from '../../core/scan/record-fields.js';

const LABEL_WIDTH = 10;
const REQ_WIDTH = 12;
const INST_WIDTH = 8;
const SP = 32, SLASH = 47, COLON = 58, CLOSE_BRACE = 125, CLOSE_PAREN = 41;

/** `LEVEL   ` (level padded to 8, then the separating space), by scanner level code + 1 (0: none). */
export const LEVEL_CELLS: readonly Buffer[] = ['-', ...LEVEL_NAMES].map((n) => Buffer.from(n.padEnd(8) + ' ', 'latin1'));
/** The request column when there is none. */
export const NO_REQ_CELL = Buffer.from('-'.padEnd(REQ_WIDTH) + ' ', 'latin1');

/** `label     ` (padded to 10, then the separating space). */
export function labelCell(label: string): Buffer {
  return Buffer.from(label.padEnd(LABEL_WIDTH) + ' ', 'utf8');
}

/** A short cell at o (a loop: cheaper than a native copy call for a few bytes); returns the offset after it. */
export function putCell(out: Buffer, o: number, cell: Buffer): number {
  for (let k = 0; k < cell.length; k++) out[o + k] = cell[k];
  return o + cell.length;
}

/** Whether b[s, e) is plain ASCII (a char is a byte: slicing and padding count the same). */
export function isAscii(b: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (b[i] >= 0x80) return false;
  return true;
}

/** `HH:MM:SS.mmm ` at o; false for a time the fast path does not write (unknown, before 1970, far future). */
export function writeClock(out: Buffer, o: number, ts: number): boolean {
  if (!(ts >= 0 && ts < 8.64e15)) {
    if (Number.isFinite(ts)) return false;
    out.write('??:??:??.??? ', o, 'latin1');
    return true;
  }
  let t = Math.floor(ts % 86_400_000);
  const ms = t % 1000; t = (t - ms) / 1000;
  const sec = t % 60; t = (t - sec) / 60;
  const min = t % 60;
  const hour = (t - min) / 60;
  out[o] = 48 + ((hour / 10) | 0); out[o + 1] = 48 + (hour % 10); out[o + 2] = COLON;
  out[o + 3] = 48 + ((min / 10) | 0); out[o + 4] = 48 + (min % 10); out[o + 5] = COLON;
  out[o + 6] = 48 + ((sec / 10) | 0); out[o + 7] = 48 + (sec % 10); out[o + 8] = 46;
  out[o + 9] = 48 + ((ms / 100) | 0); out[o + 10] = 48 + (((ms / 10) | 0) % 10); out[o + 11] = 48 + (ms % 10);
  out[o + 12] = SP;
  return true;
}
export const CLOCK_BYTES = 13;

/** The request cell (first 12 characters, padded, then a space) at o; −1 when not plain ASCII. */
export function writeReq(out: Buffer, o: number, b: Buffer, s: number, e: number): number {
  const n = Math.min(e - s, REQ_WIDTH);
  if (!isAscii(b, s, s + n)) return -1;
  for (let k = 0; k < n; k++) out[o + k] = b[s + k];
  for (let k = n; k < REQ_WIDTH; k++) out[o + k] = SP;
  out[o + REQ_WIDTH] = SP;
  return o + REQ_WIDTH + 1;
}

/** `[inst8] ` at o; −1 when not plain ASCII. An empty instance writes nothing (as formatRowPlain). */
export function writeInstance(out: Buffer, o: number, b: Buffer, s: number, e: number): number {
  if (e <= s) return o;
  const n = Math.min(e - s, INST_WIDTH);
  if (!isAscii(b, s, s + n)) return -1;
  out[o] = 91;
  for (let k = 0; k < n; k++) out[o + 1 + k] = b[s + k];
  out[o + 1 + n] = 93;
  out[o + 2 + n] = SP;
  return o + n + 3;
}

const FROM_PID = Buffer.from(' from (pid=', 'latin1');

/** Whether b[s, close) ends with ` from (pid=<digits>` (close is at the `)`). */
function oldDevstackPid(b: Buffer, s: number, close: number): boolean {
  let i = close - 1;
  while (i >= s && b[i] >= 48 && b[i] <= 57) i--;
  if (i === close - 1) return false;
  const at = i + 1 - FROM_PID.length;
  if (at < s) return false;
  for (let k = 0; k < FROM_PID.length; k++) if (b[at + k] !== FROM_PID[k]) return false;
  return true;
}

/**
 * Where the message of b[s, e) ends once the DEBUG `func path:lineno` suffix is cut (as
 * line-parser.ts debugSuffixAt does), e when there is none; −1 when a devstack suffix may be
 * there (`… }}`, or `) func path` as in ` from (pid=…) func path:lineno`): only the full parser
 * cuts those.
 */
export function messageEnd(b: Buffer, s: number, e: number, debug: boolean): number {
  if (e - s >= 2 && b[e - 1] === CLOSE_BRACE && b[e - 2] === CLOSE_BRACE) return -1;
  if (!debug) return e;
  let last = e - 1;
  while (last >= s && b[last] !== SP) last--;
  if (last <= s) return e;
  let prev = last - 1;
  while (prev >= s && b[prev] !== SP) prev--;
  if (prev > s && b[prev - 1] === CLOSE_PAREN && oldDevstackPid(b, s, prev - 1)) return -1;
  if (b[last + 1] !== SLASH) return e;
  let colon = e - 1;
  while (colon >= s && b[colon] !== COLON) colon--;
  if (colon <= last + 2 || colon === e - 1) return e;
  for (let i = colon + 1; i < e; i++) if (b[i] < 48 || b[i] > 57) return e;
  return prev >= s && prev < last - 1 ? prev : e;
}
