// /resource_providers/{uuid}/inventories (read, replace all) and /usages.

import type { ApiRequest, ApiResponse } from './api-types.js';
import { bodyObject, integerField, requireKey } from './api-types.js';
import { capacityOf, INVENTORY_DEFAULTS, isResourceClass, MAX_INT, type Inventory } from './capacity.js';
import { PlacementError } from './placement-errors.js';
import { inventoriesOf, requireProvider, setInventories, usagesOf } from './provider-store.js';

function inventoriesBody(generation: number, inventories: Inventory[]) {
  const byClass: Record<string, Omit<Inventory, 'resource_class'>> = {};
  for (const { resource_class, ...rest } of inventories) byClass[resource_class] = rest;
  return { resource_provider_generation: generation, inventories: byClass };
}

export function getInventories(req: ApiRequest): ApiResponse {
  const rp = requireProvider(req.db, req.params[0]);
  return { status: 200, body: inventoriesBody(rp.generation, inventoriesOf(req.db, rp.id)) };
}

function parseInventory(uuid: string, rc: string, data: unknown): Inventory {
  if (!isResourceClass(rc)) {
    throw new PlacementError(400, `Unknown resource class in inventory for resource provider ${uuid}: No such resource class ${rc}.`);
  }
  const o = bodyObject(data, rc);
  const ratio = o.allocation_ratio ?? INVENTORY_DEFAULTS.allocation_ratio;
  if (typeof ratio !== 'number' || ratio < 0) throw new PlacementError(400, `JSON does not validate: ${JSON.stringify(ratio)} is not of type 'number'`);
  const inv: Inventory = {
    resource_class: rc,
    total: integerField(o, 'total', 1, true)!,
    reserved: integerField(o, 'reserved', 0, false) ?? INVENTORY_DEFAULTS.reserved,
    min_unit: integerField(o, 'min_unit', 1, false) ?? INVENTORY_DEFAULTS.min_unit,
    max_unit: integerField(o, 'max_unit', 1, false) ?? INVENTORY_DEFAULTS.max_unit,
    step_size: integerField(o, 'step_size', 1, false) ?? INVENTORY_DEFAULTS.step_size,
    allocation_ratio: ratio,
  };
  if (inv.total > MAX_INT || inv.max_unit > MAX_INT) throw new PlacementError(400, `JSON does not validate: ${Math.max(inv.total, inv.max_unit)} is greater than the maximum of ${MAX_INT}`);
  return inv;
}

export function putInventories(req: ApiRequest): ApiResponse {
  const uuid = req.params[0];
  requireProvider(req.db, uuid);
  const body = bodyObject(req.body);
  const generation = integerField(body, 'resource_provider_generation', 0, true)!;
  const raw = bodyObject(requireKey(body, 'inventories'), 'inventories');
  const inventories = Object.entries(raw).map(([rc, data]) => parseInventory(uuid, rc, data));
  // Reserved may equal total (a fully reserved class) only from 1.26 on.
  const reservedMayEqualTotal = req.version.matches('1.26');
  for (const inv of inventories) {
    const cap = capacityOf(inv);
    if (reservedMayEqualTotal ? cap < 0 : cap <= 0) {
      const why = reservedMayEqualTotal ? 'greater than total' : 'greater than or equal to total';
      throw new PlacementError(400, `Unable to update inventory for resource provider ${uuid}: Invalid inventory for '${inv.resource_class}' on resource provider '${uuid}'. The reserved value is ${why}.`);
    }
  }
  const rp = setInventories(req.db, uuid, generation, inventories);
  return { status: 200, body: inventoriesBody(rp.generation, inventoriesOf(req.db, rp.id)) };
}

export function getUsages(req: ApiRequest): ApiResponse {
  const rp = requireProvider(req.db, req.params[0]);
  return { status: 200, body: { resource_provider_generation: rp.generation, usages: usagesOf(req.db, rp.id) } };
}
