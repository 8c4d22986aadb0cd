// CoreFilter: enough vCPUs once the host's cpu_allocation_ratio is applied, and never more
// than the host's physical CPUs for one instance.

import { hostStateRepr } from '../host-state.js';
import { filterLogger, type HostFilter } from './host-filter.js';

const LOG = filterLogger('nova.scheduler.filters.core_filter', 'scheduler/filters/core_filter.py');

export const CoreFilter: HostFilter = {
  name: 'CoreFilter',
  passes(host, req) {
    if (!host.vcpusTotal) {
      // Nova fails safe when the driver reports no CPUs.
      LOG.warning(req, 'VCPUs not set; assuming CPU collection broken');
      return true;
    }
    const wanted = req.spec.flavor.vcpus;
    if (wanted > host.vcpusTotal) {
      LOG.debug(req, 59, `${hostStateRepr(host)} does not have ${wanted} total cpus before overcommit, it only has ${host.vcpusTotal}`);
      return false;
    }
    const free = host.vcpusTotal * host.cpuAllocationRatio - host.vcpusUsed;
    if (free < wanted) {
      // %d in Nova's message: the free count is truncated.
      LOG.debug(req, 68, `${hostStateRepr(host)} does not have ${wanted} usable vcpus, it only has ${Math.trunc(free)} usable vcpus`);
      return false;
    }
    return true;
  },
};
