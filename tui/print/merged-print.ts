// `nova-trace tail --no-follow` (and `nova-trace tail` into a pipe): every record of every log
// file under the directory — rotated and .gz files included — merged into one time-ordered
// stream, filtered, printed as text or one JSON object per line. Each file is streamed
// (parsers/record-stream.ts) and merged by timestamp with one pending record per file, so
// memory does not grow with the directory. A record without a timestamp keeps its place after
// the record before it in its file.
//
// The text output — the common case, and what a pipe gets — takes the fast path: each file is
// framed and its rows written as bytes by the record scanner (file-batches.ts), on worker
// threads, and the files' batches are merged by time (batch-merge.ts); the filters apply there
// too (column-filter.ts). `-o json` takes the path below, which parses every record (about four
// times slower); it is also the reference the fast path is tested against (`reference`), byte
// for byte.

import { discoverLogs, type LogSource } from '../../parsers/log-files.js';
import type { ParsedLine } from '../../parsers/line-parser.js';
import { streamFileRecords } from '../../parsers/record-stream.js';
import { programFromFileName, serviceOf } from '../../parsers/source-naming.js';
import { OriginTable } from '../ingest/origins.js';
import type { RowData, ViewFilter } from '../model/types.js';
import { formatRowPlain, rowToJson } from '../model/view-text.js';
import { recordMatches } from './record-match.js';
import { mergeBatches } from './batch-merge.js';
import { batchBytesFor, fileBatches } from './file-batches.js';
import { PrintWorkers } from './print-workers.js';
import { BufferPool } from './buffer-pool.js';
import { columnFilterOf } from './column-filter.js';
import type { PrintBatch } from './print-framer.js';

export interface PrintOptions {
  dir: string;
  filter: ViewFilter;
  output: 'text' | 'json';
  timestamps: boolean;
  out: NodeJS.WritableStream;
  /** Take the parsing path even where the fast one applies (tests compare the two). */
  reference?: boolean;
  /** Frame on worker threads however small the directory (tests). */
  workers?: boolean;
}



const BATCH_CHARS = 64 * 1024;

interface Head { it: AsyncIterator<ParsedLine>; rec: ParsedLine | null; ts: number; src: LogSource; index: number }

/** Next record of a file; a file that fails mid-way (a corrupt .gz) ends there with a warning, the others go on. */
async function advance(h: Head): Promise<void> {
  let n: IteratorResult<ParsedLine>;
  try {
    n = await h.it.next();
  } catch (e) {
    process.stderr.write(`nova-trace: skipped the rest of ${h.src.path}: ${(e as Error).message}\n`);
    h.rec = null;
    return;
  }
  h.rec = n.done ? null : n.value;
  if (h.rec && !Number.isNaN(h.rec.ts)) h.ts = h.rec.ts;
}

/**
 * Waits until `out` takes more (true) or is closed or failed (false), leaving no listener
 * behind (events.once in a race leaves the loser's: a long print into a pipe piled them up).
 */
function drained(out: NodeJS.WritableStream): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      out.off('drain', onDrain); out.off('close', onClose); out.off('error', onClose);
      resolve(ok);
    };
    const onDrain = done(true), onClose = done(false);
    out.on('drain', onDrain); out.on('close', onClose); out.on('error', onClose);
  });
}

/** The directory's log files, oldest rotation first, so that equal timestamps keep the order the files were written in. */
function sourcesOf(dir: string): LogSource[] {
  const found = discoverLogs([dir]);
  for (const s of found.skipped) process.stderr.write(`nova-trace: skipped ${s.path}: ${s.reason}\n`);
  return found.sources.sort((a, b) => b.rotation - a.rotation);
}

