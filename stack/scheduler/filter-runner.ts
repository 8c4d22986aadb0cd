// Runs the enabled filters in order over the candidate hosts (Nova's get_filtered_objects),
// logging the funnel with Nova's wording: how many hosts each filter kept, and when the list
// empties the per-filter (start, end) counts that name the filter that removed the last host:
// "Filtering removed all hosts…" once at INFO (the counts) and once at DEBUG (the hosts each
// filter kept), both by nova.filters, as Nova has logged it since Mitaka.

import type { HostState } from './host-state.js';
import type { FilterRequest, HostFilter } from './filters/host-filter.js';
import { PyTuple, pyRepr, type PyValue } from './py-repr.js';
import type { Release } from '../common/release.js';

const LOGGER = 'nova.filters';
const FILE = 'filters.py';
const FUNC = 'get_filtered_objects';
/** Lines of get_filtered_objects' DEBUG calls in nova/filters.py: Mitaka to Stein (legacy), and since Yoga (current). */
const LINES: Record<Release, { start: number; returned: number; removed: number }> = {
  legacy: { start: 70, returned: 102, removed: 129 },
  current: { start: 70, returned: 102, removed: 114 },
};

export interface FilterStep {
  filter: string;
  start: number;
  end: number;
}

export function runFilters(filters: readonly HostFilter[], hosts: readonly HostState[], req: FilterRequest, release: Release = 'current'): { hosts: HostState[]; steps: FilterStep[] } {
  const log = req.log.child(LOGGER);
  const at = LINES[release];
  let remaining = [...hosts];
  log.debug(req.ctx, null, `Starting with ${remaining.length} host(s)`, { func: FUNC, file: FILE, line: at.start });
  const steps: FilterStep[] = [];
  const full: PyValue[] = [];
  for (const filter of filters) {
    const start = remaining.length;
    remaining = remaining.filter((h) => filter.passes(h, req));
    steps.push({ filter: filter.name, start, end: remaining.length });
    if (remaining.length === 0) {
      log.info(req.ctx, null, `Filter ${filter.name} returned 0 hosts`);
      full.push(new PyTuple([filter.name, null]));
      break;
    }
    full.push(new PyTuple([filter.name, remaining.map((h) => new PyTuple([h.host, h.nodename]))]));
    log.debug(req.ctx, null, `Filter ${filter.name} returned ${remaining.length} host(s)`, { func: FUNC, file: FILE, line: at.returned });
  }
  if (remaining.length === 0 && steps.length > 0) {
    const head = `Filtering removed all hosts for the request with instance ID '${req.spec.instance_uuid}'. Filter results: `;
    log.debug(req.ctx, null, head + pyRepr(full), { func: FUNC, file: FILE, line: at.removed });
    log.info(req.ctx, null, head + pyRepr(steps.map((s) => `${s.filter}: (start: ${s.start}, end: ${s.end})`)));
  }
  return { hosts: remaining, steps };
}
