// Typed client of the placement API for the services (Nova's SchedulerReportClient): the
// scheduler asks for allocation candidates and claims with PUT /allocations; compute's
// resource tracker keeps its provider and inventory current and drops allocations of deleted
// or rescheduled instances. Every call carries the caller's request id and the service token.

import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import { placementUrl, type StackConfig } from '../common/stack-config.js';
import { HttpError, type JsonResponse } from '../common/http-json.js';
import { authedJson, serviceAuth, staticToken, type TokenSource } from '../common/service-auth.js';
import { describe, resourceRequest, toQueryString, type ResourceRequest, type Resources } from './resource-request.js';

/** Microversions Nova's report client uses for each call. */
const VERSIONS = { candidates: '1.36', legacyCandidates: '1.29', allocations: '1.28', providers: '1.20', inventories: '1.26' } as const;
const CLAIM_RETRIES = 3;
/** Nova's [scheduler] max_placement_results. */
export const MAX_PLACEMENT_RESULTS = 1000;

export type { Resources };

export interface AllocationRequest {
  allocations: Record<string, { resources: Resources }>;
}

export interface ProviderSummary {
  resources: Record<string, { capacity: number; used: number }>;
  traits?: string[];
  parent_provider_uuid?: string | null;
  root_provider_uuid?: string;
}

export interface AllocationCandidates {
  allocation_requests: AllocationRequest[];
  provider_summaries: Record<string, ProviderSummary>;
}

export interface ProviderRecord {
  uuid: string;
  name: string;
  generation: number;
}

export interface InventoryInput {
  total: number;
  reserved?: number;
  min_unit?: number;
  max_unit?: number;
  step_size?: number;
  allocation_ratio?: number;
}

export interface ConsumerAllocations {
  allocations: Record<string, { generation: number; resources: Resources }>;
  project_id?: string;
  user_id?: string;
  consumer_generation?: number;
}

export interface ClaimResult {
  claimed: boolean;
  status: number;
  text: string;
}

/** Nova's default allocation ratios, the same as the compute_nodes columns' defaults. */
export const DEFAULT_RATIOS = { cpu: 16.0, ram: 1.5, disk: 1.0 } as const;

const errorText = (r: JsonResponse) => (typeof r.body === 'string' ? r.body : JSON.stringify(r.body));

export class PlacementClient {
  private readonly reportedInventory = new Map<string, string>();
  private readonly log: OsloLogger | null;
  private readonly auth: TokenSource;

  /** `auth`: the service user's token source, or an already issued token. */
  constructor(private readonly baseUrl: string, auth: string | TokenSource, rootLog: OsloLogger | null = null) {
    this.log = rootLog?.child('nova.scheduler.client.report') ?? null;
    this.auth = typeof auth === 'string' ? staticToken(auth) : auth;
  }

  /** Nova's [placement] section: the `nova` service user authenticating with keystone. */
  static fromConfig(cfg: StackConfig, rootLog: OsloLogger | null = null): PlacementClient {
    return new PlacementClient(placementUrl(cfg, ''), serviceAuth(cfg, 'nova'), rootLog);
  }

  /** One call to placement as the service user; `version` absent: placement's minimum microversion, as keystoneauth sends none. */
  request<T>(ctx: RequestContext | null, method: string, path: string, version?: string, body?: unknown): Promise<JsonResponse<T>> {
    return authedJson<T>(this.auth, method, `${this.baseUrl}${path}`, body, {
      requestId: ctx?.requestId, headers: version ? { 'OpenStack-API-Version': `placement ${version}` } : {},
    });
  }

  private async ok<T>(ctx: RequestContext | null, method: string, path: string, version: string, body?: unknown): Promise<JsonResponse<T>> {
    const r = await this.request<T>(ctx, method, path, version, body);
    if (r.status >= 400) throw new HttpError(r.status, method, `${this.baseUrl}${path}`, r.body);
    return r;
  }

