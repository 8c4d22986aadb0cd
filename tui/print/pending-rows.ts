// The rows of one file's records not handed out yet, as print-framer.ts writes them: their text
// one after another in an arena (a record's later lines extend it while it is the last one, and
// wait beside it otherwise), their times and merge keys. Records are handed out as
// parsers/record-stream.ts hands them out: once older than the newest by SETTLE_MS, or when more
// than MAX_PENDING wait, or at once without a time — never the last one before the file ends.

import type { BufferPool } from './buffer-pool.js';

const SETTLE_MS = 2_000;
const MAX_PENDING = 4_096;
const LF = 10, SP = 32;
const OUT_RECORDS = 4096;

/** Records in file order: merge keys, and the end of each record's text in `data` (a record the filter hides has none); the first n of each. */
export interface PrintBatch { n: number; shown: number; keys: Float64Array; ends: Int32Array; data: Buffer }

const grow = <T extends Float64Array | Int32Array | Uint8Array>(x: T): T => {
  const y = new (x.constructor as new (n: number) => T)(x.length * 2);
  y.set(x);
  return y;
};

export class PendingRows {
  /** Where rows are written: callers write at `used`, after `room`. */
  arena = Buffer.allocUnsafe(1 << 20);
  used = 0;
  // By pending index: time, merge key, end of the row in the arena, hidden by the filter.
  private ts = new Float64Array(1024);
  private keys = new Float64Array(1024);
  private ends = new Int32Array(1024);
  private hides = new Uint8Array(1024);
  private pending = 0;
  /** Records handed out so far: record number r is pending index r − handed. */
  private handed = 0;
  private readonly extras = new Map<number, Buffer[]>();
  private lastKey = -Infinity;
  private newest = -Infinity;
  // Handed out, waiting to be taken: their text, merge keys, ends.
  private out: Buffer | null = null;
  private outUsed = 0;
  private outKeys = new Float64Array(OUT_RECORDS);
  private outEnds = new Int32Array(OUT_RECORDS);
  private outN = 0;
  private outShown = 0;

  /** By pending index, the record's text as a filter's regexes read it (kept only when `texts`). */
  private texts: string[] = [];

  /**
   * `batchBytes`: about how much text is taken at a time (room for it is made at once).
   * `keep`: the regexes' verdict on a complete record's text, when there are regexes.
   */
  constructor(private readonly batchBytes: number, private readonly keep: ((text: string) => boolean) | null = null) {}

  /** Whether record r is still to be handed out (lines may still join it). */
  isOpen(r: number): boolean { return r >= this.handed; }

