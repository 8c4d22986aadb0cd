// ServerGroupAffinityFilter: with an affinity group hint, once a member has a host every
// other member goes there too.

import { pyRepr } from '../py-repr.js';
import { filterLogger, type HostFilter } from './host-filter.js';

const LOG = filterLogger('nova.scheduler.filters.affinity_filter', 'scheduler/filters/affinity_filter.py');

export const ServerGroupAffinityFilter: HostFilter = {
  name: 'ServerGroupAffinityFilter',
  passes(host, req) {
    const group = req.group;
    if (group?.policy !== 'affinity') return true;
    LOG.debug(req, 134, `Group affinity: check if ${host.host} in ${pyRepr(group.hosts)}`);
    return group.hosts.length === 0 || group.hosts.includes(host.host);
  },
};
