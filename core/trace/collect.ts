// Gathers the records of one request from every file, without an index:
//  1. the request id (or global id) in any context bracket, on all cores (needle-scan.ts):
//     the api logs first, then the other files from the time the API received it;
//  2. the lines about the instances those records name that carry no id or another one
//     (instance-join.ts): `[-]` milestones, lifecycle events, neutron's events, leaked contexts.
// A query that is an instance uuid first finds the requests that acted on the instance and
// then traces its boot (or, failing that, its first request).

import type { LogSource } from '../../parsers/log-files.js';
import { programFromFileName, serviceOf } from '../../parsers/source-naming.js';
import { openRecordSource, type RecordSource } from './record-source.js';
import type { ScanHit } from '../search/scan-types.js';
import { mark } from '../timing.js';
import { openByteSource } from '../search/byte-source.js';
import { timeSteps } from '../search/time-seek.js';
import { FINAL_GRACE_MS, joinInstanceLines } from './instance-join.js';

/** Files below this are read whole anyway; only bigger ones are cut by time, so only they need the clock-step check. */
const TIME_SEEK_MIN_BYTES = 1 << 20;
/** How far another host's clock may run behind the API's and still be searched from the request's start. */
export const CAUSAL_SLACK_MS = 600_000;

export interface CollectedRecord extends ScanHit {
  service: string;
  host: string | null;
  joinedBy: 'request_id' | 'global_request_id' | 'instance';
  /** Milliseconds subtracted from `ts` to put this host's clock on the controller's (clock-skew.ts). */
  clockCorrectionMs?: number;
}

export interface Collection {
  query: string;
  /** The request actually traced (differs from the query for an instance uuid). */
  requestId: string | null;
  records: CollectedRecord[];
  /** Things the reader of the trace should know about how it was collected. */
  notes: string[];
  /** Lines that hold the query but fit no log format (torn, foreign): kept and shown. */
  unparsed: ScanHit[];
  /** Other requests that acted on the queried instance. */
  otherRequests: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isInstanceQuery(q: string): boolean {
  return UUID.test(q);
}

function decorate(h: ScanHit, src: LogSource, joinedBy: CollectedRecord['joinedBy']): CollectedRecord {
  const service = h.program ? serviceOf(programFromFileName(h.program)) : src.service;
  return Object.assign(h, { service, host: h.host ?? src.host, joinedBy });
}

function hasUser(h: ScanHit): boolean {
  return h.context.user !== null;
}

/**
 * The records whose context names `id`. A request cannot be logged anywhere before the API
 * received it: the api logs are searched first and, as soon as they show the request, the
 * other files only from that time on, less CAUSAL_SLACK_MS for clocks that disagree
 * (causal-bound.ts). `fullScan` turns this off.
 */
async function findRequest(sources: readonly LogSource[], id: string, pool: RecordSource, fullScan: boolean): Promise<ScanHit[]> {
  const setters = new Set<number>();
  sources.forEach((s, i) => { if (s.service === 'api') setters.add(i); });
  const causal = !fullScan && setters.size > 0 && setters.size < sources.length ? { setters, slackMs: CAUSAL_SLACK_MS } : undefined;
  return pool.scan(sources, { requestNeedles: [id], instanceNeedles: [], causal });
}

async function collectRequest(sources: readonly LogSource[], id: string, pool: RecordSource, notes: string[], unparsed: ScanHit[], fullScan: boolean): Promise<CollectedRecord[]> {
  const found = await findRequest(sources, id, pool, fullScan);
  mark(`request id search (${found.length} hits)`);
  const hits = found.filter((h) => h.kind === 'record');
  for (const h of found) if (h.kind === 'unparsed') unparsed.push(h);
  const records = hits.map((h) => decorate(h, sources[h.source], h.context.requestId === id ? 'request_id' : 'global_request_id'));
  trimAfterAnswer(records, notes);
  dropInheritedBackground(records, notes);
  const { joined, buildsEnded } = await joinInstanceLines({ sources, id, own: hits, pool, notes });
  for (const h of joined) records.push(decorate(h, sources[h.source], 'instance'));
  if (buildsEnded === null) return records;
  // Periodic tasks of the compute process go on logging under the boot's context (eventlet
  // keeps it): lines about no instance, long after the build ended, are not the boot.
  const kept = records.filter((r) => !(r.service === 'compute' && r.instance === null && r.ts > buildsEnded + FINAL_GRACE_MS));
  if (kept.length < records.length) notes.push(`${records.length - kept.length} later compute line(s) carrying the request id were left out: periodic tasks that inherited its context after the build ended`);
  return kept;
}

const ACCESS_LINE = /"(?:GET|POST|PUT|DELETE|PATCH|HEAD) [^"]*" status: \d{3}/;
/** The API writes its access line when it answers; its own later lines under that id are leaks. */
const ANSWER_SLACK_MS = 2_000;

