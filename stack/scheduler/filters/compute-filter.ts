// ComputeFilter: only hosts whose nova-compute service is enabled and has reported in
// recently (disabled at DEBUG, silent at WARNING, as Nova logs them).

import { hostStateRepr } from '../host-state.js';
import { pyStr } from '../py-repr.js';
import { filterLogger, type HostFilter } from './host-filter.js';

const LOG = filterLogger('nova.scheduler.filters.compute_filter', 'scheduler/filters/compute_filter.py');

export const ComputeFilter: HostFilter = {
  name: 'ComputeFilter',
  passes(host, req) {
    if (host.service.disabled) {
      LOG.debug(req, 40, `${hostStateRepr(host)} is disabled, reason: ${pyStr(host.service.disabledReason)}`);
      return false;
    }
    if (!host.service.up) {
      LOG.warning(req, `${hostStateRepr(host)} has not been heard from in a while`);
      return false;
    }
    return true;
  },
};
