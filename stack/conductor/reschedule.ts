// Nova's scheduler_utils.populate_retry and the conductor's choice of the next alternate on a
// reschedule (current release): count the attempt, log the last host's error, refuse past
// [scheduler] max_attempts, then claim the next alternate's allocation in placement — the
// scheduler is not asked again. Both refusals are MaxRetriesExceeded, worded as Nova words them.

import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import type { RequestSpec, Selection } from '../common/objects.js';
import type { PlacementClient } from '../placement/placement-client.js';

export class MaxRetriesExceeded extends Error {
  override readonly name = 'MaxRetriesExceeded';
  constructor(reason: string) {
    super(`Exceeded maximum number of retries. ${reason}`);
  }
}

export interface BuildError { excClass: string; message: string; traceback: string[] }

/** The traceback compute sent, as Nova logs retry['exc'] (a list of formatted lines). */
export function excRepr(error: BuildError): string {
  const tb = ['Traceback (most recent call last):\n', ...error.traceback.map((l) => `${l}\n`), `${error.excClass}: ${error.message}\n`];
  return JSON.stringify(tb).replace(/"/g, "'");
}

export function populateRetry(utilsLog: OsloLogger, ctx: RequestContext, spec: RequestSpec, maxAttempts: number, lastHost: string, error: BuildError): void {
  const uuid = spec.instance_uuid;
  spec.retry.num_attempts += 1;
  utilsLog.error(ctx, uuid, `Error from last host: ${lastHost} (node ${lastHost}): ${excRepr(error)}`);
  if (spec.retry.num_attempts > maxAttempts) {
    throw new MaxRetriesExceeded(`Exceeded max scheduling attempts ${maxAttempts} for instance ${uuid}. Last exception: ${error.message}`);
  }
}

/** The first alternate whose allocation placement still accepts; MaxRetriesExceeded when none. */
export async function claimNextAlternate(utilsLog: OsloLogger, placement: PlacementClient, ctx: RequestContext, spec: RequestSpec, hostList: Selection[]): Promise<Selection> {
  const uuid = spec.instance_uuid;
  for (let host = hostList.shift(); host; host = hostList.shift()) {
    if (!host.allocation_request) return host;
    utilsLog.debug(ctx, null, `Attempting to claim resources in the placement API for instance ${uuid}`, { func: 'claim_resources', file: 'scheduler/utils.py', line: 1345 });
    const claim = await placement.claimResources(ctx, uuid, host.allocation_request, spec.project_id, spec.user_id);
    if (claim.claimed) return host;
  }
  throw new MaxRetriesExceeded(`Exhausted all hosts available for retrying build failures for instance ${uuid}.`);
}

/** `[('cmp2', 'cmp2')]`: the alternates as the conductor's "Selected host" line prints them. */
export function alternatesRepr(hostList: readonly Selection[]): string {
  return `[${hostList.map((h) => `('${h.host}', '${h.nodename}')`).join(', ')}]`;
}
