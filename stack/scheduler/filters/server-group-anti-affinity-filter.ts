// ServerGroupAntiAffinityFilter: with an anti-affinity group hint, a host already holding as
// many of the group's members as the group's max_server_per_host rule allows (1 without the
// rule, 2.64) is not a candidate.

import { filterLogger, type HostFilter } from './host-filter.js';

const LOG = filterLogger('nova.scheduler.filters.affinity_filter', 'scheduler/filters/affinity_filter.py');

export const ServerGroupAntiAffinityFilter: HostFilter = {
  name: 'ServerGroupAntiAffinityFilter',
  passes(host, req) {
    const group = req.group;
    if (group?.policy !== 'anti-affinity') return true;
    // A move may land back where the instance already is.
    if (host.instances.has(req.spec.instance_uuid)) return true;
    const onHost = group.members.filter((m) => host.instances.has(m)).length;
    const max = group.rules.max_server_per_host ?? 1;
    LOG.debug(req, 117, `Group anti-affinity: check if the number of servers from group ${group.uuid} on host ${host.host} is less than ${max}.`);
    return onHost < max;
  },
};