  /**
   * Providers able to take the request; null when placement refused the query. A bare
   * resource map is the pre-Victoria scheduler's query (1.29, no traits or aggregates).
   */
  async getAllocationCandidates(ctx: RequestContext | null, request: ResourceRequest | Resources): Promise<AllocationCandidates | null> {
    const legacy = !('resources' in request && typeof request.resources === 'object');
    const rr: ResourceRequest = legacy ? resourceRequest(request as Resources, MAX_PLACEMENT_RESULTS) : request as ResourceRequest;
    let r: JsonResponse<AllocationCandidates>;
    try {
      r = await this.request<AllocationCandidates>(ctx, 'GET', `/allocation_candidates?${toQueryString(rr)}`, legacy ? VERSIONS.legacyCandidates : VERSIONS.candidates);
    } catch {
      // Nova's safe_connect: an unreachable placement is logged and reads as "no answer".
      this.log?.warning(ctx, null, 'Placement API service is not responding.');
      return null;
    }
    if (r.status === 200) return r.body;
    const filters = legacy ? JSON.stringify(rr.resources) : describe(rr);
    this.log?.error(ctx, null, `Failed to retrieve allocation candidates from placement API for filters: ${filters}\nGot ${r.status}: ${errorText(r)}.`);
    return null;
  }

  /** Provider uuid by name (compute node name), or null. */
  async providerByName(ctx: RequestContext | null, name: string): Promise<ProviderRecord | null> {
    const r = await this.ok<{ resource_providers: ProviderRecord[] }>(ctx, 'GET', `/resource_providers?name=${encodeURIComponent(name)}`, VERSIONS.providers);
    return r.body.resource_providers[0] ?? null;
  }

  async getAllocations(ctx: RequestContext | null, consumer: string): Promise<ConsumerAllocations> {
    return (await this.ok<ConsumerAllocations>(ctx, 'GET', `/allocations/${consumer}`, VERSIONS.allocations)).body;
  }

  putAllocations(ctx: RequestContext | null, consumer: string, allocations: AllocationRequest['allocations'], projectId: string, userId: string, consumerGeneration: number | null): Promise<JsonResponse> {
    return this.request(ctx, 'PUT', `/allocations/${consumer}`, VERSIONS.allocations,
      { allocations, project_id: projectId, user_id: userId, consumer_generation: consumerGeneration });
  }

  /**
   * Claims an allocation request for a consumer (replacing what it held). A consumer
   * generation conflict means someone else wrote meanwhile: read again and retry; a capacity
   * conflict is final and logged as Nova's report client does.
   */
  async claimResources(ctx: RequestContext | null, consumer: string, request: AllocationRequest, projectId: string, userId: string): Promise<ClaimResult> {
    let last: JsonResponse | null = null;
    for (let attempt = 0; attempt < CLAIM_RETRIES; attempt++) {
      const current = await this.getAllocations(ctx, consumer);
      // A consumer that already holds allocations is being moved (evacuate): it keeps them
      // beside the new ones, as the report client's _move_operation_alloc_request does.
      const allocations = Object.keys(current.allocations).length
        ? { ...Object.fromEntries(Object.entries(current.allocations).map(([rp, a]) => [rp, { resources: a.resources }])), ...request.allocations }
        : request.allocations;
      last = await this.putAllocations(ctx, consumer, allocations, projectId, userId, current.consumer_generation ?? null);
      if (last.status === 204) return { claimed: true, status: 204, text: '' };
      // The report client's _put_allocations says so for every refused PUT, a retried one too.
      this.log?.warning(ctx, null, `Failed to save allocation for ${consumer}. Got HTTP ${last.status}: ${errorText(last)}`);
      const concurrent = last.status === 409 && errorText(last).includes('placement.concurrent_update');
      if (!concurrent) break;
    }
    return { claimed: false, status: last!.status, text: errorText(last!) };
  }

  /** Removes every allocation of a consumer; a consumer without any is not an error. */
  async deleteAllocations(ctx: RequestContext | null, consumer: string): Promise<void> {
    const r = await this.request(ctx, 'DELETE', `/allocations/${consumer}`, VERSIONS.allocations);
    if (r.status === 204) this.log?.info(ctx, null, `Deleted allocation for instance ${consumer}`);
    else if (r.status !== 404) throw new HttpError(r.status, 'DELETE', `${this.baseUrl}/allocations/${consumer}`, r.body);
  }

