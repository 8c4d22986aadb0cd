// The instance quota check of a boot (Nova's _check_num_instances_quota): how many of the
// requested instances fit in the project's instances/cores/ram quota, or the 403 Nova gives.

import type { RequestContext } from '../../common/request-context.js';
import type { ApiDeps } from '../api-deps.js';
import { forbidden } from '../http/api-error.js';
import type { FlavorRow } from './flavors.js';
import { quotaLimits, quotaUsage } from './quotas.js';

/** The number of instances to run: max_count, or fewer down to min_count when quota is short. */
export function checkInstanceQuota(deps: ApiDeps, ctx: RequestContext, flavor: FlavorRow, minCount: number, maxCount: number): number {
  const project = ctx.projectId ?? '';
  const limits = quotaLimits(deps, project);
  const used = quotaUsage(deps, project, ctx.userId);
  // The quota-exceeded fault: as if the project's other servers had used its instance quota up.
  if (deps.quotaExhausted()) used.instances = Math.max(used.instances, limits.instances);
  const perInstance = { cores: flavor.vcpus, instances: 1, ram: flavor.memory_mb } as const;
  const headroom = (r: keyof typeof perInstance) => (limits[r] < 0 ? Infinity : Math.floor((limits[r] - used[r]) / perInstance[r]));
  const resources = (Object.keys(perInstance) as (keyof typeof perInstance)[]);
  const fits = Math.min(...resources.map(headroom));
  if (fits >= maxCount) return maxCount;
  if (fits >= minCount) return fits;
  const overs = resources.filter((r) => headroom(r) < minCount).sort();
  const first = overs[0];
  const allowed = Math.max(fits, 0);
  const why = allowed <= 0 ? 'Cannot run any more instances of this type.' : `Can only run ${allowed} more instances of this type.`;
  deps.logs.nova.child('nova.compute.api').debug(ctx, null, `${overs.join(',')} quota exceeded for ${project}, tried to run ${minCount} instances. ${why}`,
    { func: '_check_num_instances_quota', file: 'compute/api.py', line: 372 });
  const joined = overs.join(',');
  throw forbidden(`Quota exceeded for ${joined}: Requested ${perInstance[first] * minCount}, but already used ${used[first]} of ${limits[first]} ${joined}`);
}
