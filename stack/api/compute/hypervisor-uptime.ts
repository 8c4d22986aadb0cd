// HostAPI.get_host_uptime for os-hypervisors: the host's nova-compute must exist ("Compute host
// … could not be found.") and be up ("Compute service of … is unavailable at this time."), then
// the compute answers its `uptime` line (a call). The uptime route (below 2.88) turns those
// refusals into 400s; the 2.88 detail view shows null instead.

import type { RequestContext } from '../../common/request-context.js';
import type { ApiDeps } from '../api-deps.js';
import { ApiError, badRequest } from '../http/api-error.js';
import { computeService, isServiceUp } from './service-state.js';

export async function getHostUptime(deps: ApiDeps, ctx: RequestContext, host: string): Promise<string> {
  const svc = computeService(deps.db, host);
  if (!svc) throw badRequest(`Compute host ${host} could not be found.`);
  if (!isServiceUp(deps.cfg, svc)) throw badRequest(`Compute service of ${host} is unavailable at this time.`);
  return await deps.actions.call<string>(ctx, host, 'get_host_uptime', {});
}

/** The detail view's uptime from 2.88: null when the host is unknown or down. */
export async function uptimeOrNull(deps: ApiDeps, ctx: RequestContext, host: string): Promise<string | null> {
  try {
    return await getHostUptime(deps, ctx, host);
  } catch (e) {
    if (e instanceof ApiError && e.status === 400) return null;
    throw e;
  }
}
