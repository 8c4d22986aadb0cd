// Resource providers, their inventories and usages in placement's database. Writers run in
// BEGIN IMMEDIATE transactions and bump the provider generation, so a writer holding a stale
// generation gets a 409 instead of overwriting someone else's change.

import { nowIso, type Db } from '../db/open-db.js';
import { capacityOf, fits, type Inventory } from './capacity.js';
import { ERROR_CODES, PlacementError } from './placement-errors.js';

export interface ProviderRow {
  id: number;
  uuid: string;
  name: string;
  generation: number;
  created_at: string;
}

export function providerByUuid(db: Db, uuid: string): ProviderRow | undefined {
  return db.prepare('SELECT * FROM resource_providers WHERE uuid = ?').get(uuid) as ProviderRow | undefined;
}

export function requireProvider(db: Db, uuid: string): ProviderRow {
  const rp = providerByUuid(db, uuid);
  if (!rp) throw new PlacementError(404, `No resource provider with uuid ${uuid} found`);
  return rp;
}

export function listProviders(db: Db, filter: { name?: string | null; uuid?: string | null }): ProviderRow[] {
  const where: string[] = [];
  const args: string[] = [];
  if (filter.name) { where.push('name = ?'); args.push(filter.name); }
  if (filter.uuid) { where.push('uuid = ?'); args.push(filter.uuid); }
  const sql = `SELECT * FROM resource_providers${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
  return db.prepare(sql).all(...args) as ProviderRow[];
}

export function createProvider(db: Db, name: string, uuid: string): ProviderRow {
  return db.transaction(() => {
    const dup: string[] = [];
    if (providerByUuid(db, uuid)) dup.push(`uuid: ${uuid}`);
    if (db.prepare('SELECT 1 FROM resource_providers WHERE name = ?').get(name)) dup.push(`name: ${name}`);
    if (dup.length) throw new PlacementError(409, `Conflicting resource provider ${dup.join(', ')} already exists.`, ERROR_CODES.DUPLICATE_NAME);
    db.prepare('INSERT INTO resource_providers (uuid, name, generation, created_at) VALUES (?, ?, 0, ?)').run(uuid, name, nowIso());
    return providerByUuid(db, uuid)!;
  }).immediate();
}

export function deleteProvider(db: Db, uuid: string): void {
  db.transaction(() => {
    const rp = providerByUuid(db, uuid);
    if (!rp) throw new PlacementError(404, `No resource provider with uuid ${uuid} found for delete`);
    if (db.prepare('SELECT 1 FROM allocations WHERE resource_provider_id = ? LIMIT 1').get(rp.id)) {
      throw new PlacementError(409, `Unable to delete resource provider ${uuid}: Resource provider has allocations.`, ERROR_CODES.PROVIDER_IN_USE);
    }
    db.prepare('DELETE FROM inventories WHERE resource_provider_id = ?').run(rp.id);
    db.prepare('DELETE FROM resource_provider_aggregates WHERE resource_provider_id = ?').run(rp.id);
    db.prepare('DELETE FROM resource_provider_traits WHERE resource_provider_id = ?').run(rp.id);
    db.prepare('DELETE FROM resource_providers WHERE id = ?').run(rp.id);
  }).immediate();
}

export function inventoriesOf(db: Db, rpId: number): Inventory[] {
  return db.prepare('SELECT resource_class, total, reserved, min_unit, max_unit, step_size, allocation_ratio FROM inventories WHERE resource_provider_id = ? ORDER BY resource_class')
    .all(rpId) as Inventory[];
}

/** Used amount per resource class: every inventoried class (0 when unused) plus any allocated one. */
export function usagesOf(db: Db, rpId: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const inv of inventoriesOf(db, rpId)) out[inv.resource_class] = 0;
  const rows = db.prepare('SELECT resource_class AS rc, SUM(used) AS used FROM allocations WHERE resource_provider_id = ? GROUP BY resource_class').all(rpId) as { rc: string; used: number }[];
  for (const r of rows) out[r.rc] = r.used;
  return out;
}

/** Replaces all inventories of a provider if the caller saw its current generation. */
export function setInventories(db: Db, uuid: string, generation: number, inventories: Inventory[]): ProviderRow {
  return db.transaction(() => {
    const rp = requireProvider(db, uuid);
    if (rp.generation !== generation) throw new PlacementError(409, 'resource provider generation conflict', ERROR_CODES.CONCURRENT_UPDATE);
    const kept = new Set(inventories.map((i) => i.resource_class));
    const used = usagesOf(db, rp.id);
    const inUse = inventoriesOf(db, rp.id).filter((i) => !kept.has(i.resource_class) && (used[i.resource_class] ?? 0) > 0).map((i) => i.resource_class);
    if (inUse.length) {
      throw new PlacementError(409, `update conflict: Inventory for '${inUse.join(', ')}' on resource provider '${uuid}' in use.`, ERROR_CODES.INVENTORY_INUSE);
    }
    db.prepare('DELETE FROM inventories WHERE resource_provider_id = ?').run(rp.id);
    const insert = db.prepare(`INSERT INTO inventories (resource_provider_id, resource_class, total, reserved, min_unit, max_unit, step_size, allocation_ratio)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const i of inventories) insert.run(rp.id, i.resource_class, i.total, i.reserved, i.min_unit, i.max_unit, i.step_size, i.allocation_ratio);
    db.prepare('UPDATE resource_providers SET generation = generation + 1 WHERE id = ?').run(rp.id);
    return providerByUuid(db, uuid)!;
  }).immediate();
}

export interface ProviderCapacity {
  provider: ProviderRow;
  inventories: Inventory[];
  usages: Record<string, number>;
}

/** Providers (in creation order) that can take all of `resources` right now. */
export function providersFitting(db: Db, resources: Record<string, number>, among?: ProviderRow[]): ProviderCapacity[] {
  const out: ProviderCapacity[] = [];
  for (const provider of among ?? listProviders(db, {})) {
    const inventories = inventoriesOf(db, provider.id);
    const usages = usagesOf(db, provider.id);
    const ok = Object.entries(resources).every(([rc, amount]) => {
      const inv = inventories.find((i) => i.resource_class === rc);
      return inv !== undefined && fits(inv, usages[rc] ?? 0, amount);
    });
    if (ok) out.push({ provider, inventories, usages });
  }
  return out;
}

/** A provider summary's capacity is reported as a whole number. */
export const summaryCapacity = (inv: Inventory) => Math.trunc(capacityOf(inv));
