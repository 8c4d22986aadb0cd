// Every filter the scheduler knows, by the class name operators put in
// [filter_scheduler] enabled_filters (cfg.scheduler.filters).

import { AggregateInstanceExtraSpecsFilter } from './aggregate-instance-extra-specs-filter.js';
import { AvailabilityZoneFilter } from './availability-zone-filter.js';
import { ComputeCapabilitiesFilter } from './compute-capabilities-filter.js';
import { ComputeFilter } from './compute-filter.js';
import { CoreFilter } from './core-filter.js';
import { DiskFilter } from './disk-filter.js';
import type { HostFilter } from './host-filter.js';
import { ImagePropertiesFilter } from './image-properties-filter.js';
import { NUMATopologyFilter } from './numa-topology-filter.js';
import { RamFilter } from './ram-filter.js';
import { RetryFilter } from './retry-filter.js';
import { ServerGroupAffinityFilter } from './server-group-affinity-filter.js';
import { ServerGroupAntiAffinityFilter } from './server-group-anti-affinity-filter.js';

export const FILTERS: readonly HostFilter[] = [
  RetryFilter, AvailabilityZoneFilter, ComputeFilter, ComputeCapabilitiesFilter, ImagePropertiesFilter,
  ServerGroupAntiAffinityFilter, ServerGroupAffinityFilter, RamFilter, CoreFilter, DiskFilter,
  AggregateInstanceExtraSpecsFilter, NUMATopologyFilter,
];

const BY_NAME = new Map(FILTERS.map((f) => [f.name, f]));

/** The enabled filters in configured order; an unknown name stops the service at start, as in Nova. */
export function filtersByName(names: readonly string[]): HostFilter[] {
  return names.map((n) => {
    const f = BY_NAME.get(n);
    if (!f) throw new Error(`Scheduler Host Filter ${n} could not be found.`);
    return f;
  });
}
