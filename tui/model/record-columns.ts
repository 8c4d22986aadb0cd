// The store's records as parallel growable typed arrays, indexed by record id (~44 B a record,
// no per-record objects). Invariant: every column has the same capacity and the first `size`
// entries of each describe ids 0…size-1; compaction keeps survivors in id order.

/** Flag bits in the `flags` column. */
export const FLAG_UNPARSED = 1;
export const FLAG_CONTINUES = 2;
export const FLAG_MARKED = 4;

export interface RecordFields {
  ts: number; file: number; offset: number; length: number; level: number; origin: number;
  reqHash: number; instHash: number; arenaPos: number; flags: number;
}

export class RecordColumns {
  size = 0;
  ts: Float64Array;
  offset: Float64Array;
  /** Absolute arena position of the bytes; -1 when they live on disk only. */
  arenaPos: Float64Array;
  length: Uint32Array;
  file: Uint32Array;
  reqHash: Uint32Array;
  instHash: Uint32Array;
  origin: Uint16Array;
  level: Uint8Array;
  flags: Uint8Array;

  constructor(private cap = 4096) {
    this.ts = new Float64Array(cap);
    this.offset = new Float64Array(cap);
    this.arenaPos = new Float64Array(cap);
    this.length = new Uint32Array(cap);
    this.file = new Uint32Array(cap);
    this.reqHash = new Uint32Array(cap);
    this.instHash = new Uint32Array(cap);
    this.origin = new Uint16Array(cap);
    this.level = new Uint8Array(cap);
    this.flags = new Uint8Array(cap);
  }

  get capacity(): number { return this.cap; }

  push(f: RecordFields): number {
    // 1.5×, not 2×: at 600k records a doubling leaves ~20 MB of columns empty (measured in the live benchmark).
    if (this.size === this.cap) this.grow(Math.ceil(this.cap * 1.5) + 16);
    const id = this.size++;
    this.ts[id] = f.ts; this.offset[id] = f.offset; this.arenaPos[id] = f.arenaPos; this.length[id] = f.length;
    this.file[id] = f.file; this.reqHash[id] = f.reqHash; this.instHash[id] = f.instHash;
    this.origin[id] = f.origin; this.level[id] = f.level; this.flags[id] = f.flags;
    return id;
  }

  /** Order of records: (ts, file, offset). */
  compare(a: number, b: number): number {
    return this.ts[a] - this.ts[b] || this.file[a] - this.file[b] || this.offset[a] - this.offset[b];
  }

  compareKey(ts: number, file: number, offset: number, id: number): number {
    return ts - this.ts[id] || file - this.file[id] || offset - this.offset[id];
  }

  /**
   * Drop the ids whose `drop[id]` is non-zero, moving survivors down in id order (in place:
   * a survivor's new id is never above its old one). Returns old id → new id (-1 if dropped).
   */
  compact(drop: Uint8Array): Int32Array {
    const remap = new Int32Array(this.size);
    let w = 0;
    for (let id = 0; id < this.size; id++) {
      if (drop[id]) { remap[id] = -1; continue; }
      remap[id] = w;
      if (w !== id) {
        this.ts[w] = this.ts[id]; this.offset[w] = this.offset[id]; this.arenaPos[w] = this.arenaPos[id];
        this.length[w] = this.length[id]; this.file[w] = this.file[id]; this.reqHash[w] = this.reqHash[id];
        this.instHash[w] = this.instHash[id]; this.origin[w] = this.origin[id]; this.level[w] = this.level[id];
        this.flags[w] = this.flags[id];
      }
      w++;
    }
    this.size = w;
    return remap;
  }

  private grow(cap: number): void {
    const g = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.ts = g(this.ts, (n) => new Float64Array(n));
    this.offset = g(this.offset, (n) => new Float64Array(n));
    this.arenaPos = g(this.arenaPos, (n) => new Float64Array(n));
    this.length = g(this.length, (n) => new Uint32Array(n));
    this.file = g(this.file, (n) => new Uint32Array(n));
    this.reqHash = g(this.reqHash, (n) => new Uint32Array(n));
    this.instHash = g(this.instHash, (n) => new Uint32Array(n));
    this.origin = g(this.origin, (n) => new Uint16Array(n));
    this.level = g(this.level, (n) => new Uint8Array(n));
    this.flags = g(this.flags, (n) => new Uint8Array(n));
    this.cap = cap;
  }
}
