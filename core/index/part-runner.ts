// Runs index parts on worker threads (one per core), handing results back in completion
// order. From TypeScript source (tests) workers cannot load the scanner, so parts run in the
// calling thread, as the trace search does (core/search/needle-scan.ts).

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { defaultWorkers } from '../search/needle-scan.js';
import { scanPart, type PartResult, type PartTask } from './part-scan.js';

const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './index-worker.ts' : './index-worker.js', import.meta.url);
// From TypeScript source, or a build that left out the worker's entry point: in this thread.
const IN_PROCESS = import.meta.url.endsWith('.ts') || !fs.existsSync(fileURLToPath(WORKER_URL));
/** Below this much work, starting workers costs more than it saves. */
const IN_PROCESS_BYTES = 32 << 20;

export async function runParts(tasks: readonly PartTask[], onResult: (r: PartResult, task: PartTask) => void, workers = defaultWorkers()): Promise<void> {
  const bytes = tasks.reduce((a, t) => a + (t.gzip ? 0 : t.end - t.start), 0);
  if (IN_PROCESS || workers <= 1 || bytes < IN_PROCESS_BYTES || tasks.length < 2) {
    for (const t of tasks) onResult(safeScan(t), t);
    return;
  }
  // A small young generation: the scan makes little garbage, and each thread's heap counts in the RSS.
  const pool = Array.from({ length: Math.min(workers, tasks.length) }, () => new Worker(WORKER_URL, { resourceLimits: { maxYoungGenerationSizeMb: 16 } }));
  let next = 0;
  try {
    await Promise.all(pool.map((w) => new Promise<void>((resolve, reject) => {
      const give = () => {
        if (next >= tasks.length) { resolve(); return; }
        const id = next++;
        w.once('message', (m: { id: number; result?: PartResult; error?: string }) => {
          try {
            onResult(m.result ?? failed(tasks[id], m.error ?? 'unknown error'), tasks[id]);
          } catch (e) { reject(e); return; }
          give();
        });
        w.postMessage({ id, task: tasks[id] });
      };
      w.once('error', reject);
      give();
    })));
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

function safeScan(t: PartTask): PartResult {
  try {
    return scanPart(t);
  } catch (e) {
    return failed(t, (e as Error).message);
  }
}

function failed(t: PartTask, error: string): PartResult {
  return {
    file: t.file, start: t.start, end: t.start, keys: 0, buckets: 1, bucketIds: new Int32Array(0), blob: new Uint8Array(0),
    blobEnds: new Int32Array(0), boots: [], built: [], records: 0, minTs: Infinity, maxTs: -Infinity, error,
  };
}
