// The verdict of a boot: ACTIVE, or the failure — which signature, which stage, which line is
// the root cause and (for NoValidHost) which filter removed the last host.

import { SIGNATURES, type FailureSignature } from '../signatures.js';
import { causeByFilter, causeByText, refineCause, type CauseSignature } from '../cause-signatures.js';
import { causeText } from '../causes/cause-text.js';
import type { StageName } from '../stage-names.js';
import type { PlacedRecord } from './attempts.js';
import type { CollectedRecord } from './collect.js';
import { emptyingFilter, filterStepFromReturned, filterStepsFromSummary } from './filter-steps.js';
import type { FilterStep, TraceStatus } from './trace-types.js';

export interface AttemptOutcome {
  attempt: number;
  host: string | null;
  active: PlacedRecord | null;
  failure: PlacedRecord | null;
  /** The host's own word that the build goes on elsewhere ('Build of instance … was re-scheduled: …', DEBUG). */
  rescheduled: PlacedRecord | null;
}

const RESCHEDULED = /^Build of instance \S+ was re-scheduled: /;

export interface BootVerdict {
  status: TraceStatus;
  signature: FailureSignature | null;
  failedStage: StageName | null;
  rootCause: CollectedRecord | null;
  exception: string | null;
  filterSteps: FilterStep[];
  filter: string | null;
  /** The specific cause, when the logs show one (cause-signatures.ts). */
  cause: CauseSignature | null;
  /** The line that shows how the boot ended (the signature's match), when one did. */
  ending?: CollectedRecord | null;
}

const ERROR_LEVELS = new Set(['ERROR', 'CRITICAL']);
const API_REFUSAL = /^HTTP exception thrown: |^Returning \d{3} to user: /;
const EXCEPTION_LINE = /^([A-Za-z_][\w.]*)(?::|$)/;

export function isError(r: CollectedRecord): boolean {
  return r.level !== null && ERROR_LEVELS.has(r.level);
}

export function isActiveMilestone(p: PlacedRecord): boolean {
  return p.stage === 'instance.active' || p.rec.message.startsWith('Instance spawned successfully');
}

/**
 * Exception class of a traceback ("libvirt.libvirtError: …" → "libvirt.libvirtError"): the first
 * unindented line after the last frame (its message may go on over more lines), else the last line.
 */
export function exceptionOf(r: CollectedRecord): string | null {
  const lines = r.continuation;
  let frame = -1;
  for (let i = lines.length - 1; i >= 0 && frame < 0; i--) if (/^\s*File "/.test(lines[i])) frame = i;
  if (frame >= 0) {
    for (let i = frame + 1; i < lines.length; i++) {
      if (!lines[i].trim() || /^\s/.test(lines[i])) continue;
      return EXCEPTION_LINE.exec(lines[i].trim())?.[1] ?? null;
    }
    return null;
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (!line) continue;
    if (line.startsWith('Traceback')) return null;
    return EXCEPTION_LINE.exec(line)?.[1] ?? null;
  }
  return null;
}

function lastLine(lines: readonly string[]): string {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].trim()) return lines[i];
  return '';
}

export function outcomes(placed: readonly PlacedRecord[], attempts: readonly { attempt: number; host: string | null }[]): AttemptOutcome[] {
  return attempts.map((a) => {
    const mine = placed.filter((p) => p.attempt === a.attempt && p.rec.service === 'compute');
    return {
      attempt: a.attempt, host: a.host,
      active: mine.find(isActiveMilestone) ?? null,
      failure: mine.find((p) => isError(p.rec)) ?? null,
      rescheduled: mine.find((p) => RESCHEDULED.test(p.rec.message)) ?? null,
    };
  });
}

function matches(sig: FailureSignature, r: CollectedRecord): boolean {
  if (sig.service && r.service !== sig.service) return false;
  if (sig.levels && (r.level === null || !sig.levels.includes(r.level))) return false;
  // Messages may be translated; the exception line closing the traceback is not.
  return sig.message.test(r.message) || (r.continuation.length > 0 && sig.message.test(lastLine(r.continuation)));
}

function schedulerFilterSteps(placed: readonly PlacedRecord[]): FilterStep[] {
  for (let i = placed.length - 1; i >= 0; i--) {
    const steps = filterStepsFromSummary(placed[i].rec.message);
    if (steps) return steps;
  }
  // Per-filter DEBUG lines of the last scheduling pass.
  const lastPass = Math.max(0, ...placed.filter((p) => p.rec.service === 'scheduler').map((p) => p.attempt));
  const steps: FilterStep[] = [];
  let before: number | null = null;
  for (const p of placed) {
    if (p.rec.service !== 'scheduler' || p.attempt !== lastPass) continue;
    const start = /^Starting with (\d+) host/.exec(p.rec.message);
    if (start) { before = Number(start[1]); continue; }
    const step = filterStepFromReturned(p.rec.message, before);
    if (step) { steps.push(step); before = step.hosts_after; }
  }
  return steps;
}

export function decideBootVerdict(placed: readonly PlacedRecord[], outs: readonly AttemptOutcome[]): BootVerdict {
  const v = decideOutcome(placed, outs);
  return v.status === 'ERROR' ? withCause(v, placed) : v;
}

const recordText = (r: CollectedRecord) => causeText(r.message, r.continuation);

/**
 * Refine an ERROR with its specific cause. A NoValidHost whose last filter was RetryFilter
 * means every host was tried and failed: the cause is the last host's error, not the filter.
 */
