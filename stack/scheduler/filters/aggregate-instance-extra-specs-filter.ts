// AggregateInstanceExtraSpecsFilter: flavor extra specs in the
// `aggregate_instance_extra_specs:` scope (or unscoped) must match the metadata of one of the
// host's aggregates, e.g. `aggregate_instance_extra_specs:ssd = true`.

import { aggregateMetadata, hostStateRepr } from '../host-state.js';
import { PySet, pyRepr } from '../py-repr.js';
import { matchesExtraSpec } from './extra-specs-ops.js';
import { filterLogger, type HostFilter } from './host-filter.js';

const LOG = filterLogger('nova.scheduler.filters.aggregate_instance_extra_specs', 'scheduler/filters/aggregate_instance_extra_specs.py');
const SCOPE = 'aggregate_instance_extra_specs';

export const AggregateInstanceExtraSpecsFilter: HostFilter = {
  name: 'AggregateInstanceExtraSpecsFilter',
  passes(host, req) {
    const specs = Object.entries(req.spec.flavor.extra_specs ?? {});
    if (specs.length === 0) return true;
    const metadata = aggregateMetadata(host);
    for (const [fullKey, wanted] of specs) {
      const colon = fullKey.indexOf(':');
      if (colon >= 0 && fullKey.slice(0, colon) !== SCOPE) continue;
      const key = colon >= 0 ? fullKey.slice(colon + 1) : fullKey;
      const values = metadata.get(key);
      if (!values || values.size === 0) {
        LOG.debug(req, 64, `${hostStateRepr(host)} fails instance_type extra_specs requirements. Extra_spec ${key} is not in aggregate.`);
        return false;
      }
      if (![...values].some((v) => matchesExtraSpec(v, wanted))) {
        LOG.debug(req, 72, `${hostStateRepr(host)} fails instance_type extra_specs requirements. '${pyRepr(new PySet([...values]))}' do not match '${wanted}'`);
        return false;
      }
    }
    return true;
  },
};
