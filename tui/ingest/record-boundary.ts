// Where may a file be cut so that each side frames on its own? At a line that starts a record
// (not a continuation, not a traceback line that could attach above). Used for the live tail's
// start and for backfill chunks; both sides use the same rule, so every line lands once.

import fs from 'node:fs';
import { isRecordStart, lineText } from './record-framer.js';

/** Only a line's header decides whether it starts a record; long bodies need not be decoded. */
const HEADER_PEEK = 1024;

/**
 * In `buf[0, len)`, holding file bytes from some offset B > 0 (so buf[0] is the byte before the
 * first candidate), the index of the first line start after a newline that starts a record;
 * else the first line start at all; -1 when the buffer holds no line start.
 */
export function firstBoundary(buf: Buffer, len: number, refYear: number): number {
  const nl0 = buf.indexOf(0x0a);
  if (nl0 < 0 || nl0 + 1 >= len) return -1;
  const first = nl0 + 1;
  let s = first;
  while (s < len) {
    let nl = buf.indexOf(0x0a, s);
    if (nl < 0 || nl >= len) nl = len;
    if (isRecordStart(lineText(buf, s, Math.min(nl, s + HEADER_PEEK)), refYear)) return s;
    s = nl + 1;
  }
  return first;
}

let scan = Buffer.allocUnsafe(256 * 1024);

/** A buffer of at least `n` bytes, reused between calls (callers copy out what they keep). */
export function scanBuffer(n: number): Buffer {
  if (scan.length < n) scan = Buffer.allocUnsafe(Math.max(n, scan.length * 2));
  return scan;
}

/** Where the live tail of a file starts: a record start (else a line start) at or after size − tailBytes. */
export function tailStart(fd: number, size: number, tailBytes: number, refYear: number): number {
  let window = Math.max(1, tailBytes);
  for (;;) {
    if (size <= window) return 0;
    const from = size - window - 1; // one byte early: a line starting exactly at size − window counts
    const len = size - from;
    const buf = scanBuffer(len);
    const n = fs.readSync(fd, buf, 0, len, from);
    const b = firstBoundary(buf, n, refYear);
    if (b >= 0) return from + b;
    window *= 2; // one line longer than the window: look further back for its start
  }
}
