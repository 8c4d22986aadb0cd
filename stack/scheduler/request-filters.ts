// Nova's request filters (nova/scheduler/request_filter.py): before asking placement, turn the
// request into placement constraints — the availability zone into `member_of` the zone's
// aggregates, disabled computes out through the forbidden COMPUTE_STATUS_DISABLED trait, and
// (when [scheduler] query_placement_for_image_type_support is set) the image's disk format into
// a required COMPUTE_IMAGE_TYPE_* trait. Each logs at DEBUG what it added, then how long it took.

import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestSpec } from '../common/objects.js';
import type { RequestContext } from '../common/request-context.js';
import type { Db } from '../db/open-db.js';
import type { ResourceRequest } from '../placement/resource-request.js';

const FILE = 'scheduler/request_filter.py';

export interface RequestFilterEnv {
  db: Db;
  log: OsloLogger;
  ctx: RequestContext;
  /** [scheduler] query_placement_for_image_type_support. */
  imageTypeSupport: boolean;
}

/** Returns whether it ran (Nova logs the time only then). */
type RequestFilter = (env: RequestFilterEnv, spec: RequestSpec, rr: ResourceRequest) => boolean;

const mapAzToPlacementAggregate: RequestFilter = (env, spec, rr) => {
  const az = spec.availability_zone;
  if (!az) return false;
  const uuids = (env.db.prepare(`SELECT a.uuid FROM aggregates a JOIN aggregate_metadata m ON m.aggregate_id = a.id
    WHERE m.key = 'availability_zone' AND m.value = ? ORDER BY a.id`).all(az) as { uuid: string }[]).map((r) => r.uuid);
  if (uuids.length) {
    rr.memberOf.push(uuids);
    env.log.debug(env.ctx, null, `map_az_to_placement_aggregate request filter added aggregates ${uuids.join(',')} for az '${az}'`,
      { func: 'map_az_to_placement_aggregate', file: FILE, line: 164 });
  }
  return true;
};

const requireImageTypeSupport: RequestFilter = (env, spec, rr) => {
  if (!env.imageTypeSupport) return false;
  const trait = `COMPUTE_IMAGE_TYPE_${spec.image.disk_format.toUpperCase()}`;
  rr.rootRequired.push(trait);
  env.log.debug(env.ctx, null, `require_image_type_support request filter added required trait ${trait}`, { func: 'require_image_type_support', file: FILE, line: 197 });
  return true;
};

const computeStatusFilter: RequestFilter = (env, _spec, rr) => {
  rr.rootForbidden.push('COMPUTE_STATUS_DISABLED');
  env.log.debug(env.ctx, null, 'compute_status_filter request filter added forbidden trait COMPUTE_STATUS_DISABLED', { func: 'compute_status_filter', file: FILE, line: 258 });
  return true;
};

/** In Nova's order (ALL_REQUEST_FILTERS); tenant/aggregate isolation are off by default and not served. */
const REQUEST_FILTERS: [name: string, run: RequestFilter][] = [
  ['map_az_to_placement_aggregate', mapAzToPlacementAggregate],
  ['require_image_type_support', requireImageTypeSupport],
  ['compute_status_filter', computeStatusFilter],
];

/** Nova's process_reqspec. */
export function processRequestSpec(env: RequestFilterEnv, spec: RequestSpec, rr: ResourceRequest): void {
  for (const [name, run] of REQUEST_FILTERS) {
    const t0 = process.hrtime.bigint();
    if (run(env, spec, rr)) {
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      env.log.debug(env.ctx, null, `Request filter '${name}' took ${s.toFixed(1)} seconds`, { func: 'wrapper', file: FILE, line: 51 });
    }
  }
}
