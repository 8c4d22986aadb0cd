// One file's print batches (print-framer.ts), read in the chunks parsers/record-stream.ts reads
// (so records are settled at the same points) and cut into whole lines the way
// parsers/line-splitter.ts cuts them: a line longer than MAX_LINE_BYTES keeps its head and says
// how much was cut, and is written from that text; a range that is not valid UTF-8 is written
// from decoded text (the replacement characters the line reader puts there).

import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import type { LogSource } from '../../parsers/log-files.js';
import { MAX_LINE_BYTES } from '../../parsers/line-splitter.js';
import { CHUNK, chunks } from '../../parsers/record-stream.js';
import type { BufferPool } from './buffer-pool.js';
import type { ColumnFilter } from './column-filter.js';
import { PrintFramer, type PrintBatch } from './print-framer.js';

const LF = 10;
/** The records settled after each chunk are handed on once they hold this much text: less with many files, as every file has a batch or two waiting. */
const MAX_BATCH = 2 << 20, MIN_BATCH = 64 << 10, ALL_BATCHES = 48 << 20;
export const batchBytesFor = (files: number): number => Math.max(MIN_BATCH, Math.min(MAX_BATCH, Math.floor(ALL_BATCHES / Math.max(1, files) / MIN_BATCH) * MIN_BATCH));

class LineFeeder {
  /** The unfinished line: its kept head (at most MAX_LINE_BYTES), its length, its file offset. */
  private parts: Buffer[] = [];
  private kept = 0;
  private total = 0;
  private start = 0;
  /** File offset of the next byte pushed. */
  private pos = 0;

  constructor(private readonly framer: PrintFramer) {}

  push(chunk: Buffer): void {
    if (chunk.length > MAX_LINE_BYTES) throw new Error(`a read of ${chunk.length} bytes, more than a line may hold`);
    let s = 0;
    if (this.total > 0) {
      const nl = chunk.indexOf(LF);
      if (nl < 0) { this.keep(chunk); this.pos += chunk.length; return; }
      if (this.total + nl > MAX_LINE_BYTES) {
        this.keep(chunk.subarray(0, nl));
        this.cutLine();
        s = nl + 1;
      } else {
        const data = Buffer.concat([...this.parts, chunk.subarray(0, nl + 1)]);
        this.frame(data, 0, data.length, this.start);
        this.reset();
        s = nl + 1;
      }
    }
    this.lines(chunk, s);
    if (s < chunk.length) {
      const last = chunk.lastIndexOf(LF);
      const tail = Math.max(s, last + 1);
      if (tail < chunk.length) { this.start = this.pos + tail; this.keep(chunk.subarray(tail)); }
    }
    this.pos += chunk.length;
  }

  end(): void {
    if (this.total === 0) return;
    if (this.total > MAX_LINE_BYTES) { this.cutLine(); return; }
    const data = Buffer.concat(this.parts);
    this.frame(data, 0, data.length, this.start);
    this.reset();
  }

  /** The whole lines of chunk from s (a chunk is never longer than a line may be, so none of them is over the limit). */
  private lines(chunk: Buffer, s: number): void {
    const last = chunk.lastIndexOf(LF);
    if (last >= s) this.frame(chunk, s, last + 1, this.pos);
  }

  private frame(buf: Buffer, s: number, e: number, base: number): void {
    this.framer.push(buf, s, e, base, isUtf8(buf.subarray(s, e)));
  }

  /** The pending line is over the limit: its head and a note of what was cut. */
  private cutLine(): void {
    const head = Buffer.concat(this.parts, this.kept);
    const text = `${head.toString('utf8')} … [${this.total - this.kept} more bytes of this line not kept]`;
    this.framer.push(head, 0, head.length, this.start, false, text);
    this.reset();
  }

  private keep(b: Buffer): void {
    const room = MAX_LINE_BYTES - this.kept;
    if (room > 0) {
      const piece = b.length > room ? b.subarray(0, room) : b;
      this.parts.push(Buffer.from(piece));
      this.kept += piece.length;
    }
    this.total += b.length;
  }

  private reset(): void {
    this.parts = [];
    this.kept = 0;
    this.total = 0;
  }
}

/** A plain file in record-stream.ts's chunks, read into one buffer again and again (the feeder copies what it keeps). */
async function* plainChunks(src: LogSource): AsyncGenerator<Buffer> {
  const fh = await fs.promises.open(src.path, 'r');
  try {
    const buf = Buffer.allocUnsafeSlow(CHUNK);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

/**
 * The file's records as print batches (those `filter` hides without text), in file order, their memory from `pool` (give it back
 * when written); a file that fails mid-way ends there with a warning.
 */
export async function* fileBatches(
  src: LogSource, timestamps: boolean, pool: BufferPool, filter: ColumnFilter | null = null,
  warn: (text: string) => void = (text) => process.stderr.write(text), batchBytes = MAX_BATCH,
): AsyncGenerator<PrintBatch> {
  const framer = new PrintFramer(src, timestamps, filter, batchBytes);
  const feeder = new LineFeeder(framer);
  try {
    for await (const chunk of src.gzip ? chunks(src) : plainChunks(src)) {
      feeder.push(chunk);
      framer.settle(false, pool);
      if (framer.ready >= batchBytes) yield framer.take()!;
    }
  } catch (e) {
    warn(`nova-trace: skipped the rest of ${src.path}: ${(e as Error).message}\n`);
    const b = framer.take();
    if (b) yield b;
    return;
  }
  feeder.end();
  framer.settle(true, pool);
  const b = framer.take();
  if (b) yield b;
}
