// Runs the enabled filters in order over the candidate hosts (Nova's get_filtered_objects),
// logging the funnel with Nova's wording: how many hosts each filter kept, and when the list
// empties the per-filter (start, end) counts that name the filter that removed the last host.

import type { HostState } from './host-state.js';
import type { FilterRequest, HostFilter } from './filters/host-filter.js';
import { PyTuple, pyRepr, type PyValue } from './py-repr.js';

const LOGGER = 'nova.filters';
const FILE = 'filters.py';
const FUNC = 'get_filtered_objects';

export interface FilterStep {
  filter: string;
  start: number;
  end: number;
}

export function runFilters(filters: readonly HostFilter[], hosts: readonly HostState[], req: FilterRequest): { hosts: HostState[]; steps: FilterStep[] } {
  const log = req.log.child(LOGGER);
  let remaining = [...hosts];
  log.debug(req.ctx, null, `Starting with ${remaining.length} host(s)`, { func: FUNC, file: FILE, line: 70 });
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
    log.debug(req.ctx, null, `Filter ${filter.name} returned ${remaining.length} host(s)`, { func: FUNC, file: FILE, line: 102 });
  }
  if (remaining.length === 0 && steps.length > 0) {
    const head = `Filtering removed all hosts for the request with instance ID '${req.spec.instance_uuid}'. Filter results: `;
    log.debug(req.ctx, null, head + pyRepr(full), { func: FUNC, file: FILE, line: 129 });
    log.info(req.ctx, null, head + pyRepr(steps.map((s) => `${s.filter}: (start: ${s.start}, end: ${s.end})`)));
  }
  return { hosts: remaining, steps };
}
