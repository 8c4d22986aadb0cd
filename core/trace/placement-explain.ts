// Why placement found no allocation candidates (current Nova: capacity is placement's call and
// the scheduler logs only "Got no allocation candidates…"). From the logs: the query
// (resources, member_of, required/forbidden traits) in placement's request log, the request
// filters that added the zone's aggregates or the disabled-compute trait, and each compute
// host's last "Final resource view" before the request. It names what no provider could
// satisfy when the logs allow it, and says what is missing when they don't.

import type { LogSource } from '../../parsers/log-files.js';
import { findText } from '../search/text-scan.js';
import type { CollectedRecord } from './collect.js';
import { parseCandidatesQuery, parseRequestFilter, type CandidatesQuery } from './placement-query.js';
import { unregisteredProviders } from './provider-registration.js';

/** Nova's initial allocation ratios (Stein and later): what placement multiplies capacity by unless a site changed them. */
export const DEFAULT_RATIOS: Readonly<Record<string, number>> = { VCPU: 4.0, MEMORY_MB: 1.0, DISK_GB: 1.0 };
/** How far before the request the hosts' last resource reports are looked for (the periodic task runs every 60 s). */
const VIEW_LOOKBACK_MS = 15 * 60_000;
const VIEW = /^Final resource view: name=(\S+) phys_ram=(\d+)MB used_ram=(\d+)MB phys_disk=(\d+)GB used_disk=(\d+)GB total_vcpus=(\d+) used_vcpus=(\d+)/;

export interface HostView { host: string; at: string; ts: number; total: Record<string, number>; used: Record<string, number> }

export interface PlacementExplanation {
  query: { resources: Record<string, number>; member_of: string[][]; required: string[]; forbidden: string[]; answer_bytes: number | null } | null;
  zone: string | null;
  hosts: { host: string; at: string; free: Record<string, number> }[];
  limiting: { kind: 'resource' | 'aggregate' | 'trait' | 'allocations' | 'provider'; name: string; detail: string } | null;
  missing: string[];
  ratios: Record<string, number>;
  /** When the logs show no limit although placement found nothing: what could explain it. */
  unexplained?: string;
}

