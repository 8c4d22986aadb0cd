// The tracer's entry point: log paths + a request id or instance uuid → Trace (null when no
// record names it).

import { mark } from '../timing.js';
import { discoverLogs, skippedNote, type LogSource, type SkippedFile } from '../../parsers/log-files.js';
import { buildTrace, type BuildOptions } from './build-trace.js';
import { collect } from './collect.js';
import type { Trace } from './trace-types.js';

export interface TraceOptions extends BuildOptions {
  workers?: number;
  /** Search every file whole instead of from the time the API received the request. */
  fullScan?: boolean;
  /** An index file (nova-trace index) to use where it covers the logs; null or absent: search the files. */
  index?: string | null;
}

export async function traceRequest(paths: readonly string[], query: string, opts: TraceOptions = {}): Promise<{ trace: Trace | null; sources: LogSource[]; skipped: SkippedFile[] }> {
  const { sources, skipped } = discoverLogs(paths);
  mark(`${sources.length} log files found`);
  const col = await collect(sources, query, { workers: opts.workers, fullScan: opts.fullScan, index: opts.index });
  if (col.records.length === 0) return { trace: null, sources, skipped };
  const note = skippedNote(skipped, paths.length === 1 ? paths[0] : undefined);
  if (note) col.notes.push(note);
  return { trace: buildTrace(col, sources, opts), sources, skipped };
}
