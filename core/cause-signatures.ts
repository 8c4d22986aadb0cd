// Specific causes of a failed boot, recognised from the logs alone (never from how a fault was
// injected): a pattern in the root-cause line and its traceback, the scheduler filter that
// removed the last host, or what placement could not satisfy. The causes themselves are data
// (causes/catalogue.json and a site's own files); this is the tracer's way of asking. The
// failure signature (signatures.ts) says how the boot ended; the cause says why, and where: it
// may move the failing stage (a network error found under a spawn failure belongs to
// compute.network).

import { causeFor, refinement, type CauseEntry, type CauseQuery } from './causes/catalogue.js';
import type { StageName } from './stage-names.js';

/** A boot's cause: the catalogue checks that its stage is a boot stage. */
export type CauseSignature = CauseEntry & { stage: StageName };
export const asBootCause = (c: CauseEntry | null): CauseSignature | null => c as CauseSignature | null;

export function causeByFilter(filter: string | null): CauseSignature | null {
  return filter === null ? null : asBootCause(causeFor({ filter }));
}

export function causeByText(text: string, logger?: string): CauseSignature | null {
  return asBootCause(causeFor({ text, logger }));
}

export function causeByExplanation(explains: string): CauseSignature | null {
  return asBootCause(causeFor({ explains }));
}

/** `cause`, or the cause another line of the trace shows that explains it better (bus down under a timeout). */
export function refineCause(cause: CauseSignature, others: readonly CauseQuery[]): CauseSignature {
  return asBootCause(refinement(cause, others)) ?? cause;
}
