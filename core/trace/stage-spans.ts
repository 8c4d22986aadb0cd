// Per attempt and stage: first and last record, duration, status and a one-line summary.

import { STAGE_NAMES, type StageName } from '../stage-names.js';
import { STAGE_DONE, STAGE_ROLLBACK, STAGE_UNFINISHED } from '../stages.js';
import type { PlacedRecord } from './attempts.js';
import type { AttemptOutcome } from './verdict.js';
import type { StageSpan, TraceStatus } from './trace-types.js';
import { timeText } from './time-text.js';
import { accessStart } from './access-line.js';

/** Preferred summary line per stage: the first record matching wins, else the stage's last record. */
const SUMMARY: Partial<Record<StageName, RegExp>> = {
  'api.accepted': /" status: \d{3}/,
  'scheduler.select_destinations': /^Selected host|Filtering removed all hosts|returned 0 host|There are \d+ hosts available/,
  'placement.claim': /^Attempting to claim|PUT [^"]*\/allocations\//,
  'conductor.cast_to_compute': /build_and_run_instance/,
  'compute.claim': /^Claim successful/,
  'compute.network': /network-vif-plugged|plugged vif/,
  'compute.image': /^Creating image/,
  'compute.spawn': /failed to spawn|to spawn the instance|spawned successfully/i,
  'instance.active': /seconds to build instance/,
};


function firstStageOf(attempt: number): number {
  return attempt === 1 ? 0 : STAGE_NAMES.indexOf('scheduler.select_destinations');
}

/**
 * Status rules (a stage states only what the logs prove): FAILED only on the attempt and stage
 * where the failure was logged (`failedAt`); ok only with proof it completed — its own line
 * (STAGE_DONE) or a later stage of the same attempt, unless its own line says it did not
 * (STAGE_UNFINISHED); rolled back when a later line undid it;
 * a stage without lines before one with lines is "not logged", after the last one "not reached".
 */
export function stageSpans(
  placed: readonly PlacedRecord[], outs: readonly AttemptOutcome[], status: TraceStatus, failedAt: ReadonlyMap<number, StageName>,
): StageSpan[] {
  const spans: StageSpan[] = [];
  const lastAttempt = outs[outs.length - 1]?.attempt ?? 1;
  for (const o of outs) {
    const isLast = o.attempt === lastAttempt;
    const failed = failedAt.get(o.attempt) ?? null;
    const names = STAGE_NAMES.slice(firstStageOf(o.attempt));
    const mine = placed.filter((p) => p.attempt === o.attempt);
    const rows = names.map((stage) => {
      let recs = mine.filter((p) => p.stage === stage);
      // Older releases log no "Took N seconds to build instance.": the guest's "Instance spawned
      // successfully." is then the evidence that the instance went ACTIVE.
      if (stage === 'instance.active' && recs.length === 0 && status === 'ACTIVE' && o.active) recs = [o.active];
      return { stage, recs };
    });
    const lastWithRecords = rows.reduce((acc, r, i) => (r.recs.length ? i : acc), -1);
    const failedIndex = failed ? names.indexOf(failed) : -1;
    for (let i = 0; i < rows.length; i++) {
      const { stage } = rows[i];
      const rollback = STAGE_ROLLBACK[stage];
      const undo = rollback ? mine.filter((p) => rollback.test(p.rec.message)) : [];
      const recs = rows[i].recs.filter((p) => !undo.includes(p));
      if (!isLast && failedIndex >= 0 && i > failedIndex) break;
      const unfinished = STAGE_UNFINISHED[stage];
      const provenLater = !(unfinished && recs.some((p) => unfinished.test(p.rec.message)));
      const proven = recs.some((p) => STAGE_DONE[stage].test(p.rec.message)) || (provenLater && i < lastWithRecords && (failedIndex < 0 || i < failedIndex) && rows.slice(i + 1).some((r) => r.recs.some((p) => STAGE_DONE[r.stage].test(p.rec.message) || r.stage !== 'compute.network')));
      let st: StageSpan['status'];
      if (i === failedIndex) st = 'failed';
      else if (recs.length && proven) st = undo.length ? 'rolled_back' : 'ok';
      else if (recs.length && isLast && status === 'IN_PROGRESS' && i === lastWithRecords) st = 'in_progress';
      else if (recs.length && isLast && status === 'STUCK' && i === lastWithRecords) st = 'stalled';
      // Started but never completed: the attempt failed (compute's stages run side by side, so a
      // stage listed after the failed one may well have begun).
      else if (recs.length) st = 'aborted';
      else st = i < lastWithRecords && (failedIndex < 0 || i < failedIndex) ? 'not_logged' : 'not_reached';
      let start = NaN, end = NaN, startText: string | null = null, endText: string | null = null;
      for (const p of recs) {
        if (!(p.rec.ts >= start)) { start = p.rec.ts; startText = timeText(p.rec); }
        if (!(p.rec.ts <= end)) { end = p.rec.ts; endText = timeText(p.rec); }
      }
      if (stage === 'api.accepted') {
        // The access line is written when the request ends; its `time:` says when it began.
        for (const p of recs) start = Math.min(start, accessStart(p.rec.ts, p.rec.message));
      }
      const pref = SUMMARY[stage];
      const summaryRec = st === 'rolled_back' ? undo[undo.length - 1] : (pref && recs.find((p) => pref.test(p.rec.message))) || recs[recs.length - 1];
      const isCompute = stage.startsWith('compute.') || stage === 'instance.active';
      spans.push({
        stage, service: recs[0]?.rec.service ?? (isCompute ? 'compute' : stage.split('.')[0]), host: isCompute ? o.host : (recs[0]?.rec.host ?? null),
        attempt: o.attempt, status: st, start: startText, end: endText,
        duration_ms: recs.length ? Math.max(0, end - start) : null, records: recs.length,
        summary: summaryRec ? summaryRec.rec.message.slice(0, 240) : null,
      });
    }
  }
  // A stuck boot whose last logged stage completed waits in the next one: say which.
  if (status === 'STUCK') {
    const last = spans.filter((sp) => sp.attempt === lastAttempt);
    if (!last.some((sp) => sp.status === 'stalled')) {
      const lastOk = last.reduce((acc, sp, i) => (sp.records > 0 ? i : acc), -1);
      const next = last[lastOk + 1];
      if (next && next.status === 'not_reached') next.status = 'stalled';
    }
  }
  return spans;
}
