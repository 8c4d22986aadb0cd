// AvailabilityZoneFilter: the host's zone comes from the `availability_zone` metadata of its
// aggregates; a host in no such aggregate is in the default zone.

import { aggregateMetadata, hostStateRepr } from '../host-state.js';
import { PySet, pyRepr } from '../py-repr.js';
import { filterLogger, type HostFilter } from './host-filter.js';

const LOG = filterLogger('nova.scheduler.filters.availability_zone_filter', 'scheduler/filters/availability_zone_filter.py');

/** Nova's default_availability_zone. */
export const DEFAULT_AVAILABILITY_ZONE = 'nova';

export const AvailabilityZoneFilter: HostFilter = {
  name: 'AvailabilityZoneFilter',
  passes(host, req) {
    const wanted = req.spec.availability_zone;
    if (!wanted) return true;
    const zones = aggregateMetadata(host, 'availability_zone').get('availability_zone');
    const passes = zones ? zones.has(wanted) : wanted === DEFAULT_AVAILABILITY_ZONE;
    if (!passes) {
      const hostAz = zones ? pyRepr(new PySet([...zones])) : DEFAULT_AVAILABILITY_ZONE;
      LOG.debug(req, 57, `Availability Zone '${wanted}' requested. ${hostStateRepr(host)} has AZs: ${hostAz}`);
    }
    return passes;
  },
};
