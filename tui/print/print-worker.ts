// Worker thread body of the merged print: frames the files it is given (file-batches.ts) and
// posts each file's batches back on request, their memory transferred rather than copied (and
// handed back once written, to be filled again).
import { parentPort } from 'node:worker_threads';
import type { LogSource } from '../../parsers/log-files.js';
import { BufferPool } from './buffer-pool.js';
import type { ColumnFilter } from './column-filter.js';
import { fileBatches } from './file-batches.js';
import type { PrintBatch } from './print-framer.js';

export type PrintWorkerRequest =
  | { kind: 'open'; file: number; src: LogSource; timestamps: boolean; filter: ColumnFilter | null; batchBytes: number }
  | { kind: 'next'; file: number }
  | { kind: 'recycle'; memory: ArrayBuffer };
export interface PrintWorkerReply { warning?: string; file: number; n?: number; shown?: number; keys?: Float64Array; ends?: Int32Array; data?: ArrayBuffer; size?: number; error?: string }

const files = new Map<number, AsyncGenerator<PrintBatch>>();
const pool = new BufferPool(8);
/** Warnings go to the main thread on the replies' port, so they arrive before the file's last reply. */
const warn = (text: string) => parentPort!.postMessage({ file: -1, warning: text } satisfies PrintWorkerReply);

parentPort!.on('message', (m: PrintWorkerRequest) => {
  if (m.kind === 'recycle') { pool.give(m.memory); return; }
  if (m.kind === 'open') { files.set(m.file, fileBatches(m.src, m.timestamps, pool, m.filter, warn, m.batchBytes)); return; }
  const it = files.get(m.file);
  if (!it) { parentPort!.postMessage({ file: m.file, error: 'not open' }); return; }
  it.next().then((r) => {
    if (r.done) { files.delete(m.file); parentPort!.postMessage({ file: m.file }); return; }
    const b = r.value;
    const data = b.data.buffer as ArrayBuffer;
    const reply: PrintWorkerReply = { file: m.file, n: b.n, shown: b.shown, keys: b.keys, ends: b.ends, data, size: b.data.length };
    parentPort!.postMessage(reply, [b.keys.buffer as ArrayBuffer, b.ends.buffer as ArrayBuffer, data]);
  }, (e: Error) => parentPort!.postMessage({ file: m.file, error: e.message }));
});
