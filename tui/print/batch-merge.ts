// Merges the files' print batches (print-framer.ts) into one stream by merge key — a record's
// time, or for a record without one the key of the record before it in its file — and, for
// equal keys, by file order (oldest rotation first), as merged-print.ts always has. The file
// whose record comes next keeps the turn for as long as its records come before every other
// file's next one, so a run of records is copied in one go.

import type { PrintBatch } from './print-framer.js';

const OUT_BYTES = 1 << 20;

interface Head { it: AsyncIterator<PrintBatch>; batch: PrintBatch; i: number; order: number }

async function load(h: { it: AsyncIterator<PrintBatch> }): Promise<PrintBatch | null> {
  for (;;) {
    const n = await h.it.next();
    if (n.done) return null;
    if (n.value.n > 0) return n.value;
  }
}

const before = (a: Head, b: Head): boolean => {
  const ka = a.batch.keys[a.i], kb = b.batch.keys[b.i];
  return ka < kb || (ka === kb && a.order < b.order);
};

/**
 * Writes the merged records through `write` (which resolves false when the reader is gone, and
 * calls `written` once done with the buffer); each batch goes to `release` once copied. Returns
 * how many records were merged, and how many of them shown (a hidden record has no text).
 */
export async function mergeBatches(
  files: AsyncIterator<PrintBatch>[],
  write: (b: Buffer, written: () => void) => Promise<boolean>,
  release: (file: number, b: PrintBatch) => void,
): Promise<{ records: number; printed: number }> {
  const loaded = await Promise.all(files.map(async (it, order) => ({ it, batch: await load({ it }), i: 0, order })));
  let live = loaded.filter((h): h is Head => h.batch !== null);
  const spare: Buffer[] = [];
  let out: Buffer = Buffer.allocUnsafeSlow(OUT_BYTES);
  let used = 0;
  const send = (b: Buffer): Promise<boolean> => write(b, () => { if (spare.length < 4) spare.push(b); });
  let records = 0, printed = 0;
  const put = async (data: Buffer, s: number, e: number): Promise<boolean> => {
    while (s < e) {
      const n = Math.min(e - s, OUT_BYTES - used);
      data.copy(out, used, s, s + n);
      used += n;
      s += n;
      if (used === OUT_BYTES) {
        if (!await send(out)) return false;
        out = spare.pop() ?? Buffer.allocUnsafeSlow(OUT_BYTES);
        used = 0;
      }
    }
    return true;
  };
  while (live.length > 0) {
    let best = live[0];
    let second: Head | null = null;
    for (let k = 1; k < live.length; k++) {
      const h = live[k];
      if (before(h, best)) { second = best; best = h; } else if (second === null || before(h, second)) second = h;
    }
    const { keys, ends, n, data } = best.batch;
    let j = best.i + 1;
    if (second === null) {
      j = n;
    } else {
      const sk = second.batch.keys[second.i];
      const first = best.order < second.order;
      while (j < n && (keys[j] < sk || (keys[j] === sk && first))) j++;
    }
    records += j - best.i;
    const from = best.i === 0 ? 0 : ends[best.i - 1];
    if (best.batch.shown === n) printed += j - best.i; else for (let k = best.i, at = from; k < j; at = ends[k++]) if (ends[k] > at) printed++;
    if (!await put(data, from, ends[j - 1])) return { records, printed };
    best.i = j;
    if (j === n) {
      release(best.order, best.batch);
      const next = await load(best);
      if (next) { best.batch = next; best.i = 0; } else live = live.filter((h) => h !== best);
    }
  }
  if (used > 0) await write(out.subarray(0, used), () => undefined);
  return { records, printed };
}
