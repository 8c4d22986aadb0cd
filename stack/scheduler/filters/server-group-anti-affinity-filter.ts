// ServerGroupAntiAffinityFilter: with an anti-affinity group hint, a host already holding
// another member of the group is not a candidate.

import { pyRepr } from '../py-repr.js';
import { filterLogger, type HostFilter } from './host-filter.js';

const LOG = filterLogger('nova.scheduler.filters.affinity_filter', 'scheduler/filters/affinity_filter.py');

export const ServerGroupAntiAffinityFilter: HostFilter = {
  name: 'ServerGroupAntiAffinityFilter',
  passes(host, req) {
    const group = req.group;
    if (group?.policy !== 'anti-affinity') return true;
    // A move may land back where the instance already is.
    if (host.instances.has(req.spec.instance_uuid)) return true;
    LOG.debug(req, 103, `Group anti affinity: check if ${host.host} not in ${pyRepr(group.hosts)}`);
    return !group.hosts.includes(host.host);
  },
};
