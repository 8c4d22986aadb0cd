// A boot that stopped making progress while the logs went on is stuck, not in progress: the
// API answered 202 and no conductor, scheduler or compute line ever followed although those
// logs kept going for minutes; or the compute build stopped logging far beyond any timeout
// Nova would have raised (vif_plugging_timeout is 300 s) while its log moved on. A boot whose
// logs simply end (a file still being written) stays IN_PROGRESS.

import type { LogSource } from '../../parsers/log-files.js';
import { lastRecordTime } from '../search/file-end.js';
import type { StageName } from '../stage-names.js';
import type { PlacedRecord } from './attempts.js';
import { chosenHosts } from './host-inference.js';

/** Silence after which a request nobody picked up is stuck (RPC calls time out after 60 s). */
export const STUCK_BEFORE_COMPUTE_MS = 300_000;
/** Silence after which a build on a compute host is stuck (well past vif_plugging_timeout). */
export const STUCK_ON_COMPUTE_MS = 1_200_000;

export interface StuckFinding {
  /** The last stage with a record. */
  lastStage: StageName | null;
  /** The stage that never came. */
  missingStage: StageName;
  /** Which service never picked the request up (or stalled). */
  waitingFor: string;
  lastRecordTs: number;
  logsUntil: number;
  summary: string;
  nextCheck: string;
}

/** Services whose logs going on say nothing about conductor, scheduler or compute. */
const KNOWN_OTHER = new Set(['api', 'placement', 'neutron', 'glance', 'keystone', 'cinder', 'metadata', 'novncproxy']);
const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

function logsEnd(sources: readonly LogSource[], pick: (s: LogSource) => boolean): number {
  let end = NaN;
  for (const s of sources) {
    if (!pick(s)) continue;
    const t = lastRecordTime(s);
    if (!(t <= end)) end = Number.isNaN(end) || t > end ? t : end;
  }
  return end;
}

export function findStuck(placed: readonly PlacedRecord[], sources: readonly LogSource[], computeHost: string | null): StuckFinding | null {
  const recs = placed.filter((p) => !Number.isNaN(p.rec.ts));
  if (recs.length === 0) return null;
  const last = recs.reduce((a, b) => (b.rec.ts > a.rec.ts ? b : a));
  const lastStage = [...recs].reverse().find((p) => p.stage)?.stage ?? null;
  const services = new Set(recs.map((p) => p.rec.service));
  // Journals and files named for no service hold several services' lines: they count too.
  const nova = (s: LogSource) => ['conductor', 'scheduler', 'compute'].includes(s.service) || !KNOWN_OTHER.has(s.service);

  if (services.has('compute')) {
    const host = computeHost;
    const until = logsEnd(sources, (s) => (s.service === 'compute' || !KNOWN_OTHER.has(s.service)) && (host === null || s.host === null || s.host === host));
    const idle = until - last.rec.ts;
    if (!(idle > STUCK_ON_COMPUTE_MS)) return null;
    const where = host ?? 'its compute host';
    return {
      lastStage, missingStage: 'instance.active', waitingFor: `nova-compute on ${where}`, lastRecordTs: last.rec.ts, logsUntil: until,
      summary: `stalled on ${where} after its last line in ${lastStage ?? 'compute'}: no line about the build for ${minutes(idle)} while that host's log went on`,
      nextCheck: `nova-compute on ${where} stopped working on the build: a call that never returned (image download, libvirt, neutron); on the host take a Guru Meditation report (kill -USR2 <nova-compute pid>), check libvirtd and the service it waits for; 'openstack server show' for its task_state`,
    };
  }
  const chosen = chosenHosts(recs.map((p) => p.rec));
  // The chosen host's log is not among the files (a collection of other hosts' logs): its
  // silence proves nothing.
  const named = new Set(sources.filter((s) => s.service === 'compute' && s.host).map((s) => s.host!));
  const target = chosen[chosen.length - 1];
  if (target && named.size > 0 && ![...named].some((h) => h === target || h.startsWith(`${target}.`) || target.startsWith(`${h}.`))) return null;
  // Scheduled, but the logs do not say where, and several hosts' logs were collected: the one
  // chosen may be missing. Only a single compute host makes its silence telling.
  const scheduled = services.has('scheduler') || services.has('placement');
  const computeHosts = new Set(sources.filter((s) => s.service === 'compute').map((s) => s.host ?? '?'));
  if (!target && scheduled && computeHosts.size > 1) return null;
  const waitingFor = chosen.length ? `nova-compute on ${chosen[chosen.length - 1]}`
    : services.has('scheduler') || services.has('placement') ? 'nova-conductor (the cast to a compute host)'
      : services.has('conductor') ? 'nova-scheduler' : 'nova-conductor';
  const until = logsEnd(sources, nova);
  const idle = until - last.rec.ts;
  if (!(idle > STUCK_BEFORE_COMPUTE_MS)) return null;
  const missingStage: StageName = chosen.length ? 'compute.claim' : services.has('conductor') ? 'scheduler.select_destinations' : 'conductor.build_request';
  const after = services.has('conductor') || services.has('scheduler') ? `the ${[...services].filter((s) => s !== 'api').join(' and ')} handled it` : 'the API accepted it';
  return {
    lastStage, missingStage, waitingFor, lastRecordTs: last.rec.ts, logsUntil: until,
    summary: `${after[0].toUpperCase()}${after.slice(1)}, then no ${chosen.length ? 'compute' : 'conductor, scheduler or compute'} line for ${minutes(idle)} while those logs went on — ${waitingFor} never picked it up`,
    nextCheck: `${waitingFor}: is it up and consuming its queue ('openstack compute service list', its log around the time of the last line); the message bus ('rabbitmqctl list_queues name messages consumers'); 'openstack server show' (stuck in BUILD/scheduling)`,
  };
}
