// Bytes of live records in a ring of fixed-size chunks, addressed by an absolute position that
// only grows. Invariant: at most ⌈budget/chunkSize⌉ chunks are held; a position below the oldest
// held chunk is gone (the store then reads the record back from disk through the catalog).

export class ByteArena {
  private readonly chunks: Buffer[] = [];
  /** Sequence number of chunks[0]. */
  private firstSeq = 0;
  /** Write offset inside the last chunk. */
  private fill = 0;
  private readonly maxChunks: number;

  constructor(budgetBytes: number, readonly chunkSize = Math.max(64 * 1024, Math.min(1 << 20, budgetBytes >>> 4))) {
    this.maxChunks = Math.max(2, Math.floor(budgetBytes / chunkSize));
  }

  /** Copy `bytes` in; returns its position, or -1 when it is larger than a chunk (kept on disk only). */
  put(bytes: Buffer): number {
    const len = bytes.length;
    if (len > this.chunkSize) return -1;
    if (this.chunks.length === 0 || this.fill + len > this.chunkSize) this.nextChunk();
    const seq = this.firstSeq + this.chunks.length - 1;
    bytes.copy(this.chunks[this.chunks.length - 1], this.fill);
    const pos = seq * this.chunkSize + this.fill;
    this.fill += len;
    return pos;
  }

  /** The bytes at `pos` (a view, valid until the next put), or null when the ring dropped them. */
  get(pos: number, len: number): Buffer | null {
    if (pos < 0) return null;
    const seq = Math.floor(pos / this.chunkSize);
    const i = seq - this.firstSeq;
    if (i < 0 || i >= this.chunks.length) return null;
    const at = pos - seq * this.chunkSize;
    return this.chunks[i].subarray(at, at + len);
  }

  /** Bytes held (for measurements). */
  heldBytes(): number { return this.chunks.length * this.chunkSize; }

  private nextChunk(): void {
    // Reuse the dropped chunk's memory: the ring allocates only while it fills up.
    let buf: Buffer;
    if (this.chunks.length >= this.maxChunks) {
      buf = this.chunks.shift()!;
      this.firstSeq++;
    } else {
      buf = Buffer.allocUnsafe(this.chunkSize);
    }
    this.chunks.push(buf);
    this.fill = 0;
  }
}
