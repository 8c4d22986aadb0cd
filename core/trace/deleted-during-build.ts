// A server deleted while it builds. The user's DELETE reaches the API before the build ends;
// Nova stops the build where it notices (compute: 'Instance disappeared during build.', the
// conductor: 'While scheduling instance, the build request was already deleted.', both DEBUG)
// and logs nothing else of it. Such a boot did not fail and is not stuck. Found from the API's
// access line naming the server (`"DELETE …/servers/<uuid>" status: 204`), or without API logs
// from the compute host's 'Terminating instance' under another request; a delete that came
// long after the build's last line finds a build that had already stalled (STUCK, stuck.ts).

import type { LogSource } from '../../parsers/log-files.js';
import type { RecordSource } from './record-source.js';
import type { ScanHit } from '../search/scan-types.js';
import { timeWindows } from '../search/time-windows.js';
import { bootInstancesOfHits } from './boot-instances.js';
import type { PlacedRecord } from './attempts.js';
import type { StageName } from '../stage-names.js';
import { STUCK_BEFORE_COMPUTE_MS, STUCK_ON_COMPUTE_MS } from './stuck.js';
import { accessStart, accessStatus } from './access-line.js';
import { BOOT_MARK } from './instance-join.js';

/** Nova's own words when a build meets its server's deletion. */
export const BUILD_DELETED = /^Instance disappeared (during|before) build\.|^While scheduling instance, the build request was already deleted\./;
/** The API's access line of a server's deletion (not of its tags, metadata or volumes). */
const DELETE_SERVER = /"DELETE [^"]*\/servers\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})[ ?"]/;
const TERMINATING = /^Terminating instance/;
const CONTROLLERS = new Set(['api', 'scheduler', 'conductor', 'placement']);

export interface Deletion {
  instance: string;
  /** When the delete began (the access line's time less the request's duration). */
  ts: number;
  requestId: string | null;
}

/** Deletions of the servers a boot built, after its first line: the earliest per server. */
export async function findDeletions(sources: readonly LogSource[], pool: RecordSource, id: string, own: readonly ScanHit[]): Promise<Deletion[]> {
  if (!own.some((h) => BOOT_MARK.test(h.message))) return [];
  const instances = new Set(bootInstancesOfHits(own, (i) => sources[i].service));
  const times = own.map((h) => h.ts).filter((t) => !Number.isNaN(t));
  if (instances.size === 0 || times.length === 0) return [];
  const first = Math.min(...times);
  const api = new Set(sources.map((s, i) => [s, i] as const).filter(([s]) => s.service === 'api').map(([, i]) => i));
  const out = new Map<string, Deletion>();
  const keep = (d: Deletion) => {
    const cur = out.get(d.instance);
    if (!cur || d.ts < cur.ts) out.set(d.instance, d);
  };
  if (api.size > 0) {
    const hits = await pool.scan(sources, { requestNeedles: [], instanceNeedles: [], serverNeedles: [...instances], only: api, windows: timeWindows(sources, api, first, Infinity) });
    for (const h of hits) {
      const m = h.kind === 'record' ? DELETE_SERVER.exec(h.message) : null;
      if (!m || !instances.has(m[1]) || accessStatus(h.message, 500) >= 400 || h.context.requestId === id) continue;
      const ts = accessStart(h.ts, h.message);
      if (ts > first) keep({ instance: m[1], ts, requestId: h.context.requestId });
    }
    return [...out.values()];
  }
  const compute = new Set(sources.map((s, i) => [s, i] as const).filter(([s]) => !CONTROLLERS.has(s.service)).map(([, i]) => i));
  const hits = await pool.scan(sources, { requestNeedles: [], instanceNeedles: [...instances], only: compute, windows: timeWindows(sources, compute, first, Infinity) });
  for (const h of hits) {
    const rid = h.context.requestId;
    if (h.kind !== 'record' || !h.instance || !instances.has(h.instance) || !TERMINATING.test(h.message) || !rid || rid === id || h.context.user === null) continue;
    if (h.ts > first) keep({ instance: h.instance, ts: h.ts, requestId: rid });
  }
  return [...out.values()];
}

export interface DeletedFinding {
  /** When the delete began, or Nova's line about it. */
  ts: number;
  requestId: string | null;
  /** The stage the build was in: the last one with a line. */
  lastStage: StageName | null;
  /** Nova's own line, when logged. */
  said: string | null;
}

/**
 * Whether this boot's build was cut short by its server's deletion: Nova said so, or a delete
 * came before the build ended and before its silence made it stuck.
 */
export function deletedDuringBuild(placed: readonly PlacedRecord[], deletions: readonly Deletion[]): DeletedFinding | null {
  const instances = new Set(placed.map((p) => p.rec.instance).filter((x): x is string => x !== null));
  const deletion = deletions.filter((d) => instances.has(d.instance)).sort((a, b) => a.ts - b.ts)[0] ?? null;
  const said = placed.find((p) => BUILD_DELETED.test(p.rec.message)) ?? null;
  if (!deletion && !said) return null;
  const at = deletion?.ts ?? said!.rec.ts;
  const before = placed.filter((p) => !Number.isNaN(p.rec.ts) && p.rec.ts <= Math.max(at, said?.rec.ts ?? -Infinity) && p !== said);
  const lastStage = [...before].reverse().find((p) => p.stage)?.stage ?? null;
  if (!said) {
    const lastTs = Math.max(...before.map((p) => p.rec.ts));
    const onCompute = before.some((p) => p.rec.service === 'compute');
    if (!(at - lastTs <= (onCompute ? STUCK_ON_COMPUTE_MS : STUCK_BEFORE_COMPUTE_MS))) return null;
  }
  return { ts: at, requestId: deletion?.requestId ?? null, lastStage, said: said ? said.rec.message.replace(/ \S+ \S+\.py:\d+$/, '') : null };
}

const clock = (ts: number) => new Date(ts).toISOString().slice(11, 23);

export function deletedSummary(d: DeletedFinding, host: string | null): string {
  const how = d.requestId ? `the server was deleted at ${clock(d.ts)} (${d.requestId})` : `Nova stopped it at ${clock(d.ts)}: '${d.said}'`;
  return `DELETED during the build${host ? ` on ${host}` : ''}: ${how}${d.lastStage ? ` while in ${d.lastStage}` : ''}`;
}
