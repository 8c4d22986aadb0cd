// Client side of the scheduler's RPC API (topic `scheduler`).
import type { RequestContext } from '../common/request-context.js';
import type { RequestSpec, Selection } from '../common/objects.js';
import type { RpcClient } from '../rpc/rpc-client.js';

export const SCHEDULER_TOPIC = 'scheduler';
export const SCHEDULER_API_VERSION = '4.0';

export class SchedulerAPI {
  constructor(private readonly rpc: RpcClient) {}

  /**
   * Filter and weigh hosts, claim the resources in placement, return the chosen host followed by
   * its alternates (call). Raises ExpectedError('NoValidHost') when no host fits.
   */
  selectDestinations(ctx: RequestContext, requestSpec: RequestSpec): Promise<Selection[]> {
    return this.rpc.call<Selection[]>(SCHEDULER_TOPIC, SCHEDULER_API_VERSION, 'select_destinations', ctx, { request_spec: requestSpec });
  }
}
