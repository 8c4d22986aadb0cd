// The merged print's files framed on worker threads (print-worker.ts), one per core, each file
// on one worker (spread by the work they take, the largest first), with the next batch of every file requested
// ahead while the main thread merges the current ones. Without a built worker (TypeScript
// source, as in tests), or for a small directory, the caller frames the files itself.

import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LogSource } from '../../parsers/log-files.js';
import type { ColumnFilter } from './column-filter.js';
import { batchBytesFor } from './file-batches.js';
import type { PrintBatch } from './print-framer.js';
import type { PrintWorkerReply, PrintWorkerRequest } from './print-worker.js';

const BUILT_WORKER = import.meta.url.endsWith('.ts') ? null : new URL('./print-worker.js', import.meta.url);

/** Framing costs per line and per byte alike (measured on the benchmark corpus: 1.6 µs a line, 1 ns a byte). */
const BYTES_PER_LINE_COST = 1600;
const SAMPLE_BYTES = 64 * 1024;
/** Below this much to read, starting the workers (~70 ms) costs more than they save. */
const MIN_BYTES = 32 << 20;
/** A .gz file holds about this many times its size. */
const GZIP_RATIO = 5;

/** The work of framing a file, in byte-equivalents: its bytes plus a cost per line, lines counted in its head. */
function workOf(src: LogSource): number {
  const bytes = src.gzip ? src.size * GZIP_RATIO : src.size;
  let linesPerByte = 1 / 400;
  if (!src.gzip && src.size > 0) {
    try {
      const fd = fs.openSync(src.path, 'r');
      const head = Buffer.allocUnsafe(Math.min(SAMPLE_BYTES, src.size));
      const n = fs.readSync(fd, head, 0, head.length, 0);
      fs.closeSync(fd);
      let lines = 0;
      for (let i = head.indexOf(10); i >= 0 && i < n; i = head.indexOf(10, i + 1)) lines++;
      if (n > 0) linesPerByte = Math.max(lines, 1) / n;
    } catch {
      // unreadable now: the worker says so when it reads it
    }
  }
  return bytes * (1 + linesPerByte * BYTES_PER_LINE_COST);
}

type Pending = { resolve: (b: PrintBatch | null) => void; reject: (e: Error) => void };

export class PrintWorkers {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, Pending>();
  private owner: Worker[] = [];

  /** Workers for `sources`, or null when there is no built worker, a single core, or too little to read to be worth starting them. */
  static start(sources: readonly LogSource[], always = false, url: URL | null = BUILT_WORKER): PrintWorkers | null {
    const n = Math.min(os.availableParallelism(), sources.length);
    const bytes = sources.reduce((sum, s) => sum + (s.gzip ? s.size * GZIP_RATIO : s.size), 0);
    if (!url || n < 2 || (bytes < MIN_BYTES && !always) || !fs.existsSync(fileURLToPath(url))) return null;
    return new PrintWorkers(url, n);
  }

  private constructor(url: URL, n: number) {
    for (let k = 0; k < n; k++) {
      const w = new Worker(url);
      w.on('message', (m: PrintWorkerReply) => this.reply(m));
      w.on('error', (e) => this.failAll(e));
      w.on('exit', () => this.failAll(new Error('print worker stopped')));
      this.workers.push(w);
    }
  }

  /** Each file's batches, read ahead by one. */
  files(sources: readonly LogSource[], timestamps: boolean, filter: ColumnFilter | null): AsyncIterator<PrintBatch>[] {
    const load = new Array<number>(this.workers.length).fill(0);
    const owner = this.owner = new Array<Worker>(sources.length);
    const cost = sources.map(workOf);
    const batchBytes = batchBytesFor(sources.length);
    const byCost = sources.map((s, i) => i).sort((a, b) => cost[b] - cost[a]);
    for (const i of byCost) {
      const k = load.indexOf(Math.min(...load));
      load[k] += cost[i];
      owner[i] = this.workers[k];
      owner[i].postMessage({ kind: 'open', file: i, src: sources[i], timestamps, filter, batchBytes } satisfies PrintWorkerRequest);
    }
    return sources.map((_, i) => {
      const ask = (): Promise<PrintBatch | null> => new Promise((resolve, reject) => {
        this.waiting.set(i, { resolve, reject });
        owner[i].postMessage({ kind: 'next', file: i } satisfies PrintWorkerRequest);
      });
      let ahead: Promise<PrintBatch | null> | null = ask();
      return {
        next: async (): Promise<IteratorResult<PrintBatch>> => {
          const b = ahead ? await ahead : null;
          ahead = b ? ask() : null;
          return b ? { done: false, value: b } : { done: true, value: undefined };
        },
      };
    });
  }

  /** File `file`'s batch is written: its memory goes back to the worker that framed it. */
  release(file: number, b: PrintBatch): void {
    const memory = b.data.buffer as ArrayBuffer;
    this.owner[file]?.postMessage({ kind: 'recycle', memory } satisfies PrintWorkerRequest, [memory]);
  }

  stop(): void {
    for (const w of this.workers) { w.removeAllListeners('exit'); void w.terminate(); }
  }

  private reply(m: PrintWorkerReply): void {
    if (m.warning !== undefined) { process.stderr.write(m.warning); return; }
    const p = this.waiting.get(m.file);
    if (!p) return;
    this.waiting.delete(m.file);
    if (m.error) { p.reject(new Error(m.error)); return; }
    if (m.n === undefined) { p.resolve(null); return; }
    p.resolve({ n: m.n, shown: m.shown!, keys: m.keys!, ends: m.ends!, data: Buffer.from(m.data!, 0, m.size!) });
  }

  private failAll(e: Error): void {
    for (const p of this.waiting.values()) p.reject(e);
    this.waiting.clear();
  }
}
