// Lines about a request's instances that do not carry its request id. Real Nova writes many:
// `[-] … Instance spawned successfully.`, lifecycle events, power-state syncs — and, with
// eventlet's thread-local contexts, lines stamped with the id of another request that ran
// earlier in the same process (neutron's event delivery, a periodic task): in Pike even
// "Instance failed to spawn" and "Took N seconds to build instance." can carry such an id.
// The instance uuid joins them. A foreign id ends the join only when it is an operation on
// the instance that the API logged (a delete, a reboot, an action); an id the API never
// logged, or that delivered external events, is a leaked context and its lines belong to the
// boot. Every compute log is searched, not only the files the request id was found in: a
// boot can fail minutes later in the next rotated file.

import path from 'node:path';
import type { LogSource } from '../../parsers/log-files.js';
import type { RecordSource } from './record-source.js';
import type { ScanHit } from '../search/scan-types.js';
import { timeWindows } from '../search/time-windows.js';
import { mark } from '../timing.js';
import { bootInstancesOfHits } from './boot-instances.js';
import { BOOT_ACCESS } from '../boot-access.js';
import { accessStart, accessStatus } from './access-line.js';

/** How long after the request's last line its instance lines are looked for first… */
export const FIRST_WINDOW_MS = 600_000;
/** …and, for a build that has not ended by then, at most. */
export const JOIN_WINDOW_MS = 1_800_000;
/** How far another host's clock may run behind the API's. */
export const JOIN_SLACK_MS = 600_000;
/** Lines after the build's end that still belong to it (network deallocation, allocation cleanup). */
export const FINAL_GRACE_MS = 60_000;
/** Each followed instance is one more needle; a request naming more is not one boot. */
export const MAX_FOLLOWED_INSTANCES = 64;
/** Lines of a request that delivers external events (neutron's network-vif-plugged, network-changed). */
const EVENT_DELIVERY = /^(Received|Processing) (unexpected )?event |^Creat(e|ing) event |os-server-external-events/;
/** API lines that show a request acting on one server. */
const SERVER_OPERATION = /"(DELETE|PUT|POST) [^"]*\/servers\/([0-9a-f-]{36})(\/action)?[^"]*" status/;
/** When there are no api logs: compute's first line of an operation that starts after the build ended. */
const OPERATION_START = /^(Terminating instance|Rebooting instance|Stopping instance|Pausing|Suspending|Resuming|Rebuilding|Resizing|Migrating|Shelving|Unshelving|Rescuing|Unrescuing|Attaching|Detaching|Starting instance\.\.\.)/;
/** The end of a build on a host: success (releases before Juno log no build time, only the guest's spawn), or a failure that is not rescheduled. */
export const BUILD_END = /^Took [\d.]+ seconds to build instance|^Instance disappeared (during|before) build\.|^Instance build timed out\. Set to error state|^Instance spawned successfully|^Build of instance \S+ aborted|BuildAbortException|^Retry info not present, will not reschedule|^Unexpected build failure, not rescheduling build/;
/** A boot creates its instance: nothing names the uuid before it, so the join may look back freely. */
export const BOOT_MARK = new RegExp(`${BOOT_ACCESS.source}|^Starting instance\\.\\.\\.|^Attempting claim`);
/** The controllers' end of a boot that never reached a compute host. */
export const SCHEDULING_END = /No valid host was found|Got no allocation candidates|Filtering removed all hosts|^Setting instance to ERROR state|^Failed to (compute_task_build_instances|schedule instances)/;
/** Lines of one file are ordered only roughly (several workers write it). */
const ORDER_SLACK_MS = 5_000;
/** Services whose lines never need an instance join (the request id reaches them). */
const CONTROLLER = new Set(['api', 'scheduler', 'conductor', 'placement', 'neutron', 'glance', 'keystone', 'cinder', 'metadata', 'novncproxy']);

export interface JoinInput {
  sources: readonly LogSource[];
  /** The traced request id. */
  id: string;
  /** Records found by the request id (any service). */
  own: readonly ScanHit[];
  pool: RecordSource;
  notes: string[];
  /** Search every compute log, not only those the request id was found in: an operation that moves the server (its source host's lines may carry no request id). */
  everyHost?: boolean;
}

const hasUser = (h: ScanHit) => h.context.user !== null;
const key = (h: { source: number; offset: number }) => `${h.source}:${h.offset}`;
const textOf = (h: ScanHit) => (h.continuation.length ? `${h.message}\n${h.continuation.join('\n')}` : h.message);

/** Which foreign request ids are operations on an instance (API-logged), with the instance they act on. */
async function apiOperations(input: JoinInput, ids: readonly string[], from: number, to: number): Promise<Map<string, 'operation' | 'delivery' | 'internal'>> {
  const out = new Map<string, 'operation' | 'delivery' | 'internal'>();
  const api = new Set(input.sources.map((s, i) => [s, i] as const).filter(([s]) => s.service === 'api').map(([, i]) => i));
  if (ids.length === 0 || api.size === 0) return out;
  const hits = await input.pool.scan(input.sources, { requestNeedles: [...ids], instanceNeedles: [], only: api, windows: timeWindows(input.sources, api, from, to) });
  for (const id of ids) out.set(id, 'internal');
  for (const h of hits) {
    if (h.kind !== 'record') continue;
    const rid = h.context.requestId && out.has(h.context.requestId) ? h.context.requestId : h.context.globalRequestId;
    if (!rid || !out.has(rid) || out.get(rid) === 'delivery') continue;
    if (EVENT_DELIVERY.test(h.message)) out.set(rid, 'delivery');
    else if (SERVER_OPERATION.test(h.message) || (h.instance && !/^GET /.test(h.message))) out.set(rid, 'operation');
  }
  return out;
}


/**
 * Later requests the API logged acting on the instances (a delete, an action), with when each
 * began: the access line names the server in its URL and says how long the request took.
 * Refused requests did nothing.
 */
async function laterApiOperations(input: JoinInput, instances: ReadonlySet<string>, after: number, to: number): Promise<Map<string, { instance: string; start: number }>> {
  const out = new Map<string, { instance: string; start: number }>();
  const api = new Set(input.sources.map((s, i) => [s, i] as const).filter(([s]) => s.service === 'api').map(([, i]) => i));
  if (api.size === 0) return out;
  const hits = await input.pool.scan(input.sources, { requestNeedles: [], instanceNeedles: [], serverNeedles: [...instances], only: api, windows: timeWindows(input.sources, api, after, to) });
  for (const h of hits) {
    const rid = h.context.requestId;
    if (h.kind !== 'record' || !rid || rid === input.id || h.context.globalRequestId === input.id) continue;
    const m = SERVER_OPERATION.exec(h.message);
    if (!m || !instances.has(m[2]) || accessStatus(h.message, 0) >= 400) continue;
    const start = accessStart(h.ts, h.message);
    if (start > after) out.set(rid, { instance: m[2], start });
  }
  return out;
}

function endsAll(instances: ReadonlySet<string>, hits: readonly ScanHit[]): boolean {
  const ended = new Set(hits.filter((h) => h.instance && BUILD_END.test(textOf(h))).map((h) => h.instance!));
  return [...instances].every((i) => ended.has(i));
}

export interface JoinResult {
  joined: ScanHit[];
  /** When every instance's build ended (on its last host), the latest end; else null. */
  buildsEnded: number | null;
}

const NONE: JoinResult = { joined: [], buildsEnded: null };

export async function joinInstanceLines(input: JoinInput): Promise<JoinResult> {
  const { sources, id, own, pool, notes } = input;
  // A boot follows the instances it built; other operations every instance their lines name.
  const isBoot = own.some((r) => BOOT_MARK.test(r.message));
  const built = isBoot ? bootInstancesOfHits(own, (i) => sources[i].service) : [];
  const instances = new Set(built.length ? built : own.map((r) => r.instance).filter((x): x is string => x !== null));
  if (instances.size === 0 || !own.some((r) => sources[r.source].service === 'api' || hasUser(r))) return NONE;
  if (instances.size > MAX_FOLLOWED_INSTANCES) {
    notes.push(`the request names ${instances.size} instances; lines without its request id were not joined (limit ${MAX_FOLLOWED_INSTANCES})`);
    return NONE;
  }
  const times = own.map((r) => r.ts).filter((t) => !Number.isNaN(t));
  if (times.length === 0) return NONE;
  const last = Math.max(...times);
  // Where to look: the compute logs the request logged in, with their rotations (a boot can
  // end in the next file), from the request's first line there. Only when no compute log
  // carries the request id, every compute log, from the request's start less the clock slack.
  const group = (i: number) => `${path.dirname(sources[i].path)}\u0000${sources[i].program}`;
  const firstInGroup = new Map<string, number>();
  for (const r of own) {
    if (CONTROLLER.has(sources[r.source].service) || Number.isNaN(r.ts)) continue;
    const g = group(r.source);
    if (!(firstInGroup.get(g)! <= r.ts)) firstInGroup.set(g, r.ts);
  }
  const anyFirst = Math.min(...times) - JOIN_SLACK_MS;
  const ownFirst = Math.min(...times);
  const fromOf = (i: number) => {
    const first = firstInGroup.get(group(i));
    if (first !== undefined) return first - ORDER_SLACK_MS;
    // Another host of a move: from the request's start (earlier lines there are the server's past).
    if (input.everyHost) return ownFirst - ORDER_SLACK_MS;
    return firstInGroup.size ? Infinity : anyFirst;
  };
  // A boot the controllers ended before any compute host logged it (NoValidHost) has no compute lines to find.
  const endedBeforeCompute = firstInGroup.size === 0 && own.some((r) => SCHEDULING_END.test(r.message));
  const targets = new Set(sources.map((s, i) => [s, i] as const)
    .filter(([s, i]) => !CONTROLLER.has(s.service) && (input.everyHost || (firstInGroup.size ? firstInGroup.has(group(i)) : isBoot && !endedBeforeCompute))).map(([, i]) => i));
  if (targets.size === 0) return NONE;
  const from = Math.min(...[...targets].map(fromOf));
  const seen = new Set(own.map(key));
  const search = async (a: number, b: number) => (await pool.scan(sources, { requestNeedles: [], instanceNeedles: [...instances], only: targets, windows: timeWindows(sources, targets, a, b) }))
    .filter((h) => h.kind === 'record' && !seen.has(key(h)) && h.ts >= fromOf(h.source) && h.ts > a && h.ts <= b);
  // Most builds end within minutes: look further only for one that has not.
  let to = last + FIRST_WINDOW_MS;
  let extra = await search(from - 1, to);
  if (firstInGroup.size > 0 && (!isBoot || !endsAll(instances, [...own, ...extra]))) {
    const more = await search(to, last + JOIN_WINDOW_MS);
    extra = extra.concat(more);
    to = last + JOIN_WINDOW_MS;
    // A build that has not ended half an hour on: its end (Nova's instance_build_timeout, a
    // late finish, an abort) may come any time later; the rest of its hosts' logs are searched.
    if (isBoot && !endsAll(instances, [...own, ...extra])) {
      // That late, a user's request on the instance is its next operation (a delete, a
      // reboot), not a leaked context: the build's lines end before it.
      const late = (await search(to, Infinity)).sort((a, b) => a.ts - b.ts);
      const next = late.find((h) => h.context.requestId && hasUser(h) && h.context.requestId !== id && h.context.globalRequestId !== id);
      extra = extra.concat(next ? late.filter((h) => h.ts < next.ts) : late);
      to = Infinity;
    }
  }
  extra.sort((a, b) => a.ts - b.ts || a.source - b.source || a.offset - b.offset);
  mark(`instance search (${extra.length} hits)`);

  // Foreign ids with a user: leaked contexts, event deliveries, or the instance's next operation.
  const foreign = new Map<string, ScanHit>();
  for (const h of extra) {
    const rid = h.context.requestId;
    if (!rid || !hasUser(h) || rid === id || h.context.globalRequestId === id || foreign.has(rid)) continue;
    foreign.set(rid, h);
  }
  const asked = [...foreign.keys()].filter((r) => !EVENT_DELIVERY.test(foreign.get(r)!.message));
  const askedAt = asked.map((r) => foreign.get(r)!.ts);
  const kinds = await apiOperations(input, asked, Math.min(...askedAt) - JOIN_SLACK_MS, Math.max(...askedAt) + ORDER_SLACK_MS);
  const hasApi = sources.some((s) => s.service === 'api');

  // Per instance: the build's end (own or joined lines) and the next operation.
  const byInstance = new Map<string, ScanHit[]>();
  for (const h of [...own, ...extra].sort((a, b) => a.ts - b.ts)) {
    if (h.instance && instances.has(h.instance)) (byInstance.get(h.instance) ?? byInstance.set(h.instance, []).get(h.instance)!).push(h);
  }
  const buildEnd = new Map<string, number>();
  for (const [inst, hs] of byInstance) {
    const end = hs.find((h) => BUILD_END.test(textOf(h)));
    if (end) buildEnd.set(inst, end.ts);
  }
  // A later API request on the instance whose id reached a compute host (in any context, Juno's
  // carry no user) is the next operation: the lines about the instance from its start are its own.
  const nextOperation = new Map<string, number>();
  const reached = new Set(extra.map((h) => h.context.requestId));
  for (const [rid, op] of await laterApiOperations(input, instances, ownFirst, to)) {
    if (reached.has(rid)) nextOperation.set(op.instance, Math.min(nextOperation.get(op.instance) ?? Infinity, op.start));
  }
  for (const [rid, h] of foreign) {
    const kind = kinds.get(rid);
    const isOperation = hasApi
      ? kind === 'operation'
      // A delete's first line is one whenever it comes (a server deleted while it builds).
      : OPERATION_START.test(h.message) && (h.ts > (buildEnd.get(h.instance!) ?? Infinity) || h.message.startsWith('Terminating instance'));
    if (isOperation) nextOperation.set(h.instance!, Math.min(nextOperation.get(h.instance!) ?? Infinity, h.ts));
  }
  const joined: ScanHit[] = [];
  for (const h of extra) {
    const inst = h.instance!;
    if (h.ts >= (nextOperation.get(inst) ?? Infinity)) continue;
    if (h.ts > (buildEnd.get(inst) ?? Infinity) + FINAL_GRACE_MS) continue;
    joined.push(h);
  }
  const leaked = new Set(joined.filter((h) => !EVENT_DELIVERY.test(h.message) && h.context.requestId && foreign.has(h.context.requestId)).map((h) => h.context.requestId!));
  if (leaked.size) notes.push(`lines about the instance carry ${leaked.size} other request id(s) that the API never logged acting on it (contexts leaked between requests in one process); they are joined by the instance uuid`);
  const ends = [...instances].map((i) => buildEnd.get(i));
  return { joined, buildsEnded: ends.every((e) => e !== undefined) ? Math.max(...(ends as number[])) : null };
}
