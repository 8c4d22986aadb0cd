// Gathers the records of one request from every file, without an index:
//  1. the request id (or global id) in any context bracket, on all cores (needle-scan.ts):
//     the api logs first, then the other files from the time the API received it, past a
//     horizon only for a boot that had not ended by then (request-search.ts);
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
import { FINAL_GRACE_MS, joinInstanceLines, SCHEDULING_END } from './instance-join.js';
import { searchRequest } from './request-search.js';
import { operationOf } from './operation.js';
import { EVENT_LINES, MOVING_OPERATIONS } from '../operation-models.js';
import { BUILD_DELETED, findDeletions, type Deletion } from './deleted-during-build.js';
import { bootAccessWithStatus } from '../boot-access.js';
import { RETRIES_EXHAUSTED } from '../signatures.js';

/** Lines of one file are stamped only roughly in order: how far past a boot's end its own may still come. */
const END_SLACK_MS = 10_000;

/** Files below this are read whole anyway; only bigger ones are cut by time, so only they need the clock-step check. */
const TIME_SEEK_MIN_BYTES = 1 << 20;

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
  /** A boot's servers deleted before their build ended (deleted-during-build.ts). */
  deletions: Deletion[];
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

interface Assembled { records: CollectedRecord[]; notes: string[]; unparsed: ScanHit[]; ended: number | null }

/**
 * The records of `id` from its hits, with the instance lines joined. `ended`: when the boot
 * ended (every instance's build, or the controllers' end of a boot no host had), else null.
 */
async function assemble(sources: readonly LogSource[], id: string, pool: RecordSource, found: readonly ScanHit[]): Promise<Assembled> {
  const notes: string[] = [];
  const hits = found.filter((h) => h.kind === 'record');
  const unparsed = found.filter((h) => h.kind === 'unparsed');
  const records = hits.map((h) => decorate(h, sources[h.source], h.context.requestId === id ? 'request_id' : 'global_request_id'));
  trimAfterAnswer(records, notes);
  dropInheritedBackground(records, notes);
  const operation = operationOf(records);
  if (operation === 'external-event') {
    // Eventlet lends the event request's context to whatever the process runs next: under its
    // id, only the API's and the compute's event lines are the delivery.
    const own = records.filter((r) => r.service === 'api' || EVENT_LINES.test(r.message));
    if (own.length < records.length) notes.push(`${records.length - own.length} line(s) under the request id were left out: other work that inherited the event delivery's context`);
    return { records: own, notes, unparsed, ended: null };
  }
  const everyHost = MOVING_OPERATIONS.has(operation);
  const { joined, buildsEnded } = await joinInstanceLines({ sources, id, own: hits, pool, notes, everyHost });
  for (const h of joined) records.push(decorate(h, sources[h.source], 'instance'));
  if (buildsEnded === null) return { records, notes, unparsed, ended: controllersEnded(records) };
  // Periodic tasks of the compute process go on logging under the boot's context (eventlet
  // keeps it): lines about no instance, long after the build ended, are not the boot.
  const kept = records.filter((r) => !(r.service === 'compute' && r.instance === null && r.ts > buildsEnded + FINAL_GRACE_MS));
  if (kept.length < records.length) notes.push(`${records.length - kept.length} later compute line(s) carrying the request id were left out: periodic tasks that inherited its context after the build ended`);
  return { records: kept, notes, unparsed, ended: buildsEnded };
}

const REFUSED_BOOT = bootAccessWithStatus('[45]\\d\\d');
/** The conductor's or scheduler's last word on a boot: no valid host, retries exhausted, ERROR state. */
const ENDED_BY_CONTROLLERS = new RegExp(`${SCHEDULING_END.source}|${RETRIES_EXHAUSTED.source}`);
const CONTROLLERS = new Set(['conductor', 'scheduler']);

/** A boot ended by the API's refusal or by the controllers' last word, after every compute line. */
function controllersEnded(records: readonly CollectedRecord[]): number | null {
  let end = -Infinity;
  let lastCompute = -Infinity;
  for (const r of records) {
    if (r.service === 'compute') lastCompute = Math.max(lastCompute, r.ts);
    else if ((r.service === 'api' && REFUSED_BOOT.test(r.message)) || (CONTROLLERS.has(r.service) && ENDED_BY_CONTROLLERS.test(r.message))) end = Math.max(end, r.ts);
  }
  return end > -Infinity && end >= lastCompute ? end : null;
}

/**
 * The records of one request: searched up to a horizon first (request-search.ts), and past it
 * only when the boot had not ended well before it — a boot that ended logs nothing more of
 * its own later (later lines under its id are other work that inherited the context).
 */
async function collectRequest(sources: readonly LogSource[], id: string, pool: RecordSource, notes: string[], unparsed: ScanHit[], fullScan: boolean): Promise<{ records: CollectedRecord[]; deletions: Deletion[] }> {
  const search = await searchRequest(sources, id, pool, fullScan);
  mark(`request id search (${search.hits.length} hits)`);
  let found = search.hits;
  let done = await assemble(sources, id, pool, found);
  if (search.rest && !(done.ended !== null && done.ended + FINAL_GRACE_MS + END_SLACK_MS <= search.horizon)) {
    found = found.concat(await search.rest());
    mark(`past the horizon (${found.length} hits)`);
    done = await assemble(sources, id, pool, found);
  }
  notes.push(...done.notes);
  unparsed.push(...done.unparsed);
  // A boot that did not end, or that Nova says met its server's deletion: was the server deleted?
  const deletions = done.ended === null || done.records.some((r) => BUILD_DELETED.test(r.message)) ? await findDeletions(sources, pool, id, done.records) : [];
  return { records: done.records, deletions };
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
  mark('record source open');
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
    return { query, requestId: query, ...await collectRequest(sources, query, pool, notes, unparsed, fullScan), notes, unparsed, otherRequests: [] };
  }
  const uuid = query.toLowerCase();
  const found = await pool.scan(sources, { requestNeedles: [], instanceNeedles: [uuid] });
  const hits = found.filter((h) => h.kind === 'record');
  for (const h of found) if (h.kind === 'unparsed') unparsed.push(h);
  const { boot, all } = bootRequestOf(hits);
  if (!boot) {
    return { query, requestId: null, records: hits.map((h) => decorate(h, sources[h.source], 'instance')), deletions: [], notes, unparsed, otherRequests: [] };
  }
  const { records, deletions } = await collectRequest(sources, boot, pool, notes, unparsed, fullScan);
  return { query, requestId: boot, records, deletions, notes, unparsed, otherRequests: all.filter((r) => r !== boot) };
}
