// The verdict of a boot: ACTIVE, or the failure — which signature, which stage, which line is
// the root cause and (for NoValidHost) which filter removed the last host.

import { SIGNATURES, type FailureSignature } from '../signatures.js';
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
}

export interface BootVerdict {
  status: TraceStatus;
  signature: FailureSignature | null;
  failedStage: StageName | null;
  rootCause: CollectedRecord | null;
  exception: string | null;
  filterSteps: FilterStep[];
  filter: string | null;
}

const ERROR_LEVELS = new Set(['ERROR', 'CRITICAL']);
const EXCEPTION_LINE = /^([A-Za-z_][\w.]*)(?::|$)/;

export function isError(r: CollectedRecord): boolean {
  return r.level !== null && ERROR_LEVELS.has(r.level);
}

export function isActiveMilestone(p: PlacedRecord): boolean {
  return p.stage === 'instance.active' || p.rec.message.startsWith('Instance spawned successfully');
}

/** Exception class from the last line of a traceback ("libvirt.libvirtError: …" → "libvirt.libvirtError"). */
export function exceptionOf(r: CollectedRecord): string | null {
  for (let i = r.continuation.length - 1; i >= 0; i--) {
    const line = r.continuation[i].trim();
    if (!line) continue;
    if (line.startsWith('File "') || line.startsWith('Traceback')) return null;
    return EXCEPTION_LINE.exec(line)?.[1] ?? null;
  }
  return null;
}

export function outcomes(placed: readonly PlacedRecord[], attempts: readonly { attempt: number; host: string | null }[]): AttemptOutcome[] {
  return attempts.map((a) => {
    const mine = placed.filter((p) => p.attempt === a.attempt && p.rec.service === 'compute');
    return {
      attempt: a.attempt, host: a.host,
      active: mine.find(isActiveMilestone) ?? null,
      failure: mine.find((p) => isError(p.rec)) ?? null,
    };
  });
}

function matches(sig: FailureSignature, r: CollectedRecord): boolean {
  if (sig.service && r.service !== sig.service) return false;
  if (sig.levels && (r.level === null || !sig.levels.includes(r.level))) return false;
  return sig.message.test(r.message);
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
  const none: BootVerdict = { status: 'IN_PROGRESS', signature: null, failedStage: null, rootCause: null, exception: null, filterSteps: [], filter: null };
  const computeOuts = outs.filter((o) => o.host !== null);
  const last = computeOuts[computeOuts.length - 1];
  for (const sig of SIGNATURES) {
    const hit = placed.find((p) => matches(sig, p.rec));
    if (!hit) continue;
    if (sig.id === 'spawn-failed' && (hit.attempt !== last?.attempt || last.active)) continue;
    let root: CollectedRecord = hit.rec;
    let steps: FilterStep[] = [];
    if (sig.rootCause === 'last-compute-error') {
      const errs = placed.filter((p) => p.rec.service === 'compute' && isError(p.rec));
      if (errs.length) root = errs[errs.length - 1].rec;
    } else if (sig.rootCause === 'filter-summary') {
      root = placed.find((p) => filterStepsFromSummary(p.rec.message))?.rec ?? hit.rec;
      steps = schedulerFilterSteps(placed);
    }
    const failedStage = sig.stage === 'last-attempt' ? (last?.failure?.stage ?? 'compute.spawn') : sig.stage;
    return {
      status: 'ERROR', signature: sig, failedStage, rootCause: root,
      exception: exceptionOf(root) ?? sig.exception, filterSteps: steps, filter: emptyingFilter(steps),
    };
  }
  if (last?.active) return { ...none, status: 'ACTIVE' };
  const firstError = placed.find((p) => isError(p.rec) && p.stage !== null);
  if (firstError) {
    return { ...none, status: 'ERROR', failedStage: firstError.stage, rootCause: firstError.rec, exception: exceptionOf(firstError.rec) };
  }
  return none;
}
