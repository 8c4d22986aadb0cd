// A posting list — the records of one key (request id, global request id, instance) in one
// part of one file — packed as bytes: per record the offset (delta from the previous one),
// the time (ms, zig-zag delta) and the level code, as LEB128 varints. About 6 bytes a record
// where SQLite rows would take 40.

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
