// From collected records to the Trace of trace-types.ts: order, attempts and stages for a
// boot, a per-service timeline for everything, the verdict, and output records that point
// back into the files (path, line when known, byte offset).

import type { LogSource } from '../../parsers/log-files.js';
import type { PlacedRecord } from './attempts.js';
import { analyzeBoot } from './boot-analysis.js';
import { evidenceOf } from './evidence.js';
import { summarize } from './summary.js';
import { bootInstances } from './boot-instances.js';
import { analyzeMultiCreate, type MultiCreate } from './multi-create.js';
import { isInstanceQuery } from './collect.js';
import type { StuckFinding } from './stuck.js';
import type { PlacementExplanation } from './placement-explain.js';
import type { Collection, CollectedRecord } from './collect.js';
import { lineNumbersAt, LINE_NUMBER_AUTO_LIMIT } from '../search/line-numbers.js';
import { operationOf } from './operation.js';
import { modelOf } from '../operation-models.js';
import { analyzeOperation, type OperationAnalysis } from './operation-analysis.js';
import { operationSummary } from './operation-summary.js';
import { findClockSkew } from './clock-skew.js';
import { timeText } from './time-text.js';
import { mark } from '../timing.js';
import { chosenWithoutLogs, inferComputeHosts } from './host-inference.js';
import type { Attempt, Trace, TraceRecord, Verdict } from './trace-types.js';
import { exceptionOf, isError, type BootVerdict } from './verdict.js';
import { deletedSummary, type DeletedFinding } from './deleted-during-build.js';
import { ACCESS_LINE } from './access-line.js';
import { causeByText } from '../cause-signatures.js';
import { causeText } from '../causes/cause-text.js';


/** The API's answer: the status of the first access line (the operation's own, before any polling). */
function httpStatusOf(records: readonly CollectedRecord[]): number | null {
  for (const r of records) {
    if (r.service !== 'api') continue;
    const m = ACCESS_LINE.exec(r.message);
    if (m) return Number(m[3]);
  }
  return null;
}

const STUCK_CAUSE = 'the request stopped without an error while the logs went on: a message lost on the bus, or a service that is down or hung';