/**
 * An api process's later requests can log under this one's context (eventlet keeps it in the
 * greenthread: "(pid) accepted ('10.0.0.1', 34800)" minutes later). Once the API answered, its
 * further lines under the id are not this request.
 */
function trimAfterAnswer(records: CollectedRecord[], notes: string[]): void {
  const answers = new Map<number, number>();
  for (const r of records) {
    if (r.service === 'api' && ACCESS_LINE.test(r.message) && !(answers.get(r.pid)! <= r.ts)) answers.set(r.pid, r.ts);
  }
  if (answers.size === 0) return;
  const before = records.length;
  const kept = records.filter((r) => !(r.service === 'api' && r.ts > (answers.get(r.pid) ?? Infinity) + ANSWER_SLACK_MS));
  if (kept.length === before) return;
  records.splice(0, records.length, ...kept);
  notes.push(`${before - kept.length} later api line(s) under the request id were left out: that API process logged them after it had answered the request`);
}

/** Periodic work a service ran in a green thread that still held the request's context. */
const BACKGROUND = /^Running periodic task |^Successfully synced instances from host|^Lock "host_instance" (acquired|released) by "nova\.scheduler\.host_manager\.(update|sync)_instance_info"/;
const PERIODIC_LOGGER = /(^|\.)periodic_task$/;

/**
 * oslo.service's periodic tasks and the scheduler's instance-info syncs log under whatever
 * context the green thread last had: under a user's request id they are not that request.
 */
function dropInheritedBackground(records: CollectedRecord[], notes: string[]): void {
  const kept = records.filter((r) => !(r.context.user !== null && (PERIODIC_LOGGER.test(r.logger) || BACKGROUND.test(r.message))));
  if (kept.length === records.length) return;
  notes.push(`${records.length - kept.length} periodic-task line(s) carrying the request id were left out (they inherited its context)`);
  records.splice(0, records.length, ...kept);
}

/** The boot of an instance: the request that logged "Starting instance..." for it, else its earliest request. */
function bootRequestOf(hits: readonly ScanHit[]): { boot: string | null; all: string[] } {
  const byTime = [...hits].filter((h) => h.context.requestId && hasUser(h)).sort((a, b) => a.ts - b.ts);
  const all = [...new Set(byTime.map((h) => h.context.requestId!))];
  const start = byTime.find((h) => h.message.startsWith('Starting instance...') || h.message.startsWith('Attempting claim'));
  return { boot: start?.context.requestId ?? all[0] ?? null, all };
}

export interface CollectOptions {
  workers?: number;
  /** Search every file whole, without the causal bound. */
  fullScan?: boolean;
  /** An index file (nova-trace index) to take the records from where it covers the files; see record-source.ts. */
  index?: string | null;
  /** A record source to use (and leave open), for callers that trace many requests. */
  source?: RecordSource;
}

export async function collect(sources: readonly LogSource[], query: string, opts: CollectOptions = {}): Promise<Collection> {
  const pool = opts.source ?? await openRecordSource(sources, opts);
  try {
    const col = await collectWith(sources, query, pool, opts.fullScan ?? false);
    for (const [file, why] of pool.unreadable) col.notes.push(`skipped ${file}: ${why}`);
    for (const s of sources) {
      if (s.gzip || s.size < TIME_SEEK_MIN_BYTES) continue;
      const src = openByteSource(s.path, false);
      try {
        const at = timeSteps(src, s.refYear, s.path);
        if (at !== null) col.notes.push(`the clock in ${s.rel} steps back (near byte ${at}): it was searched whole, not from the request's time`);
      } finally {
        src.close();
      }
    }
    return col;
  } finally {
    if (!opts.source) await pool.close();
  }
}

async function collectWith(sources: readonly LogSource[], asked: string, pool: RecordSource, fullScan: boolean): Promise<Collection> {
  // Nova writes request ids and uuids in lower case; a query pasted from elsewhere may not be.
  const query = asked.toLowerCase();
  const notes: string[] = [];
  const unparsed: ScanHit[] = [];
  if (!isInstanceQuery(query)) {
    return { query, requestId: query, records: await collectRequest(sources, query, pool, notes, unparsed, fullScan), notes, unparsed, otherRequests: [] };
  }
  const uuid = query.toLowerCase();
  const found = await pool.scan(sources, { requestNeedles: [], instanceNeedles: [uuid] });
  const hits = found.filter((h) => h.kind === 'record');
  for (const h of found) if (h.kind === 'unparsed') unparsed.push(h);
  const { boot, all } = bootRequestOf(hits);
  if (!boot) {
    return { query, requestId: null, records: hits.map((h) => decorate(h, sources[h.source], 'instance')), notes, unparsed, otherRequests: [] };
  }
  const records = await collectRequest(sources, boot, pool, notes, unparsed, fullScan);
  return { query, requestId: boot, records, notes, unparsed, otherRequests: all.filter((r) => r !== boot) };
}
