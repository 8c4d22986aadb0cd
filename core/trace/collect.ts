// Gathers the records of one request from every file, without an index:
//  1. the request id (or global id) in any context bracket, on all cores (needle-scan.ts):
//     the api logs first, then the other files from the time the API received it;
//  2. the instances those records name, in the compute logs where the request logged, from
//     its first record there to INSTANCE_WINDOW_MS after its last one — to reach the lines Nova
//     writes without a request context (`[-] … Instance spawned successfully.`, lifecycle
//     events, periodic power-state syncs) and the network-vif events neutron sends.
// A query that is an instance uuid first finds the requests that acted on the instance and
// then traces its boot (or, failing that, its first request).

import type { LogSource } from '../../parsers/log-files.js';
import { programFromFileName, serviceOf } from '../../parsers/source-naming.js';
import { openByteSource } from '../search/byte-source.js';
import { ScanPool } from '../search/needle-scan.js';
import type { ScanHit } from '../search/scan-types.js';
import { offsetAtTime } from '../search/time-seek.js';
import { mark } from '../timing.js';

export const INSTANCE_WINDOW_MS = 600_000;
/** Each followed instance is one more needle pass over the windows; a request naming more is not one boot. */
export const MAX_FOLLOWED_INSTANCES = 16;
/** Neutron's vif events about the instance: they join the boot although they carry neutron's request id. */
const NOTIFICATION = /^Received event network-vif-/;
/** Lines of a request that delivers external events to the instance. */
const EVENT_DELIVERY = /^(Received|Processing) (unexpected )?event |^Creating event /;
const WHOLE_FILE_LIMIT = 8 << 20;
/** How far another host's clock may run behind the API's and still be searched from the request's start. */
export const CAUSAL_SLACK_MS = 600_000;
/** Nova writes lines about an instance outside any request (lifecycle events, power-state syncs) on the compute host. */
const INSTANCE_LINE_SERVICE = 'compute';
/** Lines of one file are ordered only roughly (several workers write it): widen windows by this. */
const ORDER_SLACK_MS = 5_000;

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
async function findRequest(sources: readonly LogSource[], id: string, pool: ScanPool, fullScan: boolean): Promise<ScanHit[]> {
  const setters = new Set<number>();
  sources.forEach((s, i) => { if (s.service === 'api') setters.add(i); });
  const causal = !fullScan && setters.size > 0 && setters.size < sources.length ? { setters, slackMs: CAUSAL_SLACK_MS } : undefined;
  return pool.scan(sources, { requestNeedles: [id], instanceNeedles: [], causal });
}

async function collectRequest(sources: readonly LogSource[], id: string, pool: ScanPool, notes: string[], unparsed: ScanHit[], fullScan: boolean): Promise<CollectedRecord[]> {
  const found = await findRequest(sources, id, pool, fullScan);
  mark(`request id search (${found.length} hits)`);
  const hits = found.filter((h) => h.kind === 'record');
  for (const h of found) if (h.kind === 'unparsed') unparsed.push(h);
  const records = hits.map((h) => decorate(h, sources[h.source], h.context.requestId === id ? 'request_id' : 'global_request_id'));
  const isApiDriven = records.some((r) => r.service === 'api' || hasUser(r));
  const instances = new Set(records.map((r) => r.instance).filter((x): x is string => x !== null));
  if (!isApiDriven || instances.size === 0) return records;
  if (instances.size > MAX_FOLLOWED_INSTANCES) {
    notes.push(`the request names ${instances.size} instances; lines without a request id were not joined (limit ${MAX_FOLLOWED_INSTANCES})`);
    return records;
  }

  // Per file: time span of the request there, and the first byte it logged at.
  const span = new Map<number, { first: number; last: number; offset: number }>();
  for (const r of records) {
    if (r.service !== INSTANCE_LINE_SERVICE || Number.isNaN(r.ts)) continue;
    const s = span.get(r.source);
    if (!s) span.set(r.source, { first: r.ts, last: r.ts, offset: r.offset });
    else { s.first = Math.min(s.first, r.ts); s.last = Math.max(s.last, r.ts); s.offset = Math.min(s.offset, r.offset); }
  }
  const windows = new Map<number, [number, number]>();
  for (const [i, s] of span) {
    // Small files are cheaper to search whole than to bisect, and need not be time-ordered.
    if (sources[i].gzip || sources[i].size <= WHOLE_FILE_LIMIT) continue;
    const src = openByteSource(sources[i].path, false);
    try {
      const end = Math.min(src.size, offsetAtTime(src, s.last + INSTANCE_WINDOW_MS + ORDER_SLACK_MS, sources[i].refYear) + (1 << 20));
      windows.set(i, [Math.max(0, offsetAtTime(src, s.first - ORDER_SLACK_MS, sources[i].refYear)), Math.max(end, s.offset + 1)]);
    } finally {
      src.close();
    }
  }
  mark('instance windows');
  const seen = new Set(records.map((r) => `${r.source}:${r.offset}`));
  const extra = await pool.scan(sources, {
    requestNeedles: [], instanceNeedles: [...instances], windows, only: new Set(span.keys()),
  });
  mark(`instance search (${extra.length} hits)`);
  // The instance's next operation (another user's request acting on it, e.g. a delete) ends
  // the window. Requests that only deliver external events (neutron's network-changed,
  // network-vif-plugged) are part of the boot, not a new operation.
  const requestStart = Math.min(...[...span.values()].map((s) => s.first));
  const others = new Map<string, { instance: string; first: number; delivery: boolean }>();
  for (const h of extra) {
    if (h.kind !== 'record') continue;
    const rid = h.context.requestId;
    if (!hasUser(h) || !rid || rid === id || h.context.globalRequestId === id || !(h.ts > requestStart)) continue;
    const o = others.get(rid) ?? others.set(rid, { instance: h.instance!, first: h.ts, delivery: false }).get(rid)!;
    o.first = Math.min(o.first, h.ts);
    if (EVENT_DELIVERY.test(h.message)) o.delivery = true;
  }
  const nextOperation = new Map<string, number>();
  for (const o of others.values()) {
    if (!o.delivery) nextOperation.set(o.instance, Math.min(nextOperation.get(o.instance) ?? Infinity, o.first));
  }
  for (const h of extra) {
    const s = span.get(h.source)!;
    if (h.kind !== 'record' || seen.has(`${h.source}:${h.offset}`)) continue;
    if (h.ts < s.first || h.ts > s.last + INSTANCE_WINDOW_MS || h.ts >= (nextOperation.get(h.instance!) ?? Infinity)) continue;
    if (hasUser(h) && !NOTIFICATION.test(h.message)) continue;
    seen.add(`${h.source}:${h.offset}`);
    records.push(decorate(h, sources[h.source], 'instance'));
  }
  return records;
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
}

export async function collect(sources: readonly LogSource[], query: string, opts: CollectOptions = {}): Promise<Collection> {
  const pool = new ScanPool(opts.workers);
  try {
    return await collectWith(sources, query, pool, opts.fullScan ?? false);
  } finally {
    await pool.close();
  }
}

async function collectWith(sources: readonly LogSource[], query: string, pool: ScanPool, fullScan: boolean): Promise<Collection> {
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
