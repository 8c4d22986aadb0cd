// Runs history chunks (history-chunk.ts) on a worker thread, so that framing the next chunk
// overlaps with storing and drawing the last one. From TypeScript source (tests) a worker
// cannot load the scanner unless given a bundle of history-worker.ts; without one, Backfill
// frames in the calling thread.

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChunkJob, ChunkResult } from './history-chunk.js';

/** The worker's entry point in the build, beside this module's bundle. */
const BUILT_WORKER = import.meta.url.endsWith('.ts') ? null : new URL('./history-worker.js', import.meta.url);

export class HistoryWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (r: ChunkResult | null) => void>();
  private nextId = 0;
  private closed = false;

  /** A worker running `url` (default: the build's), or null when there is none. */
  static start(url: URL | null = BUILT_WORKER): HistoryWorker | null {
    return url && fs.existsSync(fileURLToPath(url)) ? new HistoryWorker(url) : null;
  }

  private constructor(url: URL) {
    // The framing makes little garbage that lives: a young generation as small as the view's own.
    this.worker = new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    this.worker.on('message', (m: { id: number; result?: ChunkResult; error?: string }) => {
      const done = this.pending.get(m.id);
      this.pending.delete(m.id);
      done?.(m.result ?? null);
    });
    const failAll = () => {
      for (const done of this.pending.values()) done(null);
      this.pending.clear();
      this.closed = true;
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', failAll);
  }

  /** The chunk's result; null when the worker failed or was stopped. */
  run(job: ChunkJob): Promise<ChunkResult | null> {
    if (this.closed) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ id, job });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const done of this.pending.values()) done(null);
    this.pending.clear();
    void this.worker.terminate();
  }
}
