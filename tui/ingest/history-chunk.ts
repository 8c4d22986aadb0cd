// One step of the history load as plain data, so that it can run on a worker thread: read a
// chunk of a file backwards from `hi`, cut it at its first record start (record-boundary.ts),
// frame it (scan-framer.ts) into columns, and hand back the columns with the bytes read (both
// transferable). The calling thread turns them into IngestRecords (recordsOf).

import fs from 'node:fs';
import type { IngestRecord, LevelCode } from '../model/types.js';
import { firstBoundary } from './record-boundary.js';
import { ScanFrameShared, ScanFramer, type FramedSink } from './scan-framer.js';

export interface ChunkJob {
  fd: number;
  /** Frame the records that end at `hi` (a record start, or the history's end). */
  hi: number;
  chunkBytes: number;
  refYear: number;
  fileOrigin: number;
  fileHost: string | null;
}

export interface ChunkColumns {
  n: number;
  offset: Float64Array;
  start: Int32Array;
  end: Int32Array;
  ts: Float64Array;
  level: Uint8Array;
  /** ≥ 0: an origin slot; < 0: −1 − index into the programs the framing thread has named. */
  origin: Int32Array;
  reqHash: Uint32Array;
  instHash: Uint32Array;
  /** Bit 1: unparsed, bit 2: continues. */
  flags: Uint8Array;
}

export interface ChunkResult {
  /** False when the bytes could not be read (closed, truncated under us): the file's history ends. */
  ok: boolean;
  /** Where the framed records start: the next chunk of this file ends here. */
  lo: number;
  /** File bytes from `base`; records' start/end index into it. */
  bytes: Uint8Array;
  base: number;
  cols: ChunkColumns;
  /** Programs (with their host) named for the first time by this chunk's lines, in index order. */
  programs: [string, string | null][];
}

const UNPARSED = 1, CONTINUES = 2;

class ColumnSink implements FramedSink {
  n = 0;
  private cap = 4096;
  offset = new Float64Array(this.cap);
  start = new Int32Array(this.cap);
  end = new Int32Array(this.cap);
  ts = new Float64Array(this.cap);
  level = new Uint8Array(this.cap);
  origin = new Int32Array(this.cap);
  reqHash = new Uint32Array(this.cap);
  instHash = new Uint32Array(this.cap);
  flags = new Uint8Array(this.cap);

  record(offset: number, start: number, end: number, ts: number, level: LevelCode, origin: number,
    reqHash: number, instHash: number, unparsed: boolean, continues: boolean): void {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.offset[i] = offset; this.start[i] = start; this.end[i] = end; this.ts[i] = ts; this.level[i] = level;
    this.origin[i] = origin; this.reqHash[i] = reqHash; this.instHash[i] = instHash;
    this.flags[i] = (unparsed ? UNPARSED : 0) | (continues ? CONTINUES : 0);
  }

  columns(): ChunkColumns {
    const { n, offset, start, end, ts, level, origin, reqHash, instHash, flags } = this;
    return { n, offset, start, end, ts, level, origin, reqHash, instHash, flags };
  }

  private grow(): void {
    const c = this.cap * 2;
    const g = <T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(a: T): T => { const b = new (a.constructor as new (n: number) => T)(c); b.set(a); return b; };
    this.offset = g(this.offset); this.start = g(this.start); this.end = g(this.end); this.ts = g(this.ts);
    this.level = g(this.level); this.origin = g(this.origin); this.reqHash = g(this.reqHash); this.instHash = g(this.instHash);
    this.flags = g(this.flags);
    this.cap = c;
  }
}

/** The framing side's state across chunks: interned names and the programs named so far. */
export class ChunkFramerState {
  private readonly programIndex = new Map<string, number>();
  private programs: [string, string | null][] = [];
  readonly shared = new ScanFrameShared((program, host) => {
    const key = `${program}\0${host ?? ''}`;
    let i = this.programIndex.get(key);
    if (i === undefined) {
      i = this.programIndex.size;
      this.programIndex.set(key, i);
      this.programs.push([program, host]);
    }
    return -1 - i;
  });

  /** Programs named since the last call. */
  takePrograms(): [string, string | null][] {
    const p = this.programs;
    this.programs = [];
    return p;
  }
}

const EMPTY = new ColumnSink().columns();

export function frameChunk(job: ChunkJob, state: ChunkFramerState): ChunkResult {
  const failed = (): ChunkResult => ({ ok: false, lo: 0, bytes: new Uint8Array(0), base: 0, cols: { ...EMPTY, n: 0 }, programs: state.takePrograms() });
  const { hi } = job;
  let lo = Math.max(0, hi - job.chunkBytes);
  let from: number;
  let buf: Buffer;
  let start: number;
  for (;;) {
    from = lo === 0 ? 0 : lo - 1;
    const len = hi - from;
    // A buffer of its own: it travels to the calling thread as the records' bytes.
    buf = Buffer.allocUnsafeSlow(len);
    let n: number;
    try {
      n = fs.readSync(job.fd, buf, 0, len, from);
    } catch {
      return failed();
    }
    if (n < len) return failed(); // truncated under us
    start = lo === 0 ? 0 : firstBoundary(buf, len, job.refYear);
    if (start >= 0) break;
    lo = Math.max(0, lo - job.chunkBytes); // one line longer than a chunk
  }
  return frameRange(buf, start, hi - from, from, job, state);
}

/** Frame the whole lines of buf[start, end), buf[0] being at file offset `base`. */
export function frameRange(buf: Buffer, start: number, end: number, base: number, file: Pick<ChunkJob, 'fileOrigin' | 'fileHost' | 'refYear'>, state: ChunkFramerState): ChunkResult {
  state.shared.trim();
  const sink = new ColumnSink();
  new ScanFramer(file.fileOrigin, file.fileHost, file.refYear, state.shared, sink).frame(buf, start, end, base);
  return { ok: true, lo: base + start, bytes: buf, base, cols: sink.columns(), programs: state.takePrograms() };
}

/** The arrays of a result, to transfer rather than copy. */
export function transferList(r: ChunkResult): ArrayBuffer[] {
  const c = r.cols;
  const list = [r.bytes, c.offset, c.start, c.end, c.ts, c.level, c.origin, c.reqHash, c.instHash, c.flags].map((a) => a.buffer as ArrayBuffer);
  return [...new Set(list)].filter((b) => b.byteLength > 0);
}

/**
 * IngestRecords of a result for file generation `file`; `programSlots` maps the framing
 * thread's program indexes to origin slots (extended with `slotOf` for the new ones).
 */
export function recordsOf(r: ChunkResult, file: number, programSlots: number[], slotOf: (program: string, host: string | null) => number): IngestRecord[] {
  for (const [program, host] of r.programs) programSlots.push(slotOf(program, host));
  const c = r.cols;
  const bytes = Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength);
  const out: IngestRecord[] = new Array(c.n);
  for (let i = 0; i < c.n; i++) {
    const o = c.origin[i];
    const f = c.flags[i];
    out[i] = {
      file, offset: c.offset[i], bytes: bytes.subarray(c.start[i], c.end[i]), ts: c.ts[i], level: c.level[i] as LevelCode,
      origin: o >= 0 ? o : programSlots[-1 - o], reqHash: c.reqHash[i], instHash: c.instHash[i],
      unparsed: (f & UNPARSED) !== 0, continues: (f & CONTINUES) !== 0,
    };
  }
  return out;
}
