// What every exporter needs from a Trace: times as microseconds since the epoch, the request's
// trace and span ids, and the names of the service/host pairs it touched.
// Logs carry no zone, so every wall clock is read as UTC (as the parsers do).

import { createHash } from 'node:crypto';
import type { Trace, TraceRecord } from '../trace/trace-types.js';

export interface ExportOptions {
  /** Year for syslog/journald stamps (`Nov 23 10:15:02`) when no stamp in the trace names one. */
  year?: number;
}

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};
const ISO = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d:?\d\d)?/;
const SYSLOG = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?/;

function fractionUs(frac: string | undefined): number {
  return frac ? Number(frac.slice(0, 6).padEnd(6, '0')) : 0;
}

/** A timestamp as written → µs since the epoch (UTC), or NaN when it is in no known form. */
export function parseTimeUs(text: string, year: number): number {
  let m = ISO.exec(text);
  if (m) {
    let ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    if (m[8] && m[8] !== 'Z') {
      const z = m[8].replace(':', '');
      ms -= (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5))) * 60_000;
    }
    return ms * 1000 + fractionUs(m[7]);
  }
  m = SYSLOG.exec(text);
  if (m && MONTHS[m[1]] !== undefined) return Date.UTC(year, MONTHS[m[1]], +m[2], +m[3], +m[4], +m[5]) * 1000 + fractionUs(m[6]);
  return NaN;
}

export interface TraceClock {
  /** A stage's or the trace's time (already corrected for a skewed host by the tracer). */
  at(text: string): number;
  /** A record's or timeline entry's time: as written, so a skewed compute host's is corrected here. */
  of(r: Pick<TraceRecord, 'ts' | 'service' | 'host'>): number;
}

export function traceClock(trace: Trace, opts: ExportOptions = {}): TraceClock {
  const iso = [trace.start, ...trace.records.map((r) => r.ts)].find((t) => t && /^\d{4}-/.test(t));
  const year = iso ? Number(iso.slice(0, 4)) : opts.year ?? new Date().getUTCFullYear();
  const offsets = new Map(trace.clock_offsets.map((o) => [o.host, o.offset_ms]));
  const at = (text: string): number => {
    const us = parseTimeUs(text, year);
    if (Number.isNaN(us)) throw new Error(`cannot read the time '${text}'`);
    return us;
  };
  return {
    at,
    of: (r) => at(r.ts) - (r.service === 'compute' && r.host !== null ? (offsets.get(r.host) ?? 0) * 1000 : 0),
  };
}

const UUID_HEX = /([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})/i;

/** 16 bytes as 32 lowercase hex digits: the uuid inside `req-<uuid>` itself, else a hash of the id. */
export function traceIdOf(trace: Trace): string {
  const id = trace.request_id ?? trace.request_ids[0] ?? trace.query;
  const m = UUID_HEX.exec(id);
  const hex = m ? m.slice(1).join('').toLowerCase() : '';
  return hex && !/^0+$/.test(hex) ? hex : nonZero(createHash('sha256').update(id).digest('hex').slice(0, 32));
}

/** 8 bytes as 16 lowercase hex digits, the same for the same trace id and key on every run. */
export function spanIdOf(traceId: string, key: string): string {
  return nonZero(createHash('sha256').update(`${traceId}/${key}`).digest('hex').slice(0, 16));
}

// An all-zero id is invalid in W3C/OTLP; a hash gives one with probability 2^-64, but be sure.
function nonZero(hex: string): string {
  return /^0+$/.test(hex) ? hex.slice(0, -1) + '1' : hex;
}

const SERVICE_NAMES: Readonly<Record<string, string>> = {
  api: 'nova-api', conductor: 'nova-conductor', scheduler: 'nova-scheduler', compute: 'nova-compute', placement: 'placement',
};
const SERVICE_ORDER = ['api', 'conductor', 'scheduler', 'placement', 'compute'];

/** `service.name` as OpenTelemetry resources and Jaeger processes carry it. */
export function serviceName(service: string): string {
  return SERVICE_NAMES[service] ?? service;
}

export interface ServiceHost { service: string; host: string | null }

export const serviceHostKey = (s: ServiceHost): string => `${s.service}@${s.host ?? ''}`;

export const serviceHostLabel = (s: ServiceHost): string => (s.host ? `${serviceName(s.service)} ${s.host}` : serviceName(s.service));

/** Every service/host pair the trace names, in the order of a boot (api first, compute hosts last). */
export function serviceHosts(trace: Trace): ServiceHost[] {
  const seen = new Map<string, ServiceHost>();
  const add = (s: ServiceHost) => { if (!seen.has(serviceHostKey(s))) seen.set(serviceHostKey(s), { service: s.service, host: s.host }); };
  trace.timeline.forEach(add);
  trace.stages.filter((s) => s.start !== null).forEach(add);
  trace.records.forEach(add);
  const rank = (s: string) => { const i = SERVICE_ORDER.indexOf(s); return i < 0 ? SERVICE_ORDER.length : i; };
  return [...seen.values()].sort((a, b) => rank(a.service) - rank(b.service) || a.service.localeCompare(b.service) || (a.host ?? '').localeCompare(b.host ?? ''));
}

/** Greedy lanes: each item goes to the first lane whose last interval ended by its start. */
export function assignLanes<T>(items: readonly T[], interval: (t: T) => [number, number]): Map<T, number> {
  const lanes: number[] = [];
  const out = new Map<T, number>();
  const sorted = [...items].sort((a, b) => interval(a)[0] - interval(b)[0] || interval(b)[1] - interval(a)[1]);
  for (const it of sorted) {
    const [s, e] = interval(it);
    let lane = lanes.findIndex((end) => end <= s);
    if (lane < 0) { lane = lanes.length; lanes.push(e); } else lanes[lane] = e;
    out.set(it, lane);
  }
  return out;
}
