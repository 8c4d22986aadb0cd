// Worker thread body for the parallel no-index search: takes task indexes from the shared
// counter until none is left, then posts all its hits at once.
import { parentPort, workerData } from 'node:worker_threads';
import { drainTasks } from './scan-range.js';
import type { ScanTask } from './scan-types.js';

const { tasks, counter } = workerData as { tasks: ScanTask[]; counter: SharedArrayBuffer };
try {
  parentPort!.postMessage({ ok: true, hits: drainTasks(tasks, new Int32Array(counter)) });
} catch (e) {
  parentPort!.postMessage({ ok: false, error: (e as Error).message });
}
