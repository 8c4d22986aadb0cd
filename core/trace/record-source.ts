// Where the tracer gets a request's records from: one interface, so that the log files (a
// search of the bytes, core/search/needle-scan.ts), the persistent index (core/index/) and,
// later, a fleet's central log store (Loki, OpenSearch: README "Fleet log stores") serve the
// same collect step. A source answers one kind of question — the records whose context names
// some request ids, or whose `[instance: …]` is some uuids, within byte windows and the
// causal bound — with fully parsed records, tracebacks attached.

import type { LogSource } from '../../parsers/log-files.js';
import { ScanPool, type ScanRequest } from '../search/needle-scan.js';
import type { ScanHit } from '../search/scan-types.js';
import fs from 'node:fs';
import { IndexReader } from '../index/index-reader.js';
import { IndexedRecordSource } from '../index/indexed-source.js';

export interface RecordSource {
  /** The records of `sources` that `req` selects (order free: the trace sorts them). */
  scan(sources: readonly LogSource[], req: ScanRequest): Promise<ScanHit[]>;
  /** Files that could not be read, with the reason: skipped and named, never fatal. */
  readonly unreadable: Map<string, string>;
  /** Answering for whole files costs no more than for time windows of them (an index): skip cutting by time. */
  readonly wholeFilesCheap?: boolean;
  close(): Promise<void>;
}

export interface RecordSourceOptions {
  workers?: number;
  /** An index file to use when it covers some of the sources (null: search the files only). */
  index?: string | null;
}

/**
 * The index when it covers any of `sources` as they are now (the rest is searched), else the
 * files. SQLite loads only when there is an index.
 */
export async function openRecordSource(sources: readonly LogSource[], opts: RecordSourceOptions): Promise<RecordSource> {
  if (!opts.index || !fs.existsSync(opts.index)) return new ScanPool(opts.workers);
  const reader = IndexReader.open(opts.index);
  if (!reader) return new ScanPool(opts.workers);
  // The search threads start only if something is left to search (a new file, a file's tail).
  const indexed = new IndexedRecordSource(reader, sources, () => new ScanPool(opts.workers, true));
  if (indexed.coveredFiles === 0) { reader.close(); return new ScanPool(opts.workers); }
  return indexed;
}
