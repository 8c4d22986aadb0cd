// Splits a boot into attempts and puts every record in a stage. An attempt is one scheduling
// pass plus the build on the host it chose; a host is never tried twice for one boot (the
// RetryFilter), so each compute host is one attempt. Hosts' clocks disagree, so compute
// records are never ordered against each other across hosts: hosts are ordered by the
// scheduler's "Selected host" lines (the controller's clock) when those name them, else by
// their first record. Controller records (one clock) are cut into scheduling passes: at each
// "Starting to schedule for instances" line of the scheduler when it logs them (DEBUG), else
// when scheduler or placement lines follow a compute failure (a reschedule goes compute →
// conductor → scheduler; the failed host's clean-up lines may still come after). Timestamps alone cannot split passes: lines of one pass written in
// the same millisecond by different services sort in any order.

import { STAGE_NAMES, type StageName } from '../stage-names.js';
import { FIRST_COMPUTE_STAGE, stageOf, STICKY_SERVICE } from '../stages.js';
import type { CollectedRecord } from './collect.js';
import { chosenHosts } from './host-inference.js';

export interface PlacedRecord {
  rec: CollectedRecord;
  attempt: number;
  stage: StageName | null;
}

export interface AttemptInfo {
  attempt: number;
  host: string | null;
}

/** A compute log whose host neither its path nor its lines name. */
export const UNKNOWN_HOST = '(unknown host)';
const SCHEDULING = new Set(['scheduler', 'placement']);
const PASS_START = /^Starting to schedule for instances/;
/** Compute lines that send a build back to scheduling (besides errors: a claim that did not fit logs at DEBUG/INFO). */
const RESCHEDULE_CAUSE = /was re-scheduled|Insufficient compute resources/;

function hostOrder(sorted: readonly CollectedRecord[]): string[] {
  const firstSeen: string[] = [];
  for (const r of sorted) if (r.service === STICKY_SERVICE && !firstSeen.includes(r.host ?? UNKNOWN_HOST)) firstSeen.push(r.host ?? UNKNOWN_HOST);
  const selected = chosenHosts(sorted);
  const rank = (h: string) => selected.findIndex((s) => s === h || s.startsWith(`${h}.`) || h.startsWith(`${s}.`));
  if (selected.length === 0 || firstSeen.some((h) => rank(h) < 0)) return firstSeen;
  return [...firstSeen].sort((a, b) => rank(a) - rank(b));
}

export function placeRecords(sorted: readonly CollectedRecord[]): { placed: PlacedRecord[]; attempts: AttemptInfo[] } {
  const hosts = hostOrder(sorted);
  const currentStage = new Map<string, StageName>();
  const markedPasses = sorted.some((r) => r.service === 'scheduler' && PASS_START.test(r.message));
  let pass = 1;
  let passStarted = false;
  let failedSince = false;
  let computeInPass = false;
  const placed: PlacedRecord[] = [];
  for (const rec of sorted) {
    const named = stageOf(rec.service, rec.logger, rec.message);
    if (rec.service === STICKY_SERVICE) {
      const host = rec.host ?? UNKNOWN_HOST;
      const current = currentStage.get(host) ?? FIRST_COMPUTE_STAGE;
      // The build's end is a moment: what the host logs after it (syncs, clean-ups) is no stage.
      const done = current === 'instance.active';
      // Only forward moves change the host's current stage: network events arrive late and
      // asynchronously, and a claim aborted at the end does not take the build back.
      if (!done && named && named !== 'compute.network' && STAGE_NAMES.indexOf(named) > STAGE_NAMES.indexOf(current)) currentStage.set(host, named);
      placed.push({ rec, attempt: hosts.indexOf(host) + 1, stage: done ? (named === 'instance.active' ? named : null) : named ?? current });
      if (RESCHEDULE_CAUSE.test(rec.message) || rec.level === 'ERROR' || rec.level === 'CRITICAL') failedSince = true;
      computeInPass = true;
      continue;
    }
    if (markedPasses) {
      if (rec.service === 'scheduler' && PASS_START.test(rec.message)) {
        if (passStarted) { pass++; computeInPass = false; }
        passStarted = true;
      }
    } else if (SCHEDULING.has(rec.service) && failedSince) {
      pass++;
      failedSince = false;
      computeInPass = false;
    }
    // Once a host builds, the conductor's lines under the request serve it (instance saves,
    // object calls): they are not the build request stage.
    const serving = computeInPass && named === 'conductor.build_request';
    placed.push({ rec, attempt: rec.service === 'api' ? 1 : pass, stage: serving ? null : named });
  }
  const count = Math.max(pass, hosts.length, 1);
  const attempts = Array.from({ length: count }, (_, i) => ({ attempt: i + 1, host: hosts[i] ?? null }));
  return { placed, attempts };
}
