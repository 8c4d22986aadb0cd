// The scheduler's filter funnel, from either wording Nova uses:
//   nova.filters INFO  "Filtering removed all hosts for the request with instance ID '…'.
//                       Filter results: ['RetryFilter: (start: 2, end: 2)', 'RamFilter: (start: 2, end: 0)']"
//   nova.filters DEBUG "Filter RamFilter returned 0 host(s)"   (older INFO: "… returned 0 hosts")

import type { FilterStep } from './trace-types.js';

const RESULTS_ITEM = /'?(\w+): \(start: (\d+), end: (\d+)\)'?/g;
const RETURNED = /^Filter (\w+) returned (\d+) host/;

export function filterStepsFromSummary(message: string): FilterStep[] | null {
  const at = message.indexOf('Filter results:');
  if (at < 0) return null;
  const steps: FilterStep[] = [];
  for (const m of message.slice(at).matchAll(RESULTS_ITEM)) {
    steps.push({ filter: m[1], hosts_before: Number(m[2]), hosts_after: Number(m[3]) });
  }
  return steps.length ? steps : null;
}

export function filterStepFromReturned(message: string, before: number | null): FilterStep | null {
  const m = RETURNED.exec(message);
  return m ? { filter: m[1], hosts_before: before, hosts_after: Number(m[2]) } : null;
}

/**
 * The filter that left no host: the first step ending at zero — unless it started at zero too.
 * With no host to begin with (nova.filters' "Starting with 0 host(s)"; the summary's first filter
 * at "start: 0"), the first enabled filter only reports the empty list it was given: no filter
 * removed anything, and none is to blame.
 */
export function emptyingFilter(steps: readonly FilterStep[]): string | null {
  const step = steps.find((s) => s.hosts_after === 0);
  return step && step.hosts_before !== 0 ? step.filter : null;
}
