// Line numbers for records found by byte offset. Counting newlines costs a pass over the file
// up to the last offset, so the no-index path does it only for small files or when asked; byte
// offsets are always exact.

import { openByteSource } from './byte-source.js';

export const LINE_NUMBER_AUTO_LIMIT = 8 << 20;

/** 1-based line numbers of the lines starting at `offsets` (each offset must be a line start). */
export function lineNumbersAt(path: string, gzip: boolean, offsets: readonly number[]): Map<number, number> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const out = new Map<number, number>();
  if (sorted.length === 0) return out;
  const src = openByteSource(path, gzip);
  const buf = Buffer.allocUnsafe(1 << 20);
  let pos = 0;
  let line = 1;
  let k = 0;
  try {
    while (k < sorted.length) {
      const n = src.read(buf, 0, buf.length, pos);
      if (n <= 0) break;
      let at = 0;
      while (k < sorted.length && sorted[k] < pos + n) {
        const to = sorted[k] - pos;
        line += newlines(buf, at, to);
        at = to;
        out.set(sorted[k++], line);
      }
      line += newlines(buf, at, n);
      pos += n;
    }
    while (k < sorted.length) out.set(sorted[k++], line);
  } finally {
    src.close();
  }
  return out;
}

/** Line breaks in buf[from, to): found by the native byte search, not byte by byte. */
function newlines(buf: Buffer, from: number, to: number): number {
  if (to <= from) return 0;
  const part = buf.subarray(from, to);
  let count = 0;
  for (let i = part.indexOf(0x0a); i >= 0; i = part.indexOf(0x0a, i + 1)) count++;
  return count;
}
