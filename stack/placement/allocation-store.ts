// Consumers and their allocations. A write replaces all of a consumer's allocations at once:
// the capacity check and the insert happen in one BEGIN IMMEDIATE transaction, so concurrent
// claims are serialised by SQLite and can never over-allocate a provider.

import type { Db } from '../db/open-db.js';
import { capacityOf, floatText, withinUnits } from './capacity.js';
import { ERROR_CODES, PlacementError } from './placement-errors.js';
import { inventoriesOf, providerByUuid, usagesOf, type ProviderRow } from './provider-store.js';

export interface ConsumerRow {
  uuid: string;
  project_id: string;
  user_id: string;
  generation: number;
}

export interface ConsumerAllocation {
  rp_uuid: string;
  rp_generation: number;
  resource_class: string;
  used: number;
}

export function consumerOf(db: Db, uuid: string): ConsumerRow | undefined {
  return db.prepare('SELECT * FROM consumers WHERE uuid = ?').get(uuid) as ConsumerRow | undefined;
}

export function allocationsOf(db: Db, consumer: string): ConsumerAllocation[] {
  return db.prepare(`SELECT rp.uuid AS rp_uuid, rp.generation AS rp_generation, a.resource_class, a.used
    FROM allocations a JOIN resource_providers rp ON rp.id = a.resource_provider_id
    WHERE a.consumer_id = ? ORDER BY a.id`).all(consumer) as ConsumerAllocation[];
}

export interface AllocationWrite {
  consumer: string;
  projectId: string;
  userId: string;
  /** undefined: not checked (before microversion 1.28); null: the consumer must be new. */
  consumerGeneration?: number | null;
  /** Resource provider uuid → resource class → amount; empty removes every allocation. */
  allocations: Record<string, Record<string, number>>;
}

export function checkConsumerGeneration(existing: ConsumerRow | undefined, given: number | null | undefined): void {
  if (given === undefined) return;
  if (existing && existing.generation !== given) {
    throw new PlacementError(409, `consumer generation conflict - expected ${existing.generation} but got ${given ?? 'None'}`, ERROR_CODES.CONCURRENT_UPDATE);
  }
  if (!existing && given !== null) {
    throw new PlacementError(409, `consumer generation conflict - expected null but got ${given}`, ERROR_CODES.CONCURRENT_UPDATE);
  }
}

const inventoryError = (detail: string) => new PlacementError(409, `Unable to allocate inventory: ${detail}`);

/** Checks one provider's share of the write against what the other consumers already use. */
export function checkCapacity(db: Db, rp: ProviderRow, resources: Record<string, number>, warn: (msg: string) => void): void {
  const inventories = inventoriesOf(db, rp.id);
  const usages = usagesOf(db, rp.id);
  for (const [rc, amount] of Object.entries(resources)) {
    const inv = inventories.find((i) => i.resource_class === rc);
    if (!inv) throw inventoryError(`Inventory for '${rc}' on resource provider '${rp.uuid}' invalid.`);
    if (!withinUnits(inv, amount)) {
      warn(`Allocation for ${rc} on resource provider ${rp.uuid} violates min_unit, max_unit, or step_size. Requested: ${amount}, min_unit: ${inv.min_unit}, max_unit: ${inv.max_unit}, step_size: ${inv.step_size}`);
      throw inventoryError(`Unable to create allocation for '${rc}' on resource provider '${rp.uuid}'. The requested amount would violate inventory constraints.`);
    }
    const used = usages[rc] ?? 0;
    const capacity = capacityOf(inv);
    if (capacity < used + amount) {
      warn(`Over capacity for ${rc} on resource provider ${rp.uuid}. Needed: ${amount}, Used: ${used}, Capacity: ${floatText(capacity)}`);
      throw inventoryError(`Unable to create allocation for '${rc}' on resource provider '${rp.uuid}'. The requested amount would exceed the capacity.`);
    }
  }
}

export function replaceAllocations(db: Db, w: AllocationWrite, warn: (msg: string) => void): void {
  db.transaction(() => {
    const existing = consumerOf(db, w.consumer);
    checkConsumerGeneration(existing, w.consumerGeneration);
    const providers = Object.keys(w.allocations).map((uuid) => {
      const rp = providerByUuid(db, uuid);
      if (!rp) throw new PlacementError(400, `Allocation for resource provider '${uuid}' that does not exist.`);
      return rp;
    });
    db.prepare('DELETE FROM allocations WHERE consumer_id = ?').run(w.consumer);
    const insert = db.prepare('INSERT INTO allocations (resource_provider_id, consumer_id, resource_class, used) VALUES (?, ?, ?, ?)');
    for (const rp of providers) {
      const resources = w.allocations[rp.uuid];
      checkCapacity(db, rp, resources, warn);
      for (const [rc, amount] of Object.entries(resources)) insert.run(rp.id, w.consumer, rc, amount);
      db.prepare('UPDATE resource_providers SET generation = generation + 1 WHERE id = ?').run(rp.id);
    }
    if (providers.length === 0) {
      db.prepare('DELETE FROM consumers WHERE uuid = ?').run(w.consumer);
    } else if (existing) {
      db.prepare('UPDATE consumers SET project_id = ?, user_id = ?, generation = generation + 1 WHERE uuid = ?').run(w.projectId, w.userId, w.consumer);
    } else {
      // A consumer is created at generation 0 and the write itself bumps it, as in placement.
      db.prepare('INSERT INTO consumers (uuid, project_id, user_id, generation) VALUES (?, ?, ?, 1)').run(w.consumer, w.projectId, w.userId);
    }
  }).immediate();
}

/** Removes every allocation of a consumer and the consumer; false when it had none. */
export function deleteAllocations(db: Db, consumer: string): boolean {
  return db.transaction(() => {
    const removed = db.prepare('DELETE FROM allocations WHERE consumer_id = ?').run(consumer).changes;
    db.prepare('DELETE FROM consumers WHERE uuid = ?').run(consumer);
    return removed > 0;
  }).immediate();
}
