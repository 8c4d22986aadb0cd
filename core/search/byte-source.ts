// Random access to a log file's bytes: a file descriptor for plain files, the decompressed
// bytes in memory for .gz (gzip has no random access; rotated .gz files are small).

import fs from 'node:fs';
import { zlib } from '../../parsers/lazy-zlib.js';

export interface ByteSource {
  size: number;
  read(buf: Buffer, off: number, len: number, pos: number): number;
  close(): void;
}

/** The tracer decompresses a .gz in memory (gzip has no random access): at most this much. */
export const MAX_GZIP_IN_MEMORY = 512 << 20;

/** A truncated .gz (a rotation still being written, a partial copy) yields what it holds; a corrupt one is an error naming it. */
function gunzipTolerant(buf: Buffer, file: string): Buffer {
  // gzip's trailer gives the (last member's) size: refuse a bomb before inflating anything.
  const isize = buf.length >= 18 ? buf.readUInt32LE(buf.length - 4) : 0;
  if (isize > MAX_GZIP_IN_MEMORY) throw new Error(`${file}: decompresses to more than ${MAX_GZIP_IN_MEMORY >> 20} MiB (a rotated log is smaller; a .gz bomb is not read)`);
  try {
    return zlib().gunzipSync(buf, { maxOutputLength: MAX_GZIP_IN_MEMORY });
  } catch (first) {
    if ((first as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || first instanceof RangeError) {
      throw new Error(`${file}: decompresses to more than ${MAX_GZIP_IN_MEMORY >> 20} MiB (a rotated log is smaller; a .gz bomb is not read)`);
    }
    try {
      return zlib().gunzipSync(buf, { finishFlush: zlib().constants.Z_SYNC_FLUSH, maxOutputLength: MAX_GZIP_IN_MEMORY });
    } catch (e) {
      throw new Error(`${file}: not a readable gzip file (${(e as Error).message})`);
    }
  }
}

export function openByteSource(file: string, gzip: boolean): ByteSource {
  if (gzip) {
    const data = gunzipTolerant(fs.readFileSync(file), file);
    return {
      size: data.length,
      read: (buf, off, len, pos) => data.copy(buf, off, pos, Math.min(pos + len, data.length)),
      close: () => {},
    };
  }
  const fd = fs.openSync(file, 'r');
  return {
    size: fs.fstatSync(fd).size,
    read: (buf, off, len, pos) => fs.readSync(fd, buf, off, len, pos),
    close: () => fs.closeSync(fd),
  };
}

/** Offset of the first line start at or after `pos` (pos itself when it follows a newline). */
export function alignToLineStart(src: ByteSource, pos: number): number {
  if (pos <= 0) return 0;
  if (pos >= src.size) return src.size;
  // Most log lines are far shorter than 4 KiB; longer ones take a few more reads.
  const block = Buffer.allocUnsafe(4096);
  let at = pos - 1;
  while (at < src.size) {
    const n = src.read(block, 0, block.length, at);
    if (n <= 0) break;
    const nl = block.indexOf(0x0a);
    if (nl >= 0 && nl < n) return at + nl + 1;
    at += n;
  }
  return src.size;
}
