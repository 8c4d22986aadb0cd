// Worker thread body of the index build: scans the parts it is sent and posts each result,
// its arrays transferred rather than copied.
import { parentPort } from 'node:worker_threads';
import { scanPart, type PartTask } from './part-scan.js';

parentPort!.on('message', ({ id, task }: { id: number; task: PartTask }) => {
  try {
    const r = scanPart(task);
    parentPort!.postMessage({ id, result: r }, [r.bucketIds.buffer, r.blob.buffer, r.blobEnds.buffer] as ArrayBuffer[]);
  } catch (e) {
    parentPort!.postMessage({ id, error: (e as Error).message });
  }
});
