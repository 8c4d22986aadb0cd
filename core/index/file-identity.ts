// What identifies a log file's content across runs: device and inode (a rename keeps them),
// the hash of its first bytes (a copytruncate or a new file changes them; a compressed
// generation keeps them), and how far whole lines reach (a torn last line is not yet indexed).

import crypto from 'node:crypto';
import fs from 'node:fs';
import { openByteSource } from '../search/byte-source.js';

/** Bytes hashed at the head of a file. */
export const HEAD_BYTES = 4096;

export function hashHead(data: Buffer, len: number): string {
  return crypto.createHash('sha1').update(data.subarray(0, len)).digest('hex');
}

/** The first `len` bytes of a plain file. */
export function readHead(file: string, len: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(len);
    const n = fs.readSync(fd, b, 0, len, 0);
    return b.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** Offset just after the last line break at or before `size` (0 when there is none). */
export function lastLineEnd(file: string, size: number): number {
  const fd = fs.openSync(file, 'r');
  try {
    const block = Buffer.allocUnsafe(64 * 1024);
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - block.length);
      const n = fs.readSync(fd, block, 0, end - start, start);
      const nl = block.subarray(0, n).lastIndexOf(0x0a);
      if (nl >= 0) return start + nl + 1;
      end = start;
    }
    return 0;
  } finally {
    fs.closeSync(fd);
  }
}

/** A .gz's decompressed bytes (rotated generations are small; the byte source refuses bombs). */
export function gunzipWhole(file: string): Buffer {
  const src = openByteSource(file, true);
  const b = Buffer.allocUnsafe(src.size);
  src.read(b, 0, src.size, 0);
  return b;
}

/** The line starts that cut [start, end) into pieces of about `piece` bytes. */
export function cutAtLines(file: string, start: number, end: number, piece: number): [number, number][] {
  const out: [number, number][] = [];
  if (end - start <= piece) return end > start ? [[start, end]] : [];
  const fd = fs.openSync(file, 'r');
  try {
    const block = Buffer.allocUnsafe(64 * 1024);
    let s = start;
    while (s < end) {
      let e = s + piece;
      if (e >= end) { out.push([s, end]); break; }
      for (;;) {
        const n = fs.readSync(fd, block, 0, block.length, e);
        const nl = n > 0 ? block.subarray(0, n).indexOf(0x0a) : -1;
        if (nl >= 0) { e = e + nl + 1; break; }
        if (n <= 0) { e = end; break; }
        e += n;
      }
      e = Math.min(e, end);
      out.push([s, e]);
      s = e;
    }
    return out;
  } finally {
    fs.closeSync(fd);
  }
}
