// The compute side of Nova's report client: a cache of the host's resource provider (its
// generation, inventory, aggregates and traits, Nova's ProviderTree) refreshed from placement
// every [compute]resource_provider_association_refresh, and the inventory and traits the
// resource tracker wants compared against it and written only when they differ. A wrong
// inventory set by someone else is healed at the first update after the refresh; a generation
// conflict drops the cache so that the caller's retry starts from placement's view.

import type { OsloLogger, Where } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import type { JsonResponse } from '../common/http-json.js';
import { pyRepr, PyFloat, type PyValue } from '../scheduler/py-repr.js';
import type { PlacementClient } from './placement-client.js';

export interface InventoryRecord {
  total: number; min_unit: number; max_unit: number; step_size: number; allocation_ratio: number; reserved: number;
}
export type Inventory = Record<string, InventoryRecord>;

interface CachedProvider {
  generation: number;
  inventory: Inventory;
  aggregates: string[];
  traits: string[];
  refreshedAt: number;
}

/** A 409 from a stale generation (Nova's ResourceProviderUpdateConflict): the caller redrives. */
export class ProviderConflict extends Error {
  override readonly name = 'ResourceProviderUpdateConflict';
}

const FILE = 'scheduler/client/report.py';
const at = (func: string, line: number): Where => ({ func, file: FILE, line });
const text = (r: JsonResponse) => (typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
const FIELDS = ['total', 'min_unit', 'max_unit', 'step_size', 'allocation_ratio', 'reserved'] as const;

/** Python's str() of inventory data as Nova logs it ({'VCPU': {'total': 8, …, 'allocation_ratio': 16.0, …}}). */
export function inventoryRepr(inv: Record<string, Partial<InventoryRecord>>): string {
  const rec = (r: Partial<InventoryRecord>) => `{${Object.entries(r).map(([k, v]) =>
    `${pyRepr(k)}: ${pyRepr((k === 'allocation_ratio' ? new PyFloat(v as number) : v) as PyValue)}`).join(', ')}}`;
  return `{${Object.entries(inv).map(([rc, r]) => `${pyRepr(rc)}: ${rec(r)}`).join(', ')}}`;
}

function sameInventory(cur: Inventory, next: Inventory): boolean {
  const a = Object.keys(cur).sort();
  const b = Object.keys(next).sort();
  if (a.join() !== b.join()) return false;
  return b.every((rc) => FIELDS.every((f) => cur[rc][f] === next[rc][f]));
}

export class ProviderReport {
  private readonly cache = new Map<string, CachedProvider>();
  private readonly log: OsloLogger;

  constructor(private readonly client: PlacementClient, rootLog: OsloLogger, private readonly refreshMs: number) {
    this.log = rootLog.child('nova.scheduler.client.report');
  }

  /** The cached inventory of a provider (allocation ratios set in placement are kept, as Nova's drivers do). */
  cachedInventory(uuid: string): Inventory | null {
    return this.cache.get(uuid)?.inventory ?? null;
  }

  cachedTraits(uuid: string): string[] | null {
    return this.cache.get(uuid)?.traits ?? null;
  }

  private async ok<T>(ctx: RequestContext | null, method: string, path: string, version?: string, body?: unknown): Promise<JsonResponse<T>> {
    const r = await this.client.request<T>(ctx, method, path, version, body);
    if (r.status >= 400) throw new Error(`${method} ${path} returned ${r.status}: ${text(r)}`);
    return r;
  }

  /** get_provider_tree_and_ensure_root: the provider exists and the cache is no older than the refresh interval. */
  async ensure(ctx: RequestContext, uuid: string, name: string): Promise<void> {
    const cached = this.cache.get(uuid);
    if (cached && Date.now() - cached.refreshedAt <= this.refreshMs) return;
    const got = await this.client.request<{ generation: number }>(ctx, 'GET', `/resource_providers/${uuid}`, '1.14');
    if (got.status === 404) {
      const created = await this.ok<{ generation: number }>(ctx, 'POST', '/resource_providers', '1.20', { name, uuid });
      this.log.info(ctx, null, `Created resource provider record via placement API for resource provider with UUID ${uuid} and name ${name}.`);
      this.cache.set(uuid, { generation: created.body.generation, inventory: {}, aggregates: [], traits: [], refreshedAt: Date.now() });
      return;
    }
    if (got.status !== 200) throw new Error(`GET /resource_providers/${uuid} returned ${got.status}: ${text(got)}`);
    await this.refreshAssociations(ctx, uuid);
  }

  /** _refresh_associations: inventories, aggregates and traits, each logged as Nova does. */
  private async refreshAssociations(ctx: RequestContext, uuid: string): Promise<void> {
    this.log.debug(ctx, null, `Refreshing inventories for resource provider ${uuid}`, at('_refresh_associations', 821));
    const inv = (await this.ok<{ inventories: Inventory; resource_provider_generation: number }>(ctx, 'GET', `/resource_providers/${uuid}/inventories`)).body;
    this.log.debug(ctx, null, `Updating ProviderTree inventory for provider ${uuid} from _refresh_and_get_inventory using data: ${inventoryRepr(inv.inventories)}`,
      at('_refresh_and_get_inventory', 785));
    const aggs = (await this.ok<{ aggregates: string[] }>(ctx, 'GET', `/resource_providers/${uuid}/aggregates`, '1.19')).body.aggregates;
    this.log.debug(ctx, null, `Refreshing aggregate associations for resource provider ${uuid}, aggregates: ${aggs.length ? aggs.join(',') : 'None'}`,
      at('_refresh_associations', 830));
    const tr = (await this.ok<{ traits: string[]; resource_provider_generation: number }>(ctx, 'GET', `/resource_providers/${uuid}/traits`, '1.6')).body;
    this.log.debug(ctx, null, `Refreshing trait associations for resource provider ${uuid}, traits: ${tr.traits.length ? tr.traits.join(',') : 'None'}`,
      at('_refresh_associations', 842));
    this.cache.set(uuid, { generation: tr.resource_provider_generation, inventory: inv.inventories, aggregates: aggs, traits: tr.traits, refreshedAt: Date.now() });
  }

  private conflict(uuid: string, generation: number, r: JsonResponse): ProviderConflict {
    this.cache.delete(uuid);
    return new ProviderConflict(`A conflict was encountered attempting to update resource provider ${uuid} (generation ${generation}): ${text(r)}`);
  }

  /** set_inventory_for_provider against the cache. */
  async setInventory(ctx: RequestContext, uuid: string, inventory: Inventory): Promise<void> {
    const cached = this.cache.get(uuid);
    if (!cached) throw new Error(`resource provider ${uuid} is not in the cache`);
    if (sameInventory(cached.inventory, inventory)) {
      this.log.debug(ctx, null, `Inventory has not changed for provider ${uuid} based on inventory data: ${inventoryRepr(inventory)}`, at('set_inventory_for_provider', 957));
      return;
    }
    const generation = cached.generation;
    const r = await this.client.request<{ inventories: Inventory; resource_provider_generation: number }>(ctx, 'PUT', `/resource_providers/${uuid}/inventories`, '1.26',
      { resource_provider_generation: generation, inventories: inventory });
    if (r.status === 200) {
      this.log.debug(ctx, null, `Updated inventory for provider ${uuid} with generation ${generation} in Placement from set_inventory_for_provider using data: ${inventoryRepr(inventory)}`,
        at('set_inventory_for_provider', 974));
      cached.inventory = r.body.inventories;
      cached.generation = r.body.resource_provider_generation;
      return;
    }
    const reqId = r.headers.get('openstack-request-id') ?? '';
    this.log.error(ctx, null, `[${reqId}] Failed to update inventory to [${inventoryRepr(inventory)}] for resource provider with UUID ${uuid}.  Got ${r.status}: ${text(r)}`);
    if (r.status === 409 && !text(r).includes('placement.inventory.inuse')) throw this.conflict(uuid, generation, r);
    this.cache.delete(uuid);
    throw new Error(`Failed to update resource provider via URL /resource_providers/${uuid}/inventories: ${text(r)}`);
  }

  /** set_traits_for_provider against the cache. */
  async setTraits(ctx: RequestContext, uuid: string, traits: string[]): Promise<void> {
    const cached = this.cache.get(uuid);
    if (!cached) throw new Error(`resource provider ${uuid} is not in the cache`);
    if ([...cached.traits].sort().join() === [...traits].sort().join()) return;
    const generation = cached.generation;
    const r = await this.client.request<{ traits: string[]; resource_provider_generation: number }>(ctx, 'PUT', `/resource_providers/${uuid}/traits`, '1.6',
      { traits, resource_provider_generation: generation });
    if (r.status === 200) {
      cached.traits = r.body.traits;
      cached.generation = r.body.resource_provider_generation;
      return;
    }
    if (r.status === 409) throw this.conflict(uuid, generation, r);
    this.cache.delete(uuid);
    throw new Error(`Failed to update resource provider via URL /resource_providers/${uuid}/traits: ${text(r)}`);
  }

  /**
   * ComputeVirtAPI.update_compute_provider_status: placement's current traits (not the cache),
   * one trait added or removed, the cache following what was written.
   */
  /** Adds or removes one trait; `beforeChange` runs only when the provider's traits change. */
  async changeTrait(ctx: RequestContext | null, uuid: string, trait: string, add: boolean, beforeChange?: () => void): Promise<void> {
    const cur = (await this.ok<{ traits: string[]; resource_provider_generation: number }>(ctx, 'GET', `/resource_providers/${uuid}/traits`, '1.6')).body;
    if (cur.traits.includes(trait) === add) return;
    beforeChange?.();
    const traits = add ? [...cur.traits, trait] : cur.traits.filter((t) => t !== trait);
    const r = await this.client.request<{ traits: string[]; resource_provider_generation: number }>(ctx, 'PUT', `/resource_providers/${uuid}/traits`, '1.6',
      { traits, resource_provider_generation: cur.resource_provider_generation });
    if (r.status === 409) throw this.conflict(uuid, cur.resource_provider_generation, r);
    if (r.status !== 200) throw new Error(`Failed to update resource provider via URL /resource_providers/${uuid}/traits: ${text(r)}`);
    const cached = this.cache.get(uuid);
    if (cached) {
      cached.traits = r.body.traits;
      cached.generation = r.body.resource_provider_generation;
    }
  }
}
