// A growable array of record ids kept sorted by a comparator (the store's `order` and its
// filtered view). Invariant: a[0…n) is sorted; merges happen in place from the back, so a
// batch landing near the end (the live case) moves only the entries after its insertion point.

export class SortedIds {
  a: Uint32Array;
  n = 0;

  constructor(cap = 4096) { this.a = new Uint32Array(cap); }

  /** First index whose id compares ≥ 0 against the probe (probe(id) < 0 means "id is before"). */
  lowerBound(probe: (id: number) => number, from = 0): number {
    let lo = from, hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (probe(this.a[mid]) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Merge the sorted ids `add[0…count)` in; `cmp(x, y)` orders ids. Returns the first index that changed. */
  merge(add: Uint32Array, count: number, cmp: (x: number, y: number) => number): number {
    if (count === 0) return this.n;
    this.reserve(this.n + count);
    const a = this.a;
    const first = add[0];
    const from = this.lowerBound((id) => (cmp(id, first) <= 0 ? -1 : 1));
    // From the back: the entries after add[j] move up as one block (found by binary search),
    // so a batch older than everything (history) costs one memmove, not a compare per entry.
    let i = this.n, k = this.n + count;
    for (let j = count - 1; j >= 0; j--) {
      const x = add[j];
      if (i > from && cmp(a[i - 1], x) > 0) {
        let lo = from, hi = i - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (cmp(a[mid], x) > 0) hi = mid;
          else lo = mid + 1;
        }
        a.copyWithin(k - (i - lo), lo, i);
        k -= i - lo;
        i = lo;
      }
      a[--k] = x;
    }
    this.n += count;
    return from;
  }

  push(id: number): void {
    if (this.n === this.a.length) this.reserve(this.n + 1);
    this.a[this.n++] = id;
  }

  /** Remove the first `count` entries. */
  dropFront(count: number): void {
    this.a.copyWithin(0, count, this.n);
    this.n -= count;
  }

  clear(): void { this.n = 0; }

  private reserve(cap: number): void {
    if (cap <= this.a.length) return;
    let c = Math.ceil(this.a.length * 1.5) + 16;
    while (c < cap) c = Math.ceil(c * 1.5);
    const b = new Uint32Array(c);
    b.set(this.a.subarray(0, this.n));
    this.a = b;
  }
}
