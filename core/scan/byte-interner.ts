// Interns byte ranges as small integer ids without decoding them: FNV-1a over the bytes into an
// open-addressing table, then a byte-for-byte check against the value's copy in one growing
// arena — no object per value. Request ids repeat on consecutive lines, so the last id is
// tried first. A value is decoded (UTF-8, as the line parser decodes) when first asked for.

const EMPTY = -1;

export class ByteInterner {
  private arena = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private table = new Int32Array(2048).fill(EMPTY);
  private readonly decoded: (string | undefined)[] = [];
  private count = 0;
  private last = -1;

  get size(): number { return this.count; }

  /** The value of `id`, decoded once. */
  string(id: number): string {
    let s = this.decoded[id];
    if (s === undefined) s = this.decoded[id] = this.arena.toString('utf8', this.starts[id], this.ends[id]);
    return s;
  }

  /** The bytes of `id` as they were read (valid until the next intern). */
  bytesOf(id: number): Buffer {
    return this.arena.subarray(this.starts[id], this.ends[id]);
  }

  /** Every value, by id. */
  get strings(): string[] {
    const out: string[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.string(i);
    return out;
  }

  intern(buf: Buffer, s: number, e: number): number {
    if (this.last >= 0 && this.same(this.last, buf, s, e)) return this.last;
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 16777619);
    const mask = this.table.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const id = this.table[slot];
      if (id === EMPTY) { this.table[slot] = this.add(buf, s, e); break; }
      if (this.same(id, buf, s, e)) return (this.last = id);
    }
    if (this.count * 2 > this.table.length) this.rehash();
    return (this.last = this.count - 1);
  }

  /** Interns a string already decoded (the fallback parser's fields). */
  internString(v: string): number {
    const b = Buffer.from(v, 'utf8');
    return this.intern(b, 0, b.length);
  }

  private add(buf: Buffer, s: number, e: number): number {
    const len = e - s;
    if (this.used + len > this.arena.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + len));
      this.arena.copy(bigger, 0, 0, this.used);
      this.arena = bigger;
    }
    if (this.count === this.starts.length) {
      const ns = new Int32Array(this.count * 2); ns.set(this.starts); this.starts = ns;
      const ne = new Int32Array(this.count * 2); ne.set(this.ends); this.ends = ne;
    }
    buf.copy(this.arena, this.used, s, e);
    this.starts[this.count] = this.used;
    this.ends[this.count] = this.used + len;
    this.used += len;
    return this.count++;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(EMPTY);
    const mask = table.length - 1;
    for (let id = 0; id < this.count; id++) {
      let h = 0x811c9dc5;
      for (let i = this.starts[id]; i < this.ends[id]; i++) h = Math.imul(h ^ this.arena[i], 16777619);
      let slot = h & mask;
      while (table[slot] !== EMPTY) slot = (slot + 1) & mask;
      table[slot] = id;
    }
    this.table = table;
  }

  private same(id: number, buf: Buffer, s: number, e: number): boolean {
    const a = this.starts[id];
    if (this.ends[id] - a !== e - s) return false;
    const arena = this.arena;
    for (let i = s, j = a; i < e; i++, j++) if (arena[j] !== buf[i]) return false;
    return true;
  }
}
