// One boot's analysis from its records (sorted, on the controller's clock): attempts and
// stages, the verdict, and — when nothing failed and nothing finished while the logs went on —
// whether it is stuck. build-trace.ts runs it once per boot, and once per instance of a
// multi-create.

import type { LogSource } from '../../parsers/log-files.js';
import { placeRecords, UNKNOWN_HOST, type PlacedRecord } from './attempts.js';
import type { CollectedRecord } from './collect.js';
import { stageSpans } from './stage-spans.js';
import { findStuck, type StuckFinding } from './stuck.js';
import { deletedDuringBuild, type DeletedFinding, type Deletion } from './deleted-during-build.js';
import type { Attempt, StageSpan } from './trace-types.js';
import { decideBootVerdict, exceptionOf, isError, outcomes, type AttemptOutcome, type BootVerdict } from './verdict.js';
import { asBootCause, causeByExplanation, causeByText } from '../cause-signatures.js';
import { causeText } from '../causes/cause-text.js';
import { isRefined, refinement } from '../causes/catalogue.js';
import { contextFreeErrors } from './context-free-errors.js';
import { explainNoCandidates, type PlacementExplanation } from './placement-explain.js';
import type { StageName } from '../stage-names.js';

export interface BootAnalysis {
  placed: PlacedRecord[];
  verdict: BootVerdict;
  stuck: StuckFinding | null;
  spans: StageSpan[];
  attempts: Attempt[];
  hosts: string[];
  /** For "no allocation candidates": what placement was asked and what the logs say was missing. */
  placement: PlacementExplanation | null;
  /** The server was deleted while it built (status DELETED). */
  deleted: DeletedFinding | null;
}

/**
 * Where each attempt failed, as logged: a rescheduled host's own error (in the stage its cause
 * names), the root cause's attempt in the verdict's stage, and the attempt whose line ended the
 * boot (the scheduler's NoValidHost after a reschedule) in that line's stage.
 */
function failuresByAttempt(placed: readonly PlacedRecord[], outs: readonly AttemptOutcome[], v: BootVerdict): Map<number, StageName> {
  const at = new Map<number, StageName>();
  const attemptOf = (r: CollectedRecord | null | undefined) => (r ? placed.find((p) => p.rec === r) : undefined);
  if (v.status === 'ERROR') {
    const root = attemptOf(v.rootCause);
    if (root && v.failedStage) at.set(root.attempt, v.failedStage);
    const end = attemptOf(v.ending);
    if (end && end.stage && !at.has(end.attempt)) at.set(end.attempt, end.stage);
  }
  for (const o of outs) {
    if (at.has(o.attempt) || !o.failure || o.active) continue;
    const cause = causeByText(causeText(o.failure.rec.message, o.failure.rec.continuation), o.failure.rec.logger);
    if (o.failure.stage) at.set(o.attempt, cause?.stage ?? o.failure.stage);
  }
  return at;
}

export function analyzeBoot(records: readonly CollectedRecord[], sources: readonly LogSource[], deletions: readonly Deletion[] = []): BootAnalysis {
  const p = placeRecords(records);
  const placed = p.placed;
  const outs = outcomes(placed, p.attempts);
  let v = decideBootVerdict(placed, outs);
  let placement: PlacementExplanation | null = null;
  if (v.signature?.id === 'no-allocation-candidates') {
    placement = explainNoCandidates(records, sources);
    const l = placement.limiting;
    const cause = l ? causeByExplanation(l.kind === 'trait' ? `trait:${l.name}` : l.kind) ?? (l.kind === 'resource' ? causeByExplanation('resource') : null) : null;
    if (cause) v = { ...v, cause, failedStage: cause.stage };
    // Placement could not be asked at all (down, unreachable, credentials refused): the scheduler said why.
    const said = cause ? null : placed.find((p) => p.rec.service === 'scheduler' && (isError(p.rec) || p.rec.level === 'WARNING')
      && causeByText(causeText(p.rec.message, p.rec.continuation), p.rec.logger));
    const why = said ? causeByText(causeText(said.rec.message, said.rec.continuation), said.rec.logger) : null;
    if (said && why) v = { ...v, cause: why, rootCause: said.rec, exception: exceptionOf(said.rec), failedStage: why.stage };
  }
  if (v.status === 'ERROR' && v.cause && isRefined(v.cause.id) && records.length) {
    const ts = records.map((r) => r.ts).filter((t) => !Number.isNaN(t));
    const better = ts.length ? asBootCause(refinement(v.cause, contextFreeErrors(sources, new Set(records.map((r) => r.service)), Math.min(...ts), Math.max(...ts)))) : null;
    if (better) v = { ...v, cause: better, failedStage: better.stage };
  }
  const computeOuts = outs.filter((o) => o.host !== null);
  const lastHost = computeOuts[computeOuts.length - 1]?.host ?? null;
  const deleted = v.status === 'IN_PROGRESS' ? deletedDuringBuild(placed, deletions) : null;
  if (deleted) v = { ...v, status: 'DELETED', failedStage: null };
  // A build the last host re-scheduled went on elsewhere: that host's silence says nothing.
  const away = v.status === 'IN_PROGRESS' && !!computeOuts[computeOuts.length - 1]?.rescheduled;
  const stuck = v.status === 'IN_PROGRESS' && !away ? findStuck(placed, sources, lastHost === UNKNOWN_HOST ? null : lastHost) : null;
  if (stuck) v = { ...v, status: 'STUCK', failedStage: stuck.missingStage };
  // A stuck boot's missing stage was never reached: it is named in the verdict, not marked failed.
  const spans = stageSpans(placed, outs, v.status, stuck ? new Map() : failuresByAttempt(placed, outs, v));
  const hosts = [...new Set(computeOuts.map((o) => o.host!))];
  const attempts: Attempt[] = computeOuts.map((o, i) => ({
    attempt: o.attempt, host: o.host!,
    result: o.active ? 'active' : i < computeOuts.length - 1 || (o.rescheduled && v.status !== 'ERROR') ? 'rescheduled' : o.failure || v.status === 'ERROR' ? 'failed' : v.status === 'STUCK' ? 'stuck' : v.status === 'DELETED' ? 'deleted' : 'in_progress',
    reason: o.failure ? (exceptionOf(o.failure.rec) ?? o.failure.rec.message.slice(0, 200)) : null,
  }));
  return { placed, verdict: v, stuck, spans, attempts, hosts, placement, deleted };
}