  /** The provider with this uuid, created (named `name`) when placement does not know it. */
  async ensureResourceProvider(ctx: RequestContext | null, name: string, uuid: string): Promise<ProviderRecord> {
    const got = await this.request<ProviderRecord>(ctx, 'GET', `/resource_providers/${uuid}`, VERSIONS.providers);
    if (got.status === 200) return got.body;
    if (got.status !== 404) throw new HttpError(got.status, 'GET', `${this.baseUrl}/resource_providers/${uuid}`, got.body);
    const created = await this.ok<ProviderRecord>(ctx, 'POST', '/resource_providers', VERSIONS.providers, { name, uuid });
    this.log?.info(ctx, null, `Created resource provider record via placement API for resource provider with UUID ${uuid} and name ${name}.`);
    return created.body;
  }

  /** Replaces the provider's inventories, re-reading its generation on a conflict. */
  async putInventories(ctx: RequestContext | null, uuid: string, inventories: Record<string, InventoryInput>): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.ok<{ resource_provider_generation: number }>(ctx, 'GET', `/resource_providers/${uuid}/inventories`, VERSIONS.inventories);
      const r = await this.request<{ resource_provider_generation: number }>(ctx, 'PUT', `/resource_providers/${uuid}/inventories`, VERSIONS.inventories,
        { resource_provider_generation: current.body.resource_provider_generation, inventories });
      if (r.status === 200) {
        this.log?.debug(ctx, null, `Updated inventory for ${uuid} at generation ${r.body.resource_provider_generation}`,
          { func: '_update_inventory_attempt', file: 'scheduler/client/report.py', line: 960 });
        return r.body.resource_provider_generation;
      }
      if (r.status !== 409 || attempt + 1 >= CLAIM_RETRIES || !errorText(r).includes('placement.concurrent_update')) {
        throw new HttpError(r.status, 'PUT', `${this.baseUrl}/resource_providers/${uuid}/inventories`, r.body);
      }
    }
  }

  /** Every consumer's allocations against one provider (report client's get_allocations_for_resource_provider). */
  async getProviderAllocations(ctx: RequestContext | null, uuid: string): Promise<Record<string, { resources: Resources }>> {
    return (await this.ok<{ allocations: Record<string, { resources: Resources }> }>(ctx, 'GET', `/resource_providers/${uuid}/allocations`, VERSIONS.inventories)).body.allocations;
  }

  async getUsages(ctx: RequestContext | null, uuid: string): Promise<Resources> {
    return (await this.ok<{ usages: Resources }>(ctx, 'GET', `/resource_providers/${uuid}/usages`, VERSIONS.inventories)).body.usages;
  }

  /**
   * A provider and its inventory in one go, sent only when it changed (seeding a placement for
   * tests and tools; nova-compute reports through ProviderReport's cache, as Nova does).
   */
  async report(ctx: RequestContext | null, host: string, nodeUuid: string, size: { vcpus: number; memory_mb: number; local_gb: number; memory_mb_reserved?: number },
    ratios: { cpu: number; ram: number; disk: number } = DEFAULT_RATIOS): Promise<void> {
    const inventories: Record<string, InventoryInput> = {
      VCPU: { total: size.vcpus, reserved: 0, min_unit: 1, max_unit: size.vcpus, step_size: 1, allocation_ratio: ratios.cpu },
      MEMORY_MB: { total: size.memory_mb, reserved: Math.min(size.memory_mb, size.memory_mb_reserved ?? 0), min_unit: 1, max_unit: size.memory_mb, step_size: 1, allocation_ratio: ratios.ram },
      DISK_GB: { total: size.local_gb, reserved: 0, min_unit: 1, max_unit: size.local_gb, step_size: 1, allocation_ratio: ratios.disk },
    };
    const key = JSON.stringify(inventories);
    if (this.reportedInventory.get(nodeUuid) === key) return;
    await this.ensureResourceProvider(ctx, host, nodeUuid);
    await this.putInventories(ctx, nodeUuid, inventories);
    this.reportedInventory.set(nodeUuid, key);
  }
}
