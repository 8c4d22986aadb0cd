// Reads a file (plain or gzip) as lines without holding it in memory: fixed-size chunks fed to
// a LineSplitter (line-splitter.ts), which bounds what one line may keep.

import fs from 'node:fs';
import zlib from 'node:zlib';
import { LineSplitter, type LineHandler } from './line-splitter.js';

export type { LineHandler } from './line-splitter.js';

const CHUNK = 1 << 20;

export function readPlainLines(file: string, onLine: LineHandler): void {
  const fd = fs.openSync(file, 'r');
  try {
    const split = new LineSplitter(onLine);
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let pos = 0; ;) {
      const n = fs.readSync(fd, buf, 0, CHUNK, pos);
      if (n === 0) break;
      split.push(buf.subarray(0, n));
      pos += n;
    }
    split.end();
  } finally {
    fs.closeSync(fd);
  }
}

/** A .gz that decompresses to more than this is a bomb, not a rotated log. */
export const MAX_GZIP_OUTPUT = 4 * 2 ** 30;

export async function readGzipLines(file: string, onLine: LineHandler): Promise<void> {
  const split = new LineSplitter(onLine);
  let out = 0;
  for await (const chunk of fs.createReadStream(file).pipe(zlib.createGunzip())) {
    out += (chunk as Buffer).length;
    if (out > MAX_GZIP_OUTPUT) throw new Error(`${file}: decompresses to more than ${MAX_GZIP_OUTPUT} bytes; not read further`);
    split.push(chunk as Buffer);
  }
  split.end();
}

export async function readLines(file: string, gzip: boolean, onLine: LineHandler): Promise<void> {
  if (gzip) await readGzipLines(file, onLine);
  else readPlainLines(file, onLine);
}
