// Runs a search over many files on all cores: files are cut into line-aligned ranges of
// roughly equal size, handed to a small pool of worker threads, and the hits merged.
// When this module runs from TypeScript source (tests), workers cannot load it, so the same
// scanRange runs in-process.

import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LogSource } from '../../parsers/log-files.js';
import { alignToLineStart, openByteSource } from './byte-source.js';
import { scanRange } from './scan-range.js';
import type { ScanHit, ScanTask } from './scan-types.js';

export interface ScanRequest {
  requestNeedles: string[];
  instanceNeedles: string[];
  /** Byte windows per source index; a source without an entry is searched whole. */
  windows?: Map<number, [number, number]>;
  /** Only these source indexes (default: all). */
  only?: Set<number>;
}

export interface ScanOptions { workers?: number }

const MIN_PIECE = 8 << 20;
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './scan-worker.ts' : './scan-worker.js', import.meta.url);
const IN_PROCESS = import.meta.url.endsWith('.ts');

export function defaultWorkers(): number {
  return Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 8));
}

function planTasks(sources: readonly LogSource[], req: ScanRequest, workers: number): ScanTask[] {
  const chosen = sources.map((s, i) => [s, i] as const).filter(([, i]) => !req.only || req.only.has(i));
  const total = chosen.reduce((a, [s, i]) => a + (req.windows?.get(i) ? req.windows.get(i)![1] - req.windows.get(i)![0] : s.size), 0);
  const piece = Math.max(MIN_PIECE, Math.ceil(total / (workers * 4)));
  const tasks: ScanTask[] = [];
  for (const [s, i] of chosen) {
    const [from, to] = req.windows?.get(i) ?? [0, s.size];
    const base = { source: i, path: s.path, gzip: s.gzip, refYear: s.refYear, requestNeedles: req.requestNeedles, instanceNeedles: req.instanceNeedles };
    if (s.gzip || to - from <= piece) {
      tasks.push({ ...base, start: from, end: s.gzip ? Number.MAX_SAFE_INTEGER : to });
      continue;
    }
    const src = openByteSource(s.path, false);
    try {
      let start = from;
      while (start < to) {
        const end = Math.min(to, alignToLineStart(src, start + piece));
        tasks.push({ ...base, start, end });
        start = end;
      }
    } finally {
      src.close();
    }
  }
  // Biggest first, so the pool ends evenly.
  return tasks.sort((a, b) => (b.end - b.start) - (a.end - a.start));
}

function runPool(tasks: ScanTask[], workers: number): Promise<ScanHit[]> {
  const hits: ScanHit[] = [];
  if (tasks.length === 0) return Promise.resolve(hits);
  return new Promise((resolve, reject) => {
    let next = 0;
    let running = 0;
    let failed = false;
    const pool: Worker[] = [];
    const finish = (err?: Error) => {
      if (failed) return;
      if (err) failed = true;
      if (err || (next >= tasks.length && running === 0)) {
        for (const w of pool) void w.terminate();
        if (err) reject(err); else resolve(hits);
      }
    };
    const feed = (w: Worker) => {
      if (next >= tasks.length) return finish();
      running++;
      w.postMessage(tasks[next++]);
    };
    for (let k = 0; k < Math.min(workers, tasks.length); k++) {
      const w = new Worker(WORKER_URL);
      pool.push(w);
      w.on('message', (m: { ok: boolean; result?: { hits: ScanHit[] }; error?: string }) => {
        running--;
        if (!m.ok) return finish(new Error(m.error));
        for (const h of m.result!.hits) hits.push(h);
        feed(w);
      });
      w.on('error', (e) => finish(e));
      feed(w);
    }
  });
}

export async function scanSources(sources: readonly LogSource[], req: ScanRequest, opts: ScanOptions = {}): Promise<ScanHit[]> {
  const workers = opts.workers ?? defaultWorkers();
  const tasks = planTasks(sources, req, workers);
  if (IN_PROCESS || workers <= 1 || tasks.length === 1) return tasks.flatMap((t) => scanRange(t).hits);
  return runPool(tasks, workers);
}