function isoText(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

export interface BuildOptions {
  /** Count lines for every file (otherwise only for files up to 8 MiB). */
  lineNumbers?: boolean;
}

function byTime(a: CollectedRecord, b: CollectedRecord): number {
  // NaN times (should not happen for parsed records) sort last.
  const ta = Number.isNaN(a.ts) ? Infinity : a.ts, tb = Number.isNaN(b.ts) ? Infinity : b.ts;
  return ta - tb || a.source - b.source || a.offset - b.offset;
}

function lineMaps(records: readonly { source: number; offset: number }[], sources: readonly LogSource[], all: boolean): Map<number, Map<number, number>> {
  const bySource = new Map<number, number[]>();
  for (const r of records) (bySource.get(r.source) ?? bySource.set(r.source, []).get(r.source)!).push(r.offset);
  const out = new Map<number, Map<number, number>>();
  for (const [i, offsets] of bySource) {
    const s = sources[i];
    if (all || s.size <= LINE_NUMBER_AUTO_LIMIT) out.set(i, lineNumbersAt(s.path, s.gzip, offsets));
  }
  return out;
}


export function buildTrace(col: Collection, sources: readonly LogSource[], opts: BuildOptions = {}): Trace {
  inferComputeHosts(col.records, sources);
  // Put every compute host's records on the controller's clock before ordering anything.
  const skew = findClockSkew(col.records);
  const offsets = skew.offsets;
  for (const o of offsets) {
    for (const r of col.records) {
      if (r.service === 'compute' && r.host === o.host) { r.ts -= o.offset_ms; r.clockCorrectionMs = o.offset_ms; }
    }
  }
  const records = [...col.records].sort(byTime);
  const lines = lineMaps([...records, ...col.unparsed], sources, opts.lineNumbers ?? false);
  mark('line numbers');
  const operation = operationOf(records);
  const isBoot = operation === 'boot';

  let placed: PlacedRecord[] = records.map((rec) => ({ rec, attempt: 1, stage: null }));
  let spans: Trace['stages'] = [];
  let attempts: Attempt[] = [];
  let hosts: string[] = [];
  let v: BootVerdict = { status: 'UNKNOWN', signature: null, failedStage: null, rootCause: null, exception: null, filterSteps: [], filter: null, cause: null };
  let stuck: StuckFinding | null = null;
  let deleted: DeletedFinding | null = null;
  let placement: PlacementExplanation | null = null;
  let op: OperationAnalysis | null = null;

  let multi: MultiCreate | null = null;
  const built = isBoot ? bootInstances(records, (r) => (r as CollectedRecord).service) : [];
  if (isBoot && built.length > 1) {
    multi = analyzeMultiCreate(records, sources, built, isInstanceQuery(col.query) ? col.query.toLowerCase() : null, col.deletions);
    const a = multi.analyses.get(multi.primary)!;
    ({ spans, attempts, stuck, placement, deleted } = a);
    const stageOf = new Map(a.placed.map((p) => [p.rec, p]));
    placed = records.map((rec) => stageOf.get(rec) ?? { rec, attempt: 1, stage: null });
    hosts = [...new Set(multi.outcomes.flatMap((o) => o.hosts))];
    // An instance uuid asked for gets that instance's verdict; the request id gets the sum.
    v = multi.focused ? a.verdict : { ...a.verdict, status: multi.status };
  } else if (isBoot) {
    const a = analyzeBoot(records, sources, col.deletions);
    ({ placed, spans, attempts, hosts, stuck, placement, deleted } = a);
    v = a.verdict;
  } else if (records.length && modelOf(operation)) {
    op = analyzeOperation(operation, modelOf(operation)!, records);
    ({ spans, hosts } = op);
    v = { ...v, status: op.status, rootCause: op.rootCause, exception: op.rootCause ? exceptionOf(op.rootCause) : null, cause: op.cause as BootVerdict['cause'] };
  } else if (records.length) {
    // A request a service answered itself: an error it logged, else its access line's 5xx, or a
    // 4xx refusing a change (a GET's 404 is an answer: clients look names up that way).
    const refused = (r: CollectedRecord) => {
      const m = ACCESS_LINE.exec(r.message);
      const status = Number(m?.[3] ?? 0);
      return status >= 500 || (status >= 400 && m![1] !== 'GET' && m![1] !== 'HEAD');
    };
    const failed = records.find(isError) ?? records.find(refused) ?? null;
    // An error a service logged may still say why (neutron down, the bus gone): the catalogue's
    // text causes apply to it as to a boot's line; a refusal's access line says nothing more.
    const cause = failed && isError(failed) ? causeByText(causeText(failed.message, failed.continuation), failed.logger) : null;
    v = { ...v, status: failed ? 'ERROR' : 'COMPLETED', rootCause: failed, exception: failed ? exceptionOf(failed) : null, cause };
  }

  const lineNumberOf = (source: number, offset: number) => lines.get(source)?.get(offset) ?? null;
  const ref = (r: CollectedRecord) => ({ file: sources[r.source].rel, line: lineNumberOf(r.source, r.offset), offset: r.offset });
  const verdict: Verdict = {
    status: v.status,
    failed_stage: op ? op.failedStage : v.failedStage,
    signature: stuck ? 'stuck' : v.signature?.id ?? null,
    probable_cause: stuck ? STUCK_CAUSE : op ? op.failure?.probableCause ?? null : v.signature?.probableCause ?? null,
    next_check: stuck ? stuck.nextCheck : op ? op.failure?.nextCheck ?? null : v.signature?.nextCheck ?? null,
    root_cause: v.rootCause ? {
      ts: v.rootCause.tsText, service: v.rootCause.service, host: v.rootCause.host, ...ref(v.rootCause),
      message: v.rootCause.message, traceback: v.rootCause.continuation, exception: v.exception,
    } : null,
    cause: v.cause ? { id: v.cause.id, probable_cause: v.cause.probableCause, next_check: v.cause.nextCheck, links: v.cause.links, source: v.cause.source } : null,
    filter: v.filter,
    filter_steps: v.filterSteps,
    summary: stuck ? stuck.summary : deleted ? deletedSummary(deleted, hosts[hosts.length - 1] ?? null) : op ? operationSummary(operation, op) : summarize(v, hosts, attempts, operation, records),
  };
  if (multi) {
    const focus = multi.outcomes.find((o) => o.instance === multi!.primary)!;
    verdict.summary = multi.focused
      ? `${verdict.summary} — one of the ${multi.outcomes.length} instances of ${col.requestId}: ${multi.summary.replace(/^\d+ instances: /, '')}`
      : `${multi.summary}${focus.status === 'ACTIVE' ? '' : `; ${focus.instance}: ${verdict.summary}`}`;
  }
  verdict.http_status = httpStatusOf(records);
  if (placement) verdict.placement = placement;
  if (verdict.status === 'ERROR' || verdict.status === 'STUCK') {
    verdict.evidence = evidenceOf(records, v.rootCause).map((r) => ({
      ts: r.tsText, service: r.service, host: r.host, ...ref(r), level: r.level, message: r.message.slice(0, 400), exception: exceptionOf(r),
    }));
  }
  if ((v.signature?.id === 'api-refused' || v.signature?.id === 'api-failed') && !v.cause) {
    const why = v.rootCause && !ACCESS_LINE.test(v.rootCause.message) ? `: ${v.rootCause.message.replace(/^HTTP exception thrown: /, '').slice(0, 200)}` : '';
    const failed = (verdict.http_status ?? 0) >= 500;
    verdict.summary = `ERROR: the API ${failed ? 'failed' : 'refused'} the request (HTTP ${verdict.http_status ?? '4xx/5xx'}${v.exception ? `, ${v.exception}` : ''})${why}`;
  }
  if (stuck) {
    verdict.stuck = {
      last_stage: stuck.lastStage, waiting_for: stuck.waitingFor, last_record: timeText(records.find((r) => r.ts === stuck!.lastRecordTs) ?? records[records.length - 1]),
      logs_until: isoText(stuck.logsUntil), idle_ms: stuck.logsUntil - stuck.lastRecordTs,
    };
  }

  const timeline = new Map<string, Trace['timeline'][number]>();
  for (const r of records) {
    const key = `${r.service}\u0000${r.host ?? ''}`;
    const t = timeline.get(key);
    if (!t) timeline.set(key, { service: r.service, host: r.host, start: r.tsText, end: r.tsText, records: 1, errors: isError(r) ? 1 : 0 });
    else { t.end = r.tsText; t.records++; if (isError(r)) t.errors++; }
  }

  const outRecords: TraceRecord[] = placed.map(({ rec: r, stage }) => ({
    ts: r.tsText, service: r.service, host: r.host, ...ref(r), pid: r.pid, level: r.level, logger: r.logger,
    request_id: r.context.requestId, global_request_id: r.context.globalRequestId, instance: r.instance,
    message: r.message, continuation: r.continuation, stage: isBoot ? stage : op?.stageOf.get(r) ?? null, joined_by: r.joinedBy,
  }));
  const requestIds = new Set<string>();
  const globalIds = new Set<string>();
  for (const r of records) {
    if (r.joinedBy === 'instance') continue;
    if (r.context.requestId) requestIds.add(r.context.requestId);
    if (r.context.globalRequestId) { requestIds.add(r.context.globalRequestId); globalIds.add(r.context.globalRequestId); }
  }
  const first = records[0], last = records[records.length - 1];
  const warnings: string[] = [...col.notes];
  warnings.push(...skew.notes);
  for (const h of chosenWithoutLogs(records, sources)) warnings.push(`the scheduler chose ${h}, but no log of ${h} is among these files: what happened there cannot be told`);
  if (isBoot && v.status === 'IN_PROGRESS' && !records.some((r) => r.service === 'compute') && records.some((r) => r.service === 'scheduler')) {
    warnings.push('the boot was scheduled, but no compute log among these files mentions it: the chosen host\'s log may not have been collected');
  }
  for (const o of offsets) {
    warnings.push(`the clock of ${o.host} runs ${o.kind === 'at-least' ? 'at least ' : ''}${(Math.abs(o.offset_ms) / 1000).toFixed(3)} s ${o.offset_ms > 0 ? 'ahead of' : 'behind'} the controller's (${o.evidence}); its times are corrected in the stage timeline`);
  }
  if (col.otherRequests.length) warnings.push(`other requests acted on this instance: ${col.otherRequests.join(', ')}`);
  if (records.some((r) => !lines.has(r.source))) warnings.push('line numbers omitted for files over 8 MiB (byte offsets are exact; use --line-numbers)');
  return {
    schema: 'nova-trace/v1',
    query: col.query,
    request_id: col.requestId,
    operation,
    request_ids: [...requestIds].sort(),
    global_request_ids: [...globalIds].sort(),
    instances: [...new Set(records.filter((r) => r.joinedBy !== 'instance' || isBoot).map((r) => r.instance).filter((x): x is string => !!x))].sort(),
    hosts,
    attempts,
    ...(multi ? { instance_outcomes: multi.outcomes, focus_instance: multi.primary } : {}),
    start: first ? timeText(first) : null,
    end: last ? timeText(last) : null,
    duration_ms: first && last ? last.ts - first.ts : null,
    verdict,
    stages: spans,
    timeline: [...timeline.values()],
    records: outRecords,
    clock_offsets: offsets,
    unparsed: col.unparsed.map((u) => ({ file: sources[u.source].rel, line: lineNumberOf(u.source, u.offset), offset: u.offset, text: u.raw })),
    warnings,
  };
}
