// Worker thread body for the parallel no-index search: for each job it is sent, takes task
// indexes from the job's shared counter until none is left, posting each task's hits as it
// finishes it.
import { parentPort } from 'node:worker_threads';
import { runTask } from './scan-range.js';
import { JobMemory } from './causal-bound.js';
import type { ScanTask } from './scan-types.js';

parentPort!.on('message', ({ job, tasks, memory }: { job: number; tasks: ScanTask[]; memory: SharedArrayBuffer }) => {
  const mem = new JobMemory(memory);
  for (let i = Atomics.add(mem.next, 0, 1); i < tasks.length; i = Atomics.add(mem.next, 0, 1)) {
    try {
      parentPort!.postMessage({ job, hits: runTask(tasks, i, mem) });
    } catch (e) {
      // A file that cannot be read is skipped and named; the search goes on.
      parentPort!.postMessage({ job, hits: [], error: (e as Error).message, path: tasks[i].path });
    }
  }
});