function withCause(v: BootVerdict, placed: readonly PlacedRecord[]): BootVerdict {
  let root = v.rootCause;
  let cause: CauseSignature | null = null;
  if (v.signature?.id === 'no-valid-host') {
    const computeErrors = placed.filter((p) => p.rec.service === 'compute' && isError(p.rec));
    if (v.filter === 'RetryFilter' && computeErrors.length) {
      root = computeErrors[computeErrors.length - 1].rec;
      cause = causeByText(recordText(root), root.logger);
    } else {
      cause = causeByFilter(v.filter);
      // No filter emptied the list: the scheduler's own warning says why (a failed claim).
      const said = cause ? undefined : placed.filter((p) => p.rec.service === 'scheduler' && (isError(p.rec) || p.rec.level === 'WARNING'))
        .reverse().find((p) => causeByText(recordText(p.rec), p.rec.logger));
      if (said) { root = said.rec; cause = causeByText(recordText(root), root.logger); }
    }
  } else if (v.signature?.id === 'no-allocation-candidates') {
    return v; // placement's answer is explained with the logs around it (boot-analysis.ts)
  } else if (root) {
    cause = causeByText(recordText(root), root.logger) ?? causeSaidAfter(root, placed);
  }
  if (!cause) return v;
  cause = refineCause(cause, placed.filter((p) => p.rec !== root && (isError(p.rec) || p.rec.level === 'WARNING')).map((p) => ({ text: recordText(p.rec), logger: p.rec.logger })));
  // A root moved to another line keeps only its own exception, not the verdict's (NoValidHost).
  const exception = root === v.rootCause ? v.exception : root ? exceptionOf(root) : null;
  // A cause that can strike anywhere (an unexpected exception) fails the stage its line was logged in.
  const lineStage = cause.stageFrom === 'line' ? placed.find((p) => p.rec === root)?.stage ?? null : null;
  return { ...v, cause, rootCause: root, exception, failedStage: lineStage ?? cause.stage };
}

/**
 * An error no cause names (an exception of Nova's own) is often classified by Nova in the lines
 * that handle it on the same host and attempt ('Failed to allocate the network(s), not rescheduling').
 */
function causeSaidAfter(root: CollectedRecord, placed: readonly PlacedRecord[]): CauseSignature | null {
  const at = placed.findIndex((p) => p.rec === root);
  if (at < 0) return null;
  for (const p of placed.slice(at + 1)) {
    if (p.attempt !== placed[at].attempt || p.rec.service !== root.service || !isError(p.rec)) continue;
    const cause = causeByText(recordText(p.rec), p.rec.logger);
    if (cause) return cause;
  }
  return null;
}

function decideOutcome(placed: readonly PlacedRecord[], outs: readonly AttemptOutcome[]): BootVerdict {
  const none: BootVerdict = { status: 'IN_PROGRESS', signature: null, failedStage: null, rootCause: null, exception: null, filterSteps: [], filter: null, cause: null };
  const computeOuts = outs.filter((o) => o.host !== null);
  const last = computeOuts[computeOuts.length - 1];
  for (const sig of SIGNATURES) {
    const hit = placed.find((p) => matches(sig, p.rec));
    if (!hit) continue;
    if (sig.id === 'spawn-failed' && (hit.attempt !== last?.attempt || last.active || last.rescheduled)) continue;
    let root: CollectedRecord = hit.rec;
    let steps: FilterStep[] = [];
    if (sig.rootCause === 'last-compute-error') {
      // The first error of the last host tried: what went wrong there, not the abort that followed.
      const errs = placed.filter((p) => p.rec.service === 'compute' && isError(p.rec));
      const lastAttempt = errs.length ? errs[errs.length - 1].attempt : 0;
      const first = errs.find((p) => p.attempt === lastAttempt);
      if (first) root = first.rec;
    } else if (sig.rootCause === 'api-error') {
      // The API's own explanation: its ERROR (a 500's traceback), else the refusal it logged, else the status.
      const api = placed.filter((p) => p.rec.service === 'api');
      root = (api.find((p) => isError(p.rec)) ?? api.find((p) => API_REFUSAL.test(p.rec.message)) ?? hit).rec;
    } else if (sig.rootCause === 'conductor-error') {
      // The conductor logs why it gave up (an ERROR, often with a traceback) before its WARNING
      // "Failed to compute_task_build_instances: …" and the ERROR state: that ERROR is the root.
      const said = placed.find((p) => p.rec.service === 'conductor' && isError(p.rec) && p.rec.ts <= hit.rec.ts);
      if (said) root = said.rec;
    } else if (sig.rootCause === 'filter-summary') {
      root = placed.find((p) => filterStepsFromSummary(p.rec.message))?.rec ?? hit.rec;
      steps = schedulerFilterSteps(placed);
    }
    const failedStage = sig.stage === 'last-attempt' ? (last?.failure?.stage ?? 'compute.spawn') : sig.stage === 'line' ? (hit.stage ?? 'compute.spawn') : sig.stage;
    return {
      ending: hit.rec,
      status: 'ERROR', signature: sig, failedStage, rootCause: root,
      // The signature's exception names its own line (MaxRetriesExceeded…), not another root.
      exception: exceptionOf(root) ?? (root === hit.rec || sig.rootCause === 'filter-summary' ? sig.exception : null), filterSteps: steps, filter: emptyingFilter(steps), cause: null,
    };
  }
  if (last?.active) return { ...none, status: 'ACTIVE' };
  // The last host tried said the build goes on elsewhere, and nothing after it is in these logs:
  // its failure is proven, the boot's outcome is not.
  if (last?.rescheduled) return { ...none, rootCause: last.failure?.rec ?? last.rescheduled.rec, exception: last.failure ? exceptionOf(last.failure.rec) : null };
  const firstError = placed.find((p) => isError(p.rec) && p.stage !== null);
  if (firstError) {
    return { ...none, status: 'ERROR', failedStage: firstError.stage, rootCause: firstError.rec, exception: exceptionOf(firstError.rec) };
  }
  return none;
}
