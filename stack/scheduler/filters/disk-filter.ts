// DiskFilter: room for root + ephemeral disks and swap once the host's
// disk_allocation_ratio is applied.

import { hostStateRepr } from '../host-state.js';
import { pyFloat } from '../py-repr.js';
import { filterLogger, type HostFilter } from './host-filter.js';

const LOG = filterLogger('nova.scheduler.filters.disk_filter', 'scheduler/filters/disk_filter.py');

export const DiskFilter: HostFilter = {
  name: 'DiskFilter',
  passes(host, req) {
    const f = req.spec.flavor;
    const requested = 1024 * (f.root_gb + f.ephemeral_gb) + f.swap;
    const total = host.totalUsableDiskGb * 1024;
    if (total < requested) {
      LOG.debug(req, 49, `${hostStateRepr(host)} does not have ${requested} MB usable disk space before overcommit, it only has ${total} MB.`);
      return false;
    }
    const limit = total * host.diskAllocationRatio;
    const usable = limit - (total - host.freeDiskMb);
    if (usable < requested) {
      LOG.debug(req, 66, `${hostStateRepr(host)} does not have ${requested} MB usable disk, it only has ${pyFloat(usable)} MB usable disk.`);
      return false;
    }
    return true;
  },
};