/** The report client's DEBUG lines with a host's inventory ("… based on inventory data: {…}", "… using data: {…}"). */
const INVENTORY = /(?:based on inventory data|using data): (\{.*\})/;
const RESOURCE_CLASS = /'([A-Z][A-Z0-9_]*)': \{/g;

/** Where a resource class's inventory comes from on a compute host, for classes a host reports only when configured. */
const CLASS_SOURCES: Readonly<Record<string, string>> = {
  PCPU: "hosts report PCPU only for the CPUs in [compute] cpu_dedicated_set (a flavor or image with hw:cpu_policy=dedicated asks for PCPU instead of VCPU)",
  VCPU: 'a host with [compute] cpu_dedicated_set and no cpu_shared_set reports no VCPU',
  VGPU: 'hosts report VGPU only for the mediated device types in [devices] enabled_mdev_types',
  MEM_ENCRYPTION_CONTEXT: 'hosts report MEM_ENCRYPTION_CONTEXT only with AMD SEV enabled',
};

/** Each compute host's resource classes by its report client's last inventory line before `before`. */
function reportedClasses(sources: readonly LogSource[], before: number): Map<string, string[]> {
  const compute = sources.map((s, i) => [s, i] as const).filter(([s]) => s.service === 'compute' || !['api', 'scheduler', 'conductor', 'placement'].includes(s.service)).map(([, i]) => i);
  const latest = new Map<string, { ts: number; classes: string[] }>();
  for (const { source, rec } of findText(sources, compute, 'inventory', before - VIEW_LOOKBACK_MS, before + 1000)) {
    const m = INVENTORY.exec(rec.message);
    const host = rec.host ?? sources[source].host;
    if (!m || !host) continue;
    const prev = latest.get(host);
    if (!prev || prev.ts <= rec.ts) latest.set(host, { ts: rec.ts, classes: [...m[1].matchAll(RESOURCE_CLASS)].map((c) => c[1]) });
  }
  return new Map([...latest].map(([h, v]) => [h, v.classes]));
}

/** The resource audit's INFO line for a consumer placement charges to the host but Nova does not know. */
const STALE = /^Instance (\S+) has allocations against this compute host but is not found in the database/;

/** The audit runs every minute: its lines up to this long after the query still describe placement at the query. */
const STALE_AFTER_MS = 120_000;

/** Hosts' lines naming allocations of consumers that are no instances, around `at`, as "<host>: <uuid>". */
function staleAllocations(sources: readonly LogSource[], at: number): string[] {
  const compute = sources.map((s, i) => [s, i] as const).filter(([s]) => s.service === 'compute' || !['api', 'scheduler', 'conductor', 'placement'].includes(s.service)).map(([, i]) => i);
  const seen = new Set<string>();
  for (const { source, rec } of findText(sources, compute, 'has allocations against this compute host but is not found', at - VIEW_LOOKBACK_MS, at + STALE_AFTER_MS)) {
    const m = STALE.exec(rec.message);
    if (m) seen.add(`${rec.host ?? sources[source].host ?? '?'}: ${m[1]}`);
  }
  return [...seen];
}

/** How far back a compute service being disabled is looked for in the API's log. */
const DISABLE_LOOKBACK_MS = 6 * 3600_000;
const SERVICE_CHANGE = /"PUT [^"]*\/os-services\/(disable|disable-log-reason|enable)[^"]*" status: 2\d\d|"status": "(disabled|enabled)"/;
/** From microversion 2.53 the API's line names the service's uuid only, not what changed. */
const SERVICE_UPDATE = /"PUT [^"]*\/os-services\/[0-9a-f]{8}-[0-9a-f-]{27}[^"]*" status: 2\d\d/;

/** The API's last line that disabled a compute service before `before` (and none enabled one since), as "<time> <line>". */
function lastServiceDisable(sources: readonly LogSource[], before: number): string | null {
  // Journals and files named for no service hold the API's lines among others' (only the API logs os-services requests).
  const api = sources.map((s, i) => [s, i] as const).filter(([s]) => s.service === 'api' || !['compute', 'scheduler', 'conductor', 'placement'].includes(s.service)).map(([, i]) => i);
  let last: { ts: number; text: string; disabled: boolean | null } | null = null;
  for (const { rec } of findText(sources, api, 'os-services', before - DISABLE_LOOKBACK_MS, before)) {
    const m = SERVICE_CHANGE.exec(rec.message);
    const updated = !m && SERVICE_UPDATE.test(rec.message);
    if (!m && !updated) continue;
    const disabled = !m ? null : m[1] ? m[1] !== 'enable' : m[2] === 'disabled';
    if (!last || rec.ts >= last.ts) last = { ts: rec.ts, text: `${rec.tsText}: ${rec.message.slice(0, 160)}`, disabled };
  }
  if (last?.disabled === null) return `${last.text} — a service's status changed; whether it was disabled, the API's log does not say`;
  return last?.disabled ? last.text : null;
}

/** nova-compute's own lines (Train and later) when its service is disabled or enabled: the trait it sets on its provider. */
const TRAIT_CHANGE = /^(Adding|Removing) trait COMPUTE_STATUS_DISABLED (?:to|from) compute node resource provider (\S+)/;

/** Compute hosts whose last COMPUTE_STATUS_DISABLED change before `before` added the trait, as "<time> <host>: <line>"; undefined when no change was logged. */
function disabledByTrait(sources: readonly LogSource[], before: number): string | null | undefined {
  const compute = sources.map((s, i) => [s, i] as const).filter(([s]) => s.service === 'compute' || !['api', 'scheduler', 'conductor', 'placement'].includes(s.service)).map(([, i]) => i);
  const last = new Map<string, { ts: number; text: string; disabled: boolean }>();
  for (const { source, rec } of findText(sources, compute, 'trait COMPUTE_STATUS_DISABLED', before - DISABLE_LOOKBACK_MS, before)) {
    const m = TRAIT_CHANGE.exec(rec.message);
    if (!m) continue;
    const host = rec.host ?? sources[source].host ?? m[2];
    const prev = last.get(host);
    if (!prev || rec.ts >= prev.ts) last.set(host, { ts: rec.ts, text: `${rec.tsText} ${host}: ${rec.message.slice(0, 160)}`, disabled: m[1] === 'Adding' });
  }
  if (last.size === 0) return undefined;
  const disabled = [...last.values()].filter((v) => v.disabled).map((v) => v.text);
  return disabled.length ? disabled.join('; ') : null;
}

function views(sources: readonly LogSource[], before: number): HostView[] {
  const compute = sources.map((s, i) => [s, i] as const).filter(([s]) => s.service === 'compute' || !['api', 'scheduler', 'conductor', 'placement'].includes(s.service)).map(([, i]) => i);
  const latest = new Map<string, HostView>();
  for (const { rec } of findText(sources, compute, 'Final resource view: name=', before - VIEW_LOOKBACK_MS, before + 1000)) {
    const m = VIEW.exec(rec.message);
    if (!m) continue;
    const v: HostView = {
      host: m[1], at: rec.tsText, ts: rec.ts,
      total: { MEMORY_MB: +m[2], DISK_GB: +m[4], VCPU: +m[6] }, used: { MEMORY_MB: +m[3], DISK_GB: +m[5], VCPU: +m[7] },
    };
    const prev = latest.get(v.host);
    if (!prev || prev.ts <= v.ts) latest.set(v.host, v);
  }
  return [...latest.values()].sort((a, b) => (a.host < b.host ? -1 : 1));
}

const free = (v: HostView, rc: string) => Math.floor(v.total[rc] * (DEFAULT_RATIOS[rc] ?? 1) - v.used[rc]);

export function explainNoCandidates(records: readonly CollectedRecord[], sources: readonly LogSource[]): PlacementExplanation {
  const missing: string[] = [];
  let query: CandidatesQuery | null = null;
  let askedAt = NaN;
  for (const r of records) {
    const q = parseCandidatesQuery(r.message);
    if (q) { query = q; askedAt = r.ts; }
  }
  const filters = records.map((r) => parseRequestFilter(r.message)).filter((f) => f !== null);
  const zone = filters.find((f) => f.az !== null)?.az ?? null;
  const start = Math.min(...records.map((r) => r.ts).filter((t) => !Number.isNaN(t)));
  // The hosts' reports placement had when it answered: up to the query itself.
  const hostViews = views(sources, Number.isNaN(askedAt) ? start : askedAt);
  const out: PlacementExplanation = {
    query: query && { resources: query.resources, member_of: query.memberOf, required: query.required, forbidden: query.forbidden, answer_bytes: query.answerBytes },
    zone, hosts: hostViews.map((v) => ({ host: v.host, at: v.at, free: Object.fromEntries(Object.keys(v.total).map((rc) => [rc, free(v, rc)])) })),
    limiting: null, missing, ratios: { ...DEFAULT_RATIOS },
  };
  if (!query) missing.push("placement's request log line for GET /allocation_candidates (placement's log is not among these files, or it does not carry the request id)");
  if (hostViews.length === 0) missing.push("the compute hosts' 'Final resource view' reports before the request (DEBUG in current Nova: run the computes with debug = True, or check 'openstack resource provider usage show <rp>')");
  const wanted = query?.resources ?? {};
  // 0. A resource class no host has at all (by the hosts' last inventory reports).
  const classes = reportedClasses(sources, Number.isNaN(askedAt) ? start : askedAt);
  const absent = classes.size ? Object.keys(wanted).find((rc) => [...classes.values()].every((cs) => !cs.includes(rc))) : undefined;
  if (absent) {
    const reported = [...classes].sort(([a], [b]) => (a < b ? -1 : 1)).map(([h, cs]) => `${h}: ${[...cs].sort().join(', ')}`).join('; ');
    out.limiting = { kind: 'resource', name: absent, detail: `${wanted[absent]} ${absent} asked; no compute host reports ${absent} inventory (${reported})${CLASS_SOURCES[absent] ? ` — ${CLASS_SOURCES[absent]}` : ''}` };
    return out;
  }
  // 1. A resource class no host has free (by the hosts' last reports, at the default ratios).
  for (const [rc, n] of Object.entries(wanted)) {
    if (!hostViews.length || !(rc in hostViews[0].total)) continue;
    const fit = hostViews.filter((v) => free(v, rc) >= n);
    if (fit.length === 0) {
      const best = hostViews.reduce((a, b) => (free(b, rc) > free(a, rc) ? b : a));
      out.limiting = { kind: 'resource', name: rc, detail: `${n} ${rc} asked; no host has that much free — the most is ${free(best, rc)} on ${best.host} (last report ${best.at}; allocation ratio ${DEFAULT_RATIOS[rc] ?? 1} assumed)` };
      return out;
    }
  }
  const fitAll = hostViews.filter((v) => Object.entries(wanted).every(([rc, n]) => !(rc in v.total) || free(v, rc) >= n));
  if (hostViews.length && Object.keys(wanted).length && fitAll.length === 0) {
    out.limiting = { kind: 'resource', name: Object.keys(wanted).join('+'), detail: `each resource is free somewhere, but no single host has ${Object.entries(wanted).map(([rc, n]) => `${n} ${rc}`).join(', ')} at once` };
    return out;
  }
  // 2. The resources fit (or the reports are missing): the query's restrictions explain it.
  // Without placement's query line what the boot asked is unknown: no host can be said to have had room for it.
  const room = !query ? `what the boot asked placement for is not in these logs (the hosts' last reports: ${hostViews.map((v) => v.host).join(', ') || 'none'})`
    : fitAll.length ? `${fitAll.map((v) => v.host).join(', ')} had room by their last reports` : 'the hosts\' free resources are not in these logs';
  if (query?.memberOf.length) {
    const aggs = query.memberOf.flat();
    out.limiting = { kind: 'aggregate', name: zone ? `zone '${zone}'` : aggs.join(','), detail: `the query asked only for providers in aggregate(s) ${aggs.join(', ')}${zone ? ` (availability zone '${zone}')` : ''}; ${room} — none of those is in the aggregate, or the aggregate has no hosts in placement` };
    return out;
  }
  const trait = query?.required[0] ?? query?.forbidden.find((t) => t !== 'COMPUTE_STATUS_DISABLED');
  if (trait) {
    out.limiting = { kind: 'trait', name: trait, detail: `the query required ${query!.required.includes(trait) ? '' : 'the absence of '}trait ${trait}; ${room}` };
    return out;
  }
  if (fitAll.length) {
    // Queries before Train forbid no trait: a disabled service cannot be what placement refused.
    const forbidsDisabled = !!query?.forbidden.includes('COMPUTE_STATUS_DISABLED');
    // The compute's own line (DEBUG) names the host and says disabled; the API's may not.
    const byTrait = forbidsDisabled ? disabledByTrait(sources, start) : null;
    const disabled = byTrait === undefined ? lastServiceDisable(sources, start) : byTrait;
    if (disabled) {
      out.limiting = { kind: 'trait', name: 'COMPUTE_STATUS_DISABLED', detail: `${room}, but the query excluded providers with COMPUTE_STATUS_DISABLED, and a compute service was disabled before the boot (${disabled})` };
      return out;
    }
    const stale = staleAllocations(sources, Number.isNaN(askedAt) ? start : askedAt);
    if (stale.length) {
      out.limiting = { kind: 'allocations', name: 'stale allocations', detail: `${room}, yet placement's answer was empty: placement holds allocations of consumers that are no instances (${stale.slice(0, 3).join('; ')}${stale.length > 3 ? '; …' : ''})` };
      return out;
    }
    const unregistered = unregisteredProviders(sources, start);
    if (unregistered.length) {
      out.limiting = { kind: 'provider', name: 'unregistered compute', detail: `${room}, yet placement's answer was empty: placement refused to register a compute host's resource provider, so placement cannot offer it (${unregistered.join('; ')})` };
      return out;
    }
    out.unexplained = `${room}, yet placement's answer was empty: ${forbidsDisabled ? 'a disabled compute service (the query forbids COMPUTE_STATUS_DISABLED), ' : ''}allocations made since those reports, reserved memory or allocation ratios other than assumed — the logs do not tell which`;
    missing.push(`what made placement refuse while the hosts' last reports showed room (${forbidsDisabled ? "'openstack compute service list', " : ''}'openstack resource provider usage show <rp>')`);
    return out;
  }
  if (hostViews.length === 0 && query) {
    out.limiting = { kind: 'resource', name: Object.keys(wanted).join('+'), detail: `placement had no provider for ${Object.entries(wanted).map(([rc, n]) => `${n} ${rc}`).join(', ')}; which resource ran out cannot be told without the hosts' reports` };
  }
  return out;
}
