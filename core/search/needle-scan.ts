// Runs a search over many files on all cores: files are cut into line-aligned ranges of
// roughly equal size, scanned by this thread and a few worker threads, and the hits merged.
// When this module runs from TypeScript source (tests), workers cannot load it, so the same
// scanRange runs in-process.

import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LogSource } from '../../parsers/log-files.js';
import { alignToLineStart, openByteSource } from './byte-source.js';
import { drainTasks, scanRange } from './scan-range.js';
import type { ScanHit, ScanTask } from './scan-types.js';
import { mark } from '../timing.js';

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
/** Below this, starting a worker (≈40 ms) costs more than it saves. */
const IN_PROCESS_BYTES = 64 << 20;
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './scan-worker.ts' : './scan-worker.js', import.meta.url);
const IN_PROCESS = import.meta.url.endsWith('.ts');

export function defaultWorkers(): number {
  return Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 8));
}

function planTasks(sources: readonly LogSource[], req: ScanRequest, workers: number): ScanTask[] {
  const chosen = sources.map((s, i) => [s, i] as const).filter(([, i]) => !req.only || req.only.has(i));
  const total = chosen.reduce((a, [s, i]) => a + (req.windows?.get(i) ? req.windows.get(i)![1] - req.windows.get(i)![0] : s.size), 0);
  const piece = Math.max(MIN_PIECE, Math.ceil(total / (workers * 16)));
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

/**
 * The calling thread scans too: it starts at once, while the workers are still loading, and
 * all threads take tasks from one atomic counter, so no thread waits for a dispatcher.
 */
async function runShared(tasks: ScanTask[], workers: number): Promise<ScanHit[]> {
  const counter = new SharedArrayBuffer(4);
  const pool = Array.from({ length: Math.min(workers - 1, tasks.length - 1) }, () => new Worker(WORKER_URL, { workerData: { tasks, counter } }));
  const results = pool.map((w) => new Promise<ScanHit[]>((resolve, reject) => {
    w.once('message', (m: { ok: boolean; hits?: ScanHit[]; error?: string }) => (m.ok ? resolve(m.hits!) : reject(new Error(m.error))));
    w.once('error', reject);
  }));
  try {
    const own = drainTasks(tasks, new Int32Array(counter));
    for (const hits of await Promise.all(results)) for (const h of hits) own.push(h);
    return own;
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

export async function scanSources(sources: readonly LogSource[], req: ScanRequest, opts: ScanOptions = {}): Promise<ScanHit[]> {
  const workers = opts.workers ?? defaultWorkers();
  const tasks = planTasks(sources, req, workers);
  mark(`planned ${tasks.length} tasks`);
  const bytes = tasks.reduce((a, t) => a + Math.min(t.end, sources[t.source].size) - t.start, 0);
  if (IN_PROCESS || workers <= 1 || tasks.length === 1 || bytes < IN_PROCESS_BYTES) return tasks.flatMap((t) => scanRange(t).hits);
  return runShared(tasks, workers);
}
