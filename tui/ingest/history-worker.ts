// Worker thread body of the history load: frames the chunks it is sent (history-chunk.ts) and
// posts each result back, its arrays transferred rather than copied.
import { parentPort } from 'node:worker_threads';
import { ChunkFramerState, frameChunk, transferList, type ChunkJob } from './history-chunk.js';

const state = new ChunkFramerState();

parentPort!.on('message', ({ id, job }: { id: number; job: ChunkJob }) => {
  try {
    const r = frameChunk(job, state);
    parentPort!.postMessage({ id, result: r }, transferList(r));
  } catch (e) {
    parentPort!.postMessage({ id, error: (e as Error).message });
  }
});
