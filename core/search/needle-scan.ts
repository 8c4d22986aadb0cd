// Runs a search over many files on all cores: files are cut into line-aligned ranges of
// roughly equal size, scanned by this thread and a few worker threads, and the hits merged.
// When this module runs from TypeScript source (tests), workers cannot load it, so the same
// scanRange runs in-process.

import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LogSource } from '../../parsers/log-files.js';
import { alignToLineStart, openByteSource } from './byte-source.js';
import { runTask } from './scan-range.js';
import { JobMemory, newJobMemory } from './causal-bound.js';
import type { ScanHit, ScanTask } from './scan-types.js';
import { mark } from '../timing.js';

export interface ScanRequest {
  requestNeedles: string[];
  instanceNeedles: string[];
  /** Server uuids named in a request's URL (scan-types.ts); only a search of the files can answer them, not the index. */
  serverNeedles?: string[];
  /** Byte windows per source index; a source without an entry is searched whole. */
  windows?: Map<number, [number, number]>;
  /** Only these source indexes (default: all). */
  only?: Set<number>;
  /** Sources whose hits bound the others in time (the api logs), and the clock slack; see causal-bound.ts. */
  causal?: { setters: Set<number>; slackMs: number };
}


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
    const bound = req.causal ? (req.causal.setters.has(i) ? 'sets' as const : 'obeys' as const) : undefined;
    const base = {
      source: i, path: s.path, gzip: s.gzip, refYear: s.refYear, requestNeedles: req.requestNeedles,
      instanceNeedles: req.instanceNeedles, serverNeedles: req.serverNeedles, bound, boundSlackMs: req.causal?.slackMs,
    };
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
  // Bound setters first, so that the bound is known early; the rest latest range first, so
  // that the early ranges, which the bound may let us skip, come last. Without a bound,
  // biggest first, so the threads end evenly.
  const rank = (t: ScanTask) => (t.bound === 'sets' ? 0 : 1);
  return tasks.sort((a, b) => rank(a) - rank(b) || (req.causal ? b.start - a.start : (b.end - b.start) - (a.end - a.start)));
}

/**
 * A search that may run several scans (the request id, then its instances). Worker threads
 * are started once, when the search starts, so that they load while the caller plans; the
 * calling thread scans too, and all threads take tasks from one atomic counter.
 */
interface TaskDone { job: number; hits: ScanHit[]; error?: string; path?: string }

export class ScanPool {
  private pool: Worker[] = [];
  private poolStarted = false;
  private jobs = 0;
  private broken: Error | null = null;
  private onBroken: (() => void) | null = null;
  /** Files a task could not read (corrupt .gz, vanished, unreadable), with the reason: skipped, never fatal. */
  readonly unreadable = new Map<string, string>();

  /**
   * `lazy`: start the threads only when a scan is big enough to use them (the index's source:
   * its searches are mostly small windows, and a thread costs tens of milliseconds to start).
   */
  constructor(readonly workers: number = defaultWorkers(), lazy = false) {
    if (!lazy) this.startPool();
  }

  private startPool(): void {
    if (this.poolStarted) return;
    this.poolStarted = true;
    this.pool = IN_PROCESS ? [] : Array.from({ length: Math.max(0, this.workers - 1) }, () => new Worker(WORKER_URL));
    for (const w of this.pool) {
      w.unref();
      // A worker that dies takes its current task with it: fail the search rather than wait forever.
      w.on('error', (e) => { this.broken = new Error(`search worker failed: ${e.message}`); this.onBroken?.(); });
    }
  }

  async scan(sources: readonly LogSource[], req: ScanRequest): Promise<ScanHit[]> {
    const tasks = planTasks(sources, req, this.workers);
    mark(`planned ${tasks.length} tasks`);
    const bytes = tasks.reduce((a, t) => a + Math.min(t.end, sources[t.source].size) - t.start, 0);
    const memory = newJobMemory();
    const mem = new JobMemory(memory);
    if (tasks.length < 2 || bytes < IN_PROCESS_BYTES) return tasks.flatMap((_, i) => this.runSafely(tasks, i, mem));
    this.startPool();
    if (this.pool.length === 0) return tasks.flatMap((_, i) => this.runSafely(tasks, i, mem));
    // Completion counts tasks, not workers: a worker still starting up when the tasks run out
    // takes none, and nobody waits for it.
    const job = ++this.jobs;
    const hits: ScanHit[] = [];
    let done = 0;
    let failure: Error | null = null;
    let wake: (() => void) | null = null;
    const onMessage = (m: TaskDone) => {
      if (m.job !== job) return;
      if (m.error) this.unreadable.set(m.path ?? '?', m.error); else for (const h of m.hits) hits.push(h);
      done++;
      wake?.();
    };
    if (this.broken) throw this.broken;
    this.onBroken = () => { failure = this.broken; wake?.(); };
    for (const w of this.pool) { w.on('message', onMessage); w.postMessage({ job, tasks, memory }); }
    try {
      for (let i = Atomics.add(mem.next, 0, 1); i < tasks.length; i = Atomics.add(mem.next, 0, 1)) {
        for (const h of this.runSafely(tasks, i, mem)) hits.push(h);
        done++;
      }
      while (done < tasks.length && !failure) await new Promise<void>((resolve) => { wake = resolve; });
    } finally {
      this.onBroken = null;
      for (const w of this.pool) w.off('message', onMessage);
    }
    if (failure) throw failure;
    return hits;
  }

  private runSafely(tasks: readonly ScanTask[], i: number, mem: JobMemory): ScanHit[] {
    try {
      return runTask(tasks, i, mem);
    } catch (e) {
      this.unreadable.set(tasks[i].path, (e as Error).message);
      return [];
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.pool.map((w) => w.terminate()));
  }
}
