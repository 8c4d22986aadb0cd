// Buffers handed back once their bytes are written, to be filled again: the merged print moves
// about as many bytes as it reads, and fresh memory for each batch costs a page fault per page.

const UNIT = 64 << 10;

export class BufferPool {
  private readonly free: ArrayBuffer[] = [];

  constructor(private readonly keep = 8) {}

  /** `size` bytes on memory of their own (whole 64 KiB units, so that it can be moved to another thread and back). */
  take(size: number): Buffer {
    for (let k = 0; k < this.free.length; k++) {
      if (this.free[k].byteLength >= size) return Buffer.from(this.free.splice(k, 1)[0], 0, size);
    }
    return Buffer.from(Buffer.allocUnsafeSlow(Math.max(UNIT, Math.ceil(size / UNIT) * UNIT)).buffer, 0, size);
  }

  /** At least `size` bytes: the whole of a buffer from the pool or a new one. */
  takeAtLeast(size: number): Buffer {
    const b = this.take(size);
    return Buffer.from(b.buffer as ArrayBuffer, 0, b.buffer.byteLength);
  }

  give(memory: ArrayBuffer): void {
    if (this.free.length < this.keep && memory.byteLength > 0) this.free.push(memory);
  }
}
