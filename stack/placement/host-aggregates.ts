// Nova's report client mirroring a nova host aggregate into placement (aggregate_add_host,
// aggregate_remove_host): the compute node's provider, found by name, gets the aggregate's uuid
// added to or removed from its aggregates, never overwriting the others. Called by the API's
// aggregate actions; it does not use compute's provider cache. A generation conflict is
// retried (4 attempts, as Nova's @retrying) before it reaches the caller.

import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import type { JsonResponse } from '../common/http-json.js';
import type { PlacementClient } from './placement-client.js';

/** AGGREGATE_GENERATION_VERSION of Nova's report client. */
const VERSION = '1.19';
const ATTEMPTS = 4;

/** The Nova exceptions these calls raise, by class name, with Nova's message. */
export class ReportClientError extends Error {
  constructor(readonly kind: 'ResourceProviderNotFound' | 'ResourceProviderAggregateRetrievalFailed' | 'ResourceProviderUpdateFailed'
    | 'ResourceProviderUpdateConflict' | 'PlacementAPIConnectFailure', message: string) {
    super(message);
    this.name = kind;
  }
}

const text = (r: JsonResponse) => (typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
const placementReqId = (r: JsonResponse) => r.headers.get('openstack-request-id') ?? '';

export class HostAggregates {
  private readonly log: OsloLogger | null;

  constructor(private readonly client: PlacementClient, rootLog: OsloLogger | null) {
    this.log = rootLog?.child('nova.scheduler.client.report') ?? null;
  }

  private async call<T>(ctx: RequestContext, method: string, path: string, version?: string, body?: unknown): Promise<JsonResponse<T>> {
    try {
      return await this.client.request<T>(ctx, method, path, version, body);
    } catch (e) {
      throw new ReportClientError('PlacementAPIConnectFailure', 'Unable to communicate with the Placement API.');
    }
  }

  /** get_provider_by_name. */
  async providerUuid(ctx: RequestContext, name: string): Promise<string> {
    const r = await this.call<{ resource_providers: { uuid: string }[] }>(ctx, 'GET', `/resource_providers?name=${encodeURIComponent(name)}`);
    if (r.status === 200) {
      const records = r.body.resource_providers;
      if (records.length === 1) return records[0].uuid;
      if (records.length > 1) {
        this.log?.warning(ctx, null, `Found multiple resource provider records for resource provider name ${name}: ${records.map((x) => x.uuid).join(',')}. This should not happen.`);
      }
    } else if (r.status !== 404) {
      this.log?.warning(ctx, null, `Failed to retrieve resource provider information by name for resource provider ${name}. Got ${r.status}: ${text(r)}`);
    }
    throw new ReportClientError('ResourceProviderNotFound', `No such resource provider ${name}.`);
  }

  /** _get_provider_aggregates. */
  private async aggregatesOf(ctx: RequestContext, uuid: string): Promise<{ aggregates: string[]; generation: number }> {
    const r = await this.call<{ aggregates: string[]; resource_provider_generation: number }>(ctx, 'GET', `/resource_providers/${uuid}/aggregates`, VERSION);
    if (r.status === 200) return { aggregates: r.body.aggregates, generation: r.body.resource_provider_generation };
    this.log?.error(ctx, null, `[${placementReqId(r)}] Failed to retrieve aggregates from placement API for resource provider with UUID ${uuid}. Got ${r.status}: ${text(r)}.`);
    throw new ReportClientError('ResourceProviderAggregateRetrievalFailed', `Failed to get aggregates for resource provider with UUID ${uuid}`);
  }

  /** set_aggregates_for_provider with an explicit generation (use_cache=False). */
  private async setAggregates(ctx: RequestContext, uuid: string, aggregates: string[], generation: number): Promise<void> {
    const path = `/resource_providers/${uuid}/aggregates`;
    const r = await this.call(ctx, 'PUT', path, VERSION, { aggregates, resource_provider_generation: generation });
    if (r.status === 200) return;
    const msg = `[${placementReqId(r)}] Failed to update aggregates to [${aggregates.join(',')}] for resource provider with UUID ${uuid}.  Got ${r.status}: ${text(r)}`;
    if (r.status === 409) {
      this.log?.warning(ctx, null, msg);
      throw new ReportClientError('ResourceProviderUpdateConflict',
        `A conflict was encountered attempting to update resource provider ${uuid} (generation ${generation}): ${text(r)}`);
    }
    this.log?.error(ctx, null, msg);
    throw new ReportClientError('ResourceProviderUpdateFailed', `Failed to update resource provider via URL ${path}: ${text(r)}`);
  }

  private async change(ctx: RequestContext, aggregate: string, hostName: string, add: boolean): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const uuid = await this.providerUuid(ctx, hostName);
        const { aggregates, generation } = await this.aggregatesOf(ctx, uuid);
        if (aggregates.includes(aggregate) === add) return;
        const next = add ? [...aggregates, aggregate] : aggregates.filter((a) => a !== aggregate);
        await this.setAggregates(ctx, uuid, next, generation);
        return;
      } catch (e) {
        if (!(e instanceof ReportClientError && e.kind === 'ResourceProviderUpdateConflict') || attempt >= ATTEMPTS) throw e;
      }
    }
  }

  /** aggregate_add_host. */
  addHost(ctx: RequestContext, aggregate: string, hostName: string): Promise<void> {
    return this.change(ctx, aggregate, hostName, true);
  }

  /** aggregate_remove_host. */
  removeHost(ctx: RequestContext, aggregate: string, hostName: string): Promise<void> {
    return this.change(ctx, aggregate, hostName, false);
  }
}
