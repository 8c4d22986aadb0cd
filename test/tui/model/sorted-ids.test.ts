import { describe, expect, it } from 'vitest';
import { SortedIds } from '../../../tui/model/sorted-ids.js';

/** A small deterministic generator (tests must not depend on Math.random). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('SortedIds.merge', () => {
  it('merges batches anywhere (older, newer, interleaved, equal keys) as a stable sort would', () => {
    const rnd = lcg(42);
    const key: number[] = [];
    const cmp = (x: number, y: number) => key[x] - key[y];
    const s = new SortedIds(4);
    let expected: number[] = [];
    for (let round = 0; round < 300; round++) {
      const shape = round % 4;
      const count = 1 + Math.floor(rnd() * 40);
      const batch: number[] = [];
      for (let k = 0; k < count; k++) {
        const id = key.length;
        // 0: older than everything (history), 1: newer (live), 2: anywhere, 3: few distinct keys (ties)
        key.push(shape === 0 ? -round * 100 - k : shape === 1 ? round * 100 + k : shape === 2 ? Math.floor(rnd() * 30_000) - 15_000 : Math.floor(rnd() * 5));
        batch.push(id);
      }
      batch.sort((x, y) => cmp(x, y) || x - y);
      const firstChanged = s.merge(Uint32Array.from(batch), batch.length, cmp);
      const before = expected;
      // Equal keys: entries already present come first, then the batch in its order.
      expected = [...before, ...batch].sort((x, y) => cmp(x, y) || x - y);
      expect(Array.from(s.a.subarray(0, s.n))).toEqual(expected);
      let same = 0;
      while (same < before.length && before[same] === expected[same]) same++;
      expect(firstChanged).toBeLessThanOrEqual(same);
    }
  });

  it('moves a batch older than everything in front of it', () => {
    const key = [5, 6, 7, 1, 2];
    const s = new SortedIds();
    const cmp = (x: number, y: number) => key[x] - key[y];
    s.merge(Uint32Array.of(0, 1, 2), 3, cmp);
    expect(s.merge(Uint32Array.of(3, 4), 2, cmp)).toBe(0);
    expect(Array.from(s.a.subarray(0, s.n))).toEqual([3, 4, 0, 1, 2]);
  });
});
