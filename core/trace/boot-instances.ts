// Which instances a boot request built. One `POST /servers` with min_count/max_count > 1
// builds several under one request id; but a line under the request id can also name an
// unrelated instance (a periodic task that inherited the context). An instance belongs to
// the boot when the boot scheduled it (the scheduler's "Starting to schedule for instances:
// [...]", "Attempting to claim resources in the placement API for instance X"), the conductor
// acted on it, or a compute host started building it under the request's own id.

import type { ScanHit } from '../search/scan-types.js';

const SCHEDULE_LIST = /^Starting to schedule for instances: \[([^\]]*)\]/;
const UUID_G = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const BUILD_START = /^Starting instance\.\.\.|^Attempting claim|^Claim successful|^Attempting to claim resources in the placement API for instance/;
const BUILDERS = new Set(['scheduler', 'conductor']);

interface Line { message: string; instance: string | null; service?: string; source: number }

/** The instances a boot built, in the order they first appear; empty when none is named. */
export function bootInstances(records: readonly Line[], serviceOf: (r: Line) => string): string[] {
  const out: string[] = [];
  const add = (u: string) => { if (!out.includes(u)) out.push(u); };
  for (const r of records) {
    const list = SCHEDULE_LIST.exec(r.message);
    if (list) for (const u of list[1].match(UUID_G) ?? []) add(u.toLowerCase());
    if (!r.instance) continue;
    if (BUILDERS.has(serviceOf(r)) || BUILD_START.test(r.message)) add(r.instance);
  }
  return out;
}

/** bootInstances for raw scan hits (no service decorated yet). */
export function bootInstancesOfHits(hits: readonly ScanHit[], serviceOfSource: (source: number) => string): string[] {
  return bootInstances(hits, (r) => serviceOfSource(r.source));
}
