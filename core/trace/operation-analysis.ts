// Stages and verdict of an operation other than a boot (a live migration, a resize, a delete…)
// from its operation model (core/operation-models.ts). The rules are the boot's: a stage is ok
// with its own proof or a later stage's lines, FAILED only where the failure was logged,
// COMPLETED only with the line that proves it; without either, the operation is said to be
// still running at the end of the logs.

import { operationStageOf, type OperationFailure, type OperationModel } from '../operation-models.js';
import { causeFor } from '../causes/catalogue.js';
import type { CauseEntry } from '../causes/catalogue-types.js';
import { causeText } from '../causes/cause-text.js';
import type { CollectedRecord } from './collect.js';
import type { StageSpan, TraceStatus } from './trace-types.js';
import { timeText } from './time-text.js';
import { isError } from './verdict.js';

export interface OperationAnalysis {
  stageOf: Map<CollectedRecord, string | null>;
  spans: StageSpan[];
  status: TraceStatus;
  failedStage: string | null;
  rootCause: CollectedRecord | null;
  failure: OperationFailure | null;
  /** The catalogue's cause of the failure, for this operation (its `operation` field). */
  cause: CauseEntry | null;
  /** Compute hosts in the order they first logged; the destination when the lines name it. */
  hosts: string[];
  source: string | null;
  destination: string | null;
  completion: CollectedRecord | null;
}

const ACCESS = /"(?:POST|PUT|DELETE) [^"]*" status: (\d{3})/;
const API_REFUSAL = /^HTTP exception thrown: |^Returning \d{3} to user: /;

/** Records in stages: by rule, else (compute) the stage its host is in. */
function place(model: OperationModel, records: readonly CollectedRecord[]): Map<CollectedRecord, string | null> {
  const out = new Map<CollectedRecord, string | null>();
  const current = new Map<string, string>();
  for (const r of records) {
    let stage = operationStageOf(model, r.service, r.message);
    if (stage === null && r.service === 'compute') stage = current.get(r.host ?? '') ?? null;
    if (stage !== null && r.service === 'compute') current.set(r.host ?? '', stage);
    out.set(r, stage);
  }
  return out;
}

function failureOf(model: OperationModel, r: CollectedRecord): OperationFailure | null {
  return model.failures.find((f) => f.message.test(r.message)) ?? null;
}

export function analyzeOperation(operation: string, model: OperationModel, records: readonly CollectedRecord[]): OperationAnalysis {
  const stageOf = place(model, records);
  const refusal = records.find((r) => r.service === 'api' && Number(ACCESS.exec(r.message)?.[1] ?? 0) >= 400);
  const failed = records.find((r) => failureOf(model, r) !== null) ?? records.find((r) => isError(r) && stageOf.get(r) !== null);
  const completion = records.find((r) => model.completed.test(r.message)) ?? null;
  let rootCause: CollectedRecord | null = null;
  let failedStage: string | null = null;
  let status: TraceStatus;
  // A failure another service logged before the API answered is why the API refused.
  const behind = failed && failed.service !== 'api' && (!refusal || failed.ts <= refusal.ts) ? failed : null;
  if (behind || (failed && !refusal)) {
    rootCause = behind ?? failed!;
    failedStage = stageOf.get(rootCause) ?? null;
    status = 'ERROR';
  } else if (refusal) {
    rootCause = records.find((r) => r.service === 'api' && (isError(r) || API_REFUSAL.test(r.message))) ?? refusal;
    failedStage = 'api.accepted';
    status = 'ERROR';
  } else {
    status = completion ? 'COMPLETED' : records.length ? 'IN_PROGRESS' : 'UNKNOWN';
  }

  const names = model.stages.map((s) => s.stage).filter((s, i, a) => a.indexOf(s) === i);
  const byStage = new Map<string, CollectedRecord[]>();
  for (const [r, s] of stageOf) if (s !== null) (byStage.get(s) ?? byStage.set(s, []).get(s)!).push(r);
  const lastWithRecords = names.reduce((acc, s, i) => (byStage.get(s)?.length ? i : acc), -1);
  const failedIndex = failedStage ? names.indexOf(failedStage) : -1;
  const doneOf = (stage: string) => model.stages.find((s) => s.stage === stage && s.done)?.done;
  const spans: StageSpan[] = names.map((stage, i) => {
    const recs = byStage.get(stage) ?? [];
    const done = doneOf(stage);
    const proven = (done !== undefined && recs.some((r) => done.test(r.message))) || (completion !== null && recs.includes(completion))
      || (i < lastWithRecords && (failedIndex < 0 || i < failedIndex) && names.slice(i + 1).some((s) => byStage.get(s)?.length));
    let st: StageSpan['status'];
    if (i === failedIndex) st = 'failed';
    // The API answered with an error the failure behind it caused: not accepted, not its fault.
    else if (stage === 'api.accepted' && refusal) st = 'aborted';
    else if (recs.length && proven) st = 'ok';
    else if (recs.length && status === 'IN_PROGRESS' && i === lastWithRecords) st = 'in_progress';
    else if (recs.length) st = 'aborted';
    else st = i < lastWithRecords && (failedIndex < 0 || i < failedIndex) ? 'not_logged' : 'not_reached';
    let start = NaN, end = NaN, startText: string | null = null, endText: string | null = null;
    for (const r of recs) {
      if (!(r.ts >= start)) { start = r.ts; startText = timeText(r); }
      if (!(r.ts <= end)) { end = r.ts; endText = timeText(r); }
    }
    const hosts = [...new Set(recs.map((r) => r.host).filter((h): h is string => !!h))];
    const summary = recs.find((r) => (done && done.test(r.message)) || failureOf(model, r) || isError(r)) ?? recs[recs.length - 1];
    return {
      stage, service: recs[0]?.service ?? stage.split('.')[0], host: hosts[0] ?? null, attempt: 1, status: st,
      start: startText, end: endText, duration_ms: recs.length ? Math.max(0, end - start) : null, records: recs.length,
      summary: summary ? summary.message.slice(0, 240) : null,
    };
  });

  const computeHosts = [...new Set(records.filter((r) => r.service === 'compute' && r.host).map((r) => r.host!))];
  const hostOfRole = (role: 'source' | 'destination') => {
    const stages = new Set(model.stages.filter((s) => s.role === role).map((s) => s.stage));
    return records.find((r) => r.service === 'compute' && r.host && stages.has(stageOf.get(r) ?? ''))?.host ?? null;
  };
  let destination: string | null = null;
  for (const re of model.destination ?? []) {
    for (const r of records) {
      const m = re.exec(r.message) ?? r.continuation.map((c) => re.exec(c)).find((x) => x) ?? null;
      if (m) { destination = m[1]; break; }
    }
    if (destination) break;
  }
  // The lines name the destination by its service host; the log's host may be its short or full name.
  const sameHost = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
  const logged = hostOfRole('destination');
  if (!destination || (logged && sameHost(logged, destination))) destination = logged ?? destination;
  const source = hostOfRole('source') ?? (destination ? computeHosts.find((h) => !sameHost(h, destination!)) ?? null : null);
  const cause = rootCause && status === 'ERROR' ? causeFor({ operation, text: causeText(rootCause.message, rootCause.continuation), logger: rootCause.logger }) : null;
  return { stageOf, spans, status, failedStage, rootCause, failure: rootCause ? failureOf(model, rootCause) : null, cause, hosts: computeHosts, source, destination, completion };
}
