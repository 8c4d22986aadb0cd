// RamFilter: enough RAM once the host's ram_allocation_ratio is applied, and never more than
// the host's physical RAM for one instance.

import { hostStateRepr } from '../host-state.js';
import { pyFloat } from '../py-repr.js';
import { filterLogger, type HostFilter } from './host-filter.js';

const LOG = filterLogger('nova.scheduler.filters.ram_filter', 'scheduler/filters/ram_filter.py');

export const RamFilter: HostFilter = {
  name: 'RamFilter',
  passes(host, req) {
    const requested = req.spec.flavor.memory_mb;
    const total = host.totalUsableRamMb;
    if (total < requested) {
      LOG.debug(req, 42, `${hostStateRepr(host)} does not have ${requested} MB usable ram before overcommit, it only has ${total} MB.`);
      return false;
    }
    const limit = total * host.ramAllocationRatio;
    const usable = limit - (total - host.freeRamMb);
    if (usable < requested) {
      LOG.debug(req, 57, `${hostStateRepr(host)} does not have ${requested} MB usable ram, it only has ${pyFloat(usable)} MB usable ram.`);
      return false;
    }
    return true;
  },
};