export async function printMergedView(o: PrintOptions): Promise<{ printed: number; records: number }> {
  if (!o.reference && o.output === 'text') return printFast(o);
  const sources = sourcesOf(o.dir);
  const origins = new OriginTable();
  const heads: Head[] = sources.map((src, index) => ({ it: streamFileRecords(src, index)[Symbol.asyncIterator](), rec: null, ts: -Infinity, src, index }));
  await Promise.all(heads.map(advance));
  let printed = 0, records = 0, broken = false;
  const onError = (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') broken = true; };
  o.out.on('error', onError);
  // Records are written in batches: a write per record costs a system call each.
  let batch: string[] = [];
  let batchBytes = 0;
  const flush = async (): Promise<boolean> => {
    if (batch.length === 0) return true;
    const text = batch.join('');
    batch = [];
    batchBytes = 0;
    let more: boolean;
    try {
      more = o.out.write(text);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') return false; // the reader (head, less) is gone
      throw e;
    }
    if (!more && !await drained(o.out)) broken = true;
    return !broken;
  };
  try {
    for (;;) {
      let best: Head | null = null;
      for (const h of heads) if (h.rec && (best === null || h.ts < best.ts)) best = h;
      if (!best || broken) break;
      const r = best.rec!;
      records++;
      const service = r.program ? serviceOf(programFromFileName(r.program)) : best.src.service;
      if (recordMatches(r, service, o.filter)) {
        const row = toRow(r, best.src, service, origins, records);
        const text = o.output === 'json' ? JSON.stringify(rowToJson(row)) + '\n' : formatRowPlain(row, { timestamps: o.timestamps }).join('\n') + '\n';
        printed++;
        batch.push(text);
        batchBytes += text.length;
        if (batchBytes >= BATCH_CHARS && !await flush()) break;
      }
      await advance(best);
    }
    if (!broken) await flush();
  } finally {
    o.out.off('error', onError);
    // A reader that left early (head, less) leaves the files' iterators mid-way: end them, so
    // their files are closed now and not by the garbage collector (which says so on stderr).
    await Promise.all(heads.map((h) => h.it.return?.(undefined).catch(() => undefined)));
  }
  return { printed, records };
}

async function printFast(o: PrintOptions): Promise<{ printed: number; records: number }> {
  const sources = sourcesOf(o.dir);
  const workers = PrintWorkers.start(sources, o.workers === true);
  const pool = new BufferPool();
  const filter = columnFilterOf(o.filter);
  const files = workers ? workers.files(sources, o.timestamps, filter) : sources.map((src) => fileBatches(src, o.timestamps, pool, filter, undefined, batchBytesFor(sources.length)));
  const release = workers ? (file: number, b: PrintBatch) => workers.release(file, b) : (_: number, b: PrintBatch) => pool.give(b.data.buffer as ArrayBuffer);
  let broken = false;
  const onError = (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') broken = true; };
  o.out.on('error', onError);
  const write = async (b: Buffer, written: () => void): Promise<boolean> => {
    if (broken) return false;
    let more: boolean;
    try {
      // Only a file descriptor is done with the bytes when it calls back (a PassThrough hands the buffer on).
      more = o.out.write(b, (e) => { if (!e && o.out === process.stdout) written(); });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') return false;
      throw e;
    }
    if (!more && !await drained(o.out)) broken = true;
    return !broken;
  };
  try {
    return await mergeBatches(files, write, release);
  } finally {
    o.out.off('error', onError);
    workers?.stop();
    await Promise.all(files.map((f) => f.return?.(undefined).catch(() => undefined)));
  }
}

function toRow(r: ParsedLine, src: LogSource, service: string, origins: OriginTable, id: number): RowData {
  const origin = origins.get(origins.slotOf(service, r.host ?? src.host));
  return {
    id, origin, tsText: r.tsText, ts: r.ts, level: r.level, pid: r.pid, logger: r.logger,
    requestId: r.context.requestId, globalRequestId: r.context.globalRequestId, instance: r.instance,
    message: r.kind === 'unparsed' ? r.raw : r.message, continuation: r.continuation,
    unparsed: r.kind === 'unparsed', gone: false, marked: false, searchHit: false, file: src.rel, offset: r.offset,
  };
}
