// Worker thread body for the parallel no-index search: runs scanRange on each task it is sent.
import { parentPort } from 'node:worker_threads';
import { scanRange } from './scan-range.js';
import type { ScanTask } from './scan-types.js';

parentPort!.on('message', (task: ScanTask) => {
  try {
    parentPort!.postMessage({ ok: true, result: scanRange(task) });
  } catch (e) {
    parentPort!.postMessage({ ok: false, error: (e as Error).message });
  }
});
