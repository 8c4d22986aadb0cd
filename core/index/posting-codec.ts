// A posting list — the records of one key (request id, global request id, instance) in one
// part of one file — packed as bytes: per record the offset (delta from the previous one),
// the time (ms, zig-zag delta) and the level code, as LEB128 varints. About 6 bytes a record
// where SQLite rows would take 40. The lists of a part are stored in hash buckets (a few keys
// per row): one SQLite row per key made the build wait on b-tree inserts.

export interface Posting { offset: number; ts: number; level: number }

/** Growable byte writer for varints. */
export class VarintWriter {
  buf = new Uint8Array(256);
  len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }

  /** Unsigned integer up to 2^53. */
  uint(v: number): void {
    this.room(8);
    while (v >= 128) { this.buf[this.len++] = (v % 128) | 128; v = Math.floor(v / 128); }
    this.buf[this.len++] = v;
  }

  int(v: number): void { this.uint(v < 0 ? -2 * v - 1 : 2 * v); }

  byte(v: number): void { this.room(1); this.buf[this.len++] = v & 255; }

  append(b: Uint8Array): void { this.room(b.length); this.buf.set(b, this.len); this.len += b.length; }

  bytes(): Uint8Array { return this.buf.slice(0, this.len); }
}

/** Time written for a record without one (NaN). */
const NO_TIME = -1;

export function encodePostings(w: VarintWriter, offsets: ArrayLike<number>, times: ArrayLike<number>, levels: ArrayLike<number>, from: number, to: number): void {
  let prevOff = 0, prevTs = 0;
  for (let i = from; i < to; i++) {
    w.uint(offsets[i] - prevOff);
    prevOff = offsets[i];
    const ts = Number.isNaN(times[i]) ? NO_TIME : times[i];
    if (ts === NO_TIME) { w.byte(0); } else { w.byte(1); w.int(ts - prevTs); prevTs = ts; }
    w.byte(levels[i] + 1);
  }
}

export function decodePostings(data: Uint8Array): Posting[] {
  const out: Posting[] = [];
  let i = 0, off = 0, ts = 0;
  const uint = () => {
    let v = 0, mul = 1;
    for (;;) { const b = data[i++]; v += (b & 127) * mul; if (b < 128) return v; mul *= 128; }
  };
  while (i < data.length) {
    off += uint();
    const hasTs = data[i++];
    let t = NaN;
    if (hasTs) { const z = uint(); ts += z % 2 ? -(z + 1) / 2 : z / 2; t = ts; }
    out.push({ offset: off, ts: t, level: data[i++] - 1 });
  }
  return out;
}

/** FNV-1a over a key's UTF-8 bytes: which bucket of a part holds it. */
export function keyHash(key: string): number {
  let h = 0x811c9dc5;
  const b = Buffer.from(key, 'utf8');
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 16777619);
  return h >>> 0;
}

/** One key's posting list inside a bucket. */
export interface BucketEntry { key: string; kind: number; data: Uint8Array }

/** Entries of a bucket blob: key length, key, kind, postings length, postings. */
export function writeEntry(w: VarintWriter, key: Uint8Array, kind: number, postings: Uint8Array): void {
  w.uint(key.length);
  w.append(key);
  w.byte(kind);
  w.uint(postings.length);
  w.append(postings);
}

export function readEntries(blob: Uint8Array, want?: { key: string; kinds: readonly number[] }): BucketEntry[] {
  const out: BucketEntry[] = [];
  const keyBytes = want ? Buffer.from(want.key, 'utf8') : null;
  let i = 0;
  const uint = () => {
    let v = 0, mul = 1;
    for (;;) { const b = blob[i++]; v += (b & 127) * mul; if (b < 128) return v; mul *= 128; }
  };
  while (i < blob.length) {
    const kl = uint();
    const ks = i;
    i += kl;
    const kind = blob[i++];
    const pl = uint();
    const ps = i;
    i += pl;
    if (keyBytes) {
      if (kl !== keyBytes.length || !want!.kinds.includes(kind)) continue;
      let same = true;
      for (let k = 0; k < kl && same; k++) same = blob[ks + k] === keyBytes[k];
      if (!same) continue;
    }
    out.push({ key: Buffer.from(blob.buffer, blob.byteOffset + ks, kl).toString('utf8'), kind, data: blob.subarray(ps, ps + pl) });
  }
  return out;
}