  /** Make room for n more bytes at `used`. */
  room(n: number): void {
    if (this.used + n <= this.arena.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + n));
    this.arena.copy(bigger, 0, 0, this.used);
    this.arena = bigger;
  }

  /**
   * A new record whose row is the arena from `used` to `end` (nothing when hidden); `text` is
   * its line as written (for the regexes). Returns its number.
   */
  add(ts: number, end: number, hidden = false, text = ''): number {
    if (this.pending === this.ts.length) {
      this.ts = grow(this.ts); this.keys = grow(this.keys); this.ends = grow(this.ends); this.hides = grow(this.hides);
    }
    // A record without a time keeps its place after the record before it.
    if (!Number.isNaN(ts)) { this.lastKey = ts; if (ts > this.newest) this.newest = ts; }
    const i = this.pending++;
    this.ts[i] = ts;
    this.keys[i] = this.lastKey;
    this.hides[i] = hidden ? 1 : 0;
    if (this.keep) this.texts[i] = text;
    this.used = this.ends[i] = hidden ? this.used : end;
    return this.handed + i;
  }

  /** `    ` + buf[s, e) + a line break under open record r. */
  appendBytes(r: number, buf: Buffer, s: number, e: number): void {
    const i = r - this.handed;
    if (this.hides[i]) return;
    if (this.keep) this.texts[i] += `\n${buf.toString('utf8', s, e)}`;
    if (i === this.pending - 1) {
      this.room(e - s + 5);
      const a = this.arena;
      let o = this.used;
      a[o] = SP; a[o + 1] = SP; a[o + 2] = SP; a[o + 3] = SP;
      o += 4 + buf.copy(a, o + 4, s, e);
      a[o++] = LF;
      this.used = this.ends[i] = o;
      return;
    }
    const part = Buffer.allocUnsafe(e - s + 5);
    part.fill(SP, 0, 4);
    buf.copy(part, 4, s, e);
    part[part.length - 1] = LF;
    this.extraOf(r).push(part);
  }

  /** `    text` and a line break under open record r. */
  appendText(r: number, text: string): void {
    const i = r - this.handed;
    if (this.hides[i]) return;
    if (this.keep) this.texts[i] += `\n${text}`;
    const part = Buffer.from(`    ${text}\n`, 'utf8');
    if (i === this.pending - 1) {
      this.room(part.length);
      this.used = this.ends[i] = this.used + part.copy(this.arena, this.used);
    } else {
      this.extraOf(r).push(part);
    }
  }

  /** Bytes of the rows handed out and not taken yet, with their keys and ends (hidden records have only those). */
  get ready(): number { return this.outUsed + this.outN * 12; }

  /** Hand out the records final now (all of them at the end of the file): they wait for `take`, their text in memory from `pool`. */
  settle(final: boolean, pool: BufferPool): void {
    let n = 0;
    const limit = final ? this.pending : this.pending - 1;
    while (n < limit && (final || this.ts[n] < this.newest - SETTLE_MS || this.pending - n > MAX_PENDING || Number.isNaN(this.ts[n]))) n++;
    if (n === 0) return;
    const from = this.handed;
    let size = this.ends[n - 1];
    for (const [r, parts] of this.extras) if (r < from + n) for (const p of parts) size += p.length;
    this.outRoom(size, n, pool);
    const data = this.out!;
    const ends = this.outEnds;
    const at = this.outN;
    // Rows are copied in runs; a record's waiting lines go after its row.
    let o = this.outUsed, a = 0, shown = n;
    for (let i = 0; i < n; i++) {
      const e = this.ends[i];
      const more = this.extras.size > 0 ? this.extras.get(from + i) : undefined;
      if (this.hides[i]) {
        shown--;
        ends[at + i] = o + (e - a);
      } else if (this.keep && !this.keep(this.texts[i])) {
        // Left out by the regexes: the run before it is copied, its row and waiting lines skipped.
        shown--;
        o += this.arena.copy(data, o, a, i === 0 ? 0 : this.ends[i - 1]);
        a = e;
        if (more) this.extras.delete(from + i);
        ends[at + i] = o;
      } else if (more) {
        o += this.arena.copy(data, o, a, e);
        a = e;
        for (const p of more) o += p.copy(data, o);
        this.extras.delete(from + i);
        ends[at + i] = o;
      } else {
        ends[at + i] = o + (e - a);
      }
    }
    this.arena.copy(data, o, a, this.ends[n - 1]);
    this.outKeys.set(this.keys.subarray(0, n), at);
    this.outN += n;
    this.outShown += shown;
    this.outUsed = ends[at + n - 1];
    // What still waits moves to the front.
    const cut = this.ends[n - 1];
    this.arena.copyWithin(0, cut, this.used);
    this.used -= cut;
    const rest = this.pending - n;
    this.ts.copyWithin(0, n, this.pending);
    this.keys.copyWithin(0, n, this.pending);
    this.ends.copyWithin(0, n, this.pending);
    this.hides.copyWithin(0, n, this.pending);
    if (this.keep) this.texts.splice(0, n);
    for (let i = 0; i < rest; i++) this.ends[i] -= cut;
    this.pending = rest;
    this.handed += n;
  }

  /** The records handed out since the last take, or null when none. */
  take(): PrintBatch | null {
    if (this.outN === 0) return null;
    const b: PrintBatch = { n: this.outN, shown: this.outShown, keys: this.outKeys, ends: this.outEnds, data: this.out!.subarray(0, this.outUsed) };
    this.out = null;
    this.outUsed = this.outN = this.outShown = 0;
    this.outKeys = new Float64Array(OUT_RECORDS);
    this.outEnds = new Int32Array(OUT_RECORDS);
    return b;
  }

  private outRoom(size: number, n: number, pool: BufferPool): void {
    if (this.out === null) {
      this.out = pool.takeAtLeast(Math.max(size, this.batchBytes));
    } else if (this.outUsed + size > this.out.length) {
      const bigger = pool.takeAtLeast(2 * (this.outUsed + size));
      this.out.copy(bigger, 0, 0, this.outUsed);
      pool.give(this.out.buffer as ArrayBuffer);
      this.out = bigger;
    }
    while (this.outN + n > this.outKeys.length) { this.outKeys = grow(this.outKeys); this.outEnds = grow(this.outEnds); }
  }

  private extraOf(r: number): Buffer[] {
    let x = this.extras.get(r);
    if (!x) this.extras.set(r, (x = []));
    return x;
  }
}
