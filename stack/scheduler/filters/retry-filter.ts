// RetryFilter: a host this instance already failed on is not tried again. Nova logs the
// rejection at INFO with the [host, node] pairs as Python lists.

import { pyRepr } from '../py-repr.js';
import { filterLogger, type HostFilter } from './host-filter.js';

const LOG = filterLogger('nova.scheduler.filters.retry_filter', 'scheduler/filters/retry_filter.py');

export const RetryFilter: HostFilter = {
  name: 'RetryFilter',
  passes(host, req) {
    if (req.triedHosts.length === 0) return true;
    const passes = !req.triedHosts.some(([h, n]) => h === host.host && n === host.nodename);
    if (!passes) {
      LOG.info(req, `Host ${pyRepr([host.host, host.nodename])} fails.  Previously tried hosts: ${pyRepr(req.triedHosts)}`);
    }
    return passes;
  },
};
