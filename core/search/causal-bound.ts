// The causal bound of a search: nothing of a request is logged before the API received it,
// so once any thread has found the request in an api log, the other files need searching only
// from that time (less a slack for clocks that disagree). The bound lives in shared memory
// next to the task counter; it only ever moves earlier, and a task that starts before the
// bound is known simply searches its whole range — the bound saves work, never changes results.

import { openByteSource } from './byte-source.js';
import { startOffsetAtTime } from './time-seek.js';
import type { ScanTask } from './scan-types.js';

const UNKNOWN = BigInt(Number.MAX_SAFE_INTEGER);

/** [0]: next task index (Int32); bytes 8–15: bound in ms since epoch (BigInt64). */
export function newJobMemory(): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(16);
  Atomics.store(new BigInt64Array(sab, 8, 1), 0, UNKNOWN);
  return sab;
}

export class JobMemory {
  readonly next: Int32Array;
  private readonly bound: BigInt64Array;
  /** Per file, the offset the current bound maps to (bisection is done once per thread and bound). */
  private readonly offsets = new Map<string, { ms: bigint; offset: number }>();

  constructor(sab: SharedArrayBuffer) {
    this.next = new Int32Array(sab, 0, 1);
    this.bound = new BigInt64Array(sab, 8, 1);
  }

  lower(ms: number): void {
    if (Number.isNaN(ms)) return;
    const v = BigInt(Math.floor(ms));
    for (let cur = Atomics.load(this.bound, 0); v < cur; ) {
      const seen = Atomics.compareExchange(this.bound, 0, cur, v);
      if (seen === cur) return;
      cur = seen;
    }
  }

  /** Where `task` should start searching, given what is known of the bound now. */
  startOf(task: ScanTask): number {
    const ms = Atomics.load(this.bound, 0);
    if (task.bound !== 'obeys' || task.gzip || ms === UNKNOWN) return task.start;
    let o = this.offsets.get(task.path);
    if (!o || o.ms !== ms) {
      const src = openByteSource(task.path, false);
      try {
        o = { ms, offset: startOffsetAtTime(src, Number(ms), task.refYear, task.path) };
      } finally {
        src.close();
      }
      this.offsets.set(task.path, o);
    }
    return Math.max(task.start, o.offset);
  }
}
