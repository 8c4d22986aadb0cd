// Reads one file generation forward from a byte position into its RecordFramer: fixed shared
// read buffer, lines split on 0x0a. Invariant: `pos` is how far the file was read; bytes after
// the last newline are carried (copied) and never framed until their newline arrives or the
// generation ends (then they are framed as one torn line).

import fs from 'node:fs';
import type { FileGeneration } from './file-table.js';
import type { RecordFramer } from './record-framer.js';

/** Shared by every reader: all reads are synchronous, so one buffer is never used twice at once. */
const READ_BUF = Buffer.allocUnsafe(256 * 1024);
/** Bytes remembered from the end of what was read, to recognise our file in a copytruncate copy. */
export const TAIL_KEEP = 64;
const scratch = Buffer.allocUnsafe(TAIL_KEEP);

export interface ReadCounters { lines: number; bytes: number }

export class GenerationReader {
  private carry: Buffer | null = null;
  private carryOffset = 0;
  private readonly tail = Buffer.allocUnsafe(TAIL_KEEP);
  private tailLen = 0;
  /** Time (ms) the last complete line arrived; the tail flushes the framer holdMs after it. */
  lastLineAt = 0;

  constructor(
    readonly gen: FileGeneration,
    public pos: number,
    readonly framer: RecordFramer,
    private readonly counters: ReadCounters,
  ) {}

  /** Read from `pos` to the current end of the generation's fd; returns the number of complete lines. */
  readToEof(): number {
    const fd = this.gen.fd;
    if (fd < 0) return 0;
    let lines = 0;
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, READ_BUF, 0, READ_BUF.length, this.pos);
      } catch {
        break;
      }
      if (n <= 0) break;
      this.remember(READ_BUF, n);
      lines += this.split(READ_BUF.subarray(0, n), this.pos);
      this.pos += n;
      this.counters.bytes += n;
      if (n < READ_BUF.length) break;
    }
    if (lines > 0) {
      this.counters.lines += lines;
      this.lastLineAt = Date.now();
    }
    return lines;
  }

  /** Whether `fd` holds, just before `pos`, the bytes this reader last read (same file, not rewritten). */
  endsMatch(fd: number, pos: number): boolean {
    if (this.tailLen === 0 || pos < this.tailLen) return true;
    try {
      const n = fs.readSync(fd, scratch, 0, this.tailLen, pos - this.tailLen);
      return n === this.tailLen && scratch.compare(this.tail, 0, this.tailLen, 0, this.tailLen) === 0;
    } catch {
      return false;
    }
  }

  /** The generation ended: a held partial line becomes a (torn) line, the open record is emitted. */
  finish(): void {
    if (this.carry) {
      const c = this.carry;
      this.carry = null;
      this.framer.line(c, 0, c.length, this.carryOffset);
      this.counters.lines++;
    }
    this.framer.flush();
  }

  private split(view: Buffer, base: number): number {
    let lines = 0;
    let s = 0;
    if (this.carry) {
      const nl = view.indexOf(0x0a);
      if (nl < 0) {
        this.carry = Buffer.concat([this.carry, view]);
        return 0;
      }
      const line = Buffer.concat([this.carry, view.subarray(0, nl)]);
      this.carry = null;
      this.framer.line(line, 0, line.length, this.carryOffset);
      lines++;
      s = nl + 1;
    }
    for (;;) {
      const nl = view.indexOf(0x0a, s);
      if (nl < 0) break;
      this.framer.line(view, s, nl, base + s);
      lines++;
      s = nl + 1;
    }
    if (s < view.length) {
      this.carry = Buffer.from(view.subarray(s));
      this.carryOffset = base + s;
    }
    return lines;
  }

  private remember(buf: Buffer, n: number): void {
    if (n >= TAIL_KEEP) {
      buf.copy(this.tail, 0, n - TAIL_KEEP, n);
      this.tailLen = TAIL_KEEP;
      return;
    }
    const keep = Math.min(this.tailLen, TAIL_KEEP - n);
    this.tail.copy(this.tail, 0, this.tailLen - keep, this.tailLen);
    buf.copy(this.tail, keep, 0, n);
    this.tailLen = keep + n;
  }
}
