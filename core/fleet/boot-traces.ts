// The boots of a time window, each traced: the index names the boot requests (the API's
// `POST …/servers` access lines) and the tracer rebuilds each one from the index, as
// `nova-trace <id>` would. Incidents and stats are built on these outcomes.

import crypto from 'node:crypto';
import type { LogSource } from '../../parsers/log-files.js';
import { openIndexForWrite } from '../index/index-db.js';
import { discoverLogs } from '../../parsers/log-files.js';
import { buildIndex, type BuildSummary } from '../index/index-build.js';
import { IndexReader, type BootRow } from '../index/index-reader.js';
import { collect } from '../trace/collect.js';
import { openRecordSource, type RecordSource } from '../trace/record-source.js';
import { buildTrace } from '../trace/build-trace.js';
import type { StageSpan, Trace, TraceStatus } from '../trace/trace-types.js';

export interface BootOutcome {
  request_id: string;
  /** The API's access line: when the boot was answered (ms, wall clock read as UTC). */
  ts: number;
  http_status: number;
  status: TraceStatus;
  /** verdict.cause.id, else verdict.signature, else 'stuck' / null. */
  cause: string | null;
  signature: string | null;
  failed_stage: string | null;
  /** The compute host it ended on (or failed on), null when it never reached one. */
  host: string | null;
  duration_ms: number | null;
  probable_cause: string | null;
  next_check: string | null;
  stages: Pick<StageSpan, 'stage' | 'status' | 'duration_ms' | 'host' | 'attempt'>[];
}

export interface WindowSpec {
  /** Counted back from the newest log line. */
  sinceMs?: number | null;
  from?: number | null;
  to?: number | null;
}

export interface TracedBoots {
  outcomes: BootOutcome[];
  /** Boots in the window, and those counted as well ended without a trace (only: 'failures'). */
  boots: number;
  quietlyBuilt: number;
  /** The window actually used and the newest log line it was counted from. */
  from: number;
  to: number;
  newest: number | null;
  build: BuildSummary;
}

export interface TraceBootsOptions {
  paths: readonly string[];
  indexFile: string;
  window: WindowSpec;
  progress?: (done: number, total: number) => void;
  warn?: (m: string) => void;
  /** Called as boots are traced. */
  tracing?: (done: number, total: number) => void;
  /** 'failures': boots that ended quietly well (index: built, nothing ≥ WARNING) are counted, not traced. */
  only?: 'failures' | 'all';
}

export function outcomeOf(boot: BootRow, t: Trace): BootOutcome {
  const v = t.verdict;
  const failedOnCompute = v.failed_stage?.startsWith('compute.') ?? false;
  const host = failedOnCompute ? (v.root_cause?.host ?? t.hosts[t.hosts.length - 1] ?? null) : (t.hosts[t.hosts.length - 1] ?? null);
  return {
    request_id: boot.request!, ts: boot.ts ?? NaN, http_status: boot.status, status: v.status,
    cause: v.cause?.id ?? v.signature ?? (v.status === 'STUCK' ? 'stuck' : null), signature: v.signature, failed_stage: v.failed_stage,
    host, duration_ms: t.duration_ms, probable_cause: v.cause?.probable_cause ?? v.probable_cause, next_check: v.cause?.next_check ?? v.next_check,
    stages: t.stages.map((s) => ({ stage: s.stage, status: s.status, duration_ms: s.duration_ms, host: s.host, attempt: s.attempt })),
  };
}

/** Brings the index up to date (only new bytes), then traces every boot in the window. */
export async function traceBoots(o: TraceBootsOptions): Promise<TracedBoots> {
  const build = await buildIndex({ paths: o.paths, indexFile: o.indexFile, progress: o.progress, warn: o.warn });
  const { sources } = discoverLogs(o.paths);
  const reader = IndexReader.open(o.indexFile);
  if (!reader) throw new Error(`cannot read the index ${o.indexFile}`);
  let newest: number | null = null;
  const mine = new Set(sources.map((s) => s.path));
  const fileIds = new Set<number>();
  for (const f of reader.files()) {
    if (!mine.has(f.path)) continue;
    fileIds.add(f.id);
    if (f.last_ts !== null && (newest === null || f.last_ts > newest)) newest = f.last_ts;
  }
  const w = o.window;
  const to = w.to ?? (w.sinceMs != null || w.from == null ? newest ?? Infinity : Infinity);
  const from = w.from ?? (w.sinceMs != null ? (newest ?? 0) - w.sinceMs : -Infinity);
  const boots = reader.boots(from, to).filter((b) => fileIds.has(b.file) && b.request);
  const seen = new Set<string>();
  const unique = boots.filter((b) => !seen.has(b.request!) && seen.add(b.request!));
  const stamp = crypto.createHash('sha1').update(JSON.stringify(reader.files().filter((f) => fileIds.has(f.id)).map((f) => [f.id, f.indexed]))).digest('hex');
  const outcomes: BootOutcome[] = [];
  const fresh: BootOutcome[] = [];
  let quietlyBuilt = 0;
  let done = 0;
  // One record source for every boot, on one thread: the records come from the index.
  const source = await openRecordSource(sources, { index: o.indexFile, workers: 1 });
  try {
    for (const b of unique) {
      o.tracing?.(done++, unique.length);
      const cached = reader.cachedOutcome(b.request!, stamp);
      if (cached) { outcomes.push(JSON.parse(cached) as BootOutcome); continue; }
      if (o.only === 'failures' && reader.builtQuietly(b.request!)) { quietlyBuilt++; continue; }
      const t = await traceOne(sources, b.request!, source);
      if (!t) continue;
      const out = outcomeOf(b, t);
      outcomes.push(out);
      fresh.push(out);
    }
    o.tracing?.(done, unique.length);
  } finally {
    await source.close();
    reader.close();
  }
  saveOutcomes(o.indexFile, stamp, fresh, o.warn);
  return { outcomes, boots: unique.length, quietlyBuilt, from, to, newest, build };
}

/** Keeps what was traced for the next run (an index that cannot be written is only slower). */
function saveOutcomes(indexFile: string, stamp: string, fresh: readonly BootOutcome[], warn?: (m: string) => void): void {
  if (fresh.length === 0) return;
  try {
    const db = openIndexForWrite(indexFile, warn ?? (() => {}));
    try {
      const put = db.prepare('INSERT OR REPLACE INTO boot_outcomes(request, stamp, outcome) VALUES (?, ?, ?)');
      db.transaction(() => { for (const f of fresh) put.run(f.request_id, stamp, JSON.stringify(f)); })();
    } finally {
      db.close();
    }
  } catch (e) {
    warn?.(`could not keep the traced outcomes in ${indexFile}: ${(e as Error).message}`);
  }
}

async function traceOne(sources: readonly LogSource[], id: string, source: RecordSource): Promise<Trace | null> {
  const col = await collect(sources, id, { source });
  return col.records.length ? buildTrace(col, sources) : null;
}
