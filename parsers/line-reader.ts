// Reads a file (plain or gzip) as lines without holding it in memory: fixed-size chunks,
// line ends found with indexOf(0x0a), CR stripped, the unfinished tail of one chunk carried
// into the next. A last line without a newline is still delivered (flagged as torn).

import fs from 'node:fs';
import zlib from 'node:zlib';

export type LineHandler = (text: string, offset: number, lineNo: number, torn: boolean) => void;

const CHUNK = 1 << 20;

/** Hands every complete line of buf[0, len) to onLine; returns the bytes consumed (up to the last newline). */
export function emitLines(buf: Buffer, len: number, base: number, state: { lineNo: number }, onLine: LineHandler): number {
  let start = 0;
  for (;;) {
    const nl = buf.indexOf(0x0a, start);
    if (nl < 0 || nl >= len) return start;
    const end = nl > start && buf[nl - 1] === 0x0d ? nl - 1 : nl;
    onLine(buf.toString('utf8', start, end), base + start, ++state.lineNo, false);
    start = nl + 1;
  }
}

/** Hands a last line without a newline to onLine, flagged torn. */
export function emitTail(buf: Buffer, start: number, len: number, base: number, state: { lineNo: number }, onLine: LineHandler): void {
  if (start >= len) return;
  const end = buf[len - 1] === 0x0d ? len - 1 : len;
  onLine(buf.toString('utf8', start, end), base + start, ++state.lineNo, true);
}

export function readPlainLines(file: string, onLine: LineHandler): void {
  const fd = fs.openSync(file, 'r');
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    let have = 0;   // bytes in buf carried from the previous read
    let base = 0;   // file offset of buf[0]
    const state = { lineNo: 0 };
    for (;;) {
      if (have === buf.length) {
        // A single line longer than the buffer: grow instead of splitting it.
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const n = fs.readSync(fd, buf, have, buf.length - have, base + have);
      const len = have + n;
      if (n === 0) { emitTail(buf, 0, len, base, state, onLine); return; }
      const consumed = emitLines(buf, len, base, state, onLine);
      buf.copy(buf, 0, consumed, len);
      have = len - consumed;
      base += consumed;
    }
  } finally {
    fs.closeSync(fd);
  }
}

export async function readGzipLines(file: string, onLine: LineHandler): Promise<void> {
  const state = { lineNo: 0 };
  let carry: Buffer = Buffer.alloc(0);
  let base = 0;
  for await (const chunk of fs.createReadStream(file).pipe(zlib.createGunzip())) {
    const buf: Buffer = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    const consumed = emitLines(buf, buf.length, base, state, onLine);
    carry = buf.subarray(consumed);
    base += consumed;
  }
  emitTail(carry, 0, carry.length, base, state, onLine);
}

export async function readLines(file: string, gzip: boolean, onLine: LineHandler): Promise<void> {
  if (gzip) await readGzipLines(file, onLine);
  else readPlainLines(file, onLine);
}
