// A provider's aggregates and traits in placement's database: read, and replaced as a whole
// by a caller that saw the provider's current generation (placement's PUT semantics).

import type { Db } from '../db/open-db.js';
import { ERROR_CODES, PlacementError } from './placement-errors.js';
import { providerByUuid, requireProvider, type ProviderRow } from './provider-store.js';

export type ProviderTag = 'aggregates' | 'traits';

const TABLE: Record<ProviderTag, { table: string; column: string }> = {
  aggregates: { table: 'resource_provider_aggregates', column: 'aggregate_uuid' },
  traits: { table: 'resource_provider_traits', column: 'trait' },
};

export function tagsOf(db: Db, rpId: number, tag: ProviderTag): string[] {
  const t = TABLE[tag];
  return (db.prepare(`SELECT ${t.column} AS v FROM ${t.table} WHERE resource_provider_id = ? ORDER BY ${t.column}`).all(rpId) as { v: string }[]).map((r) => r.v);
}

/** Replaces the provider's aggregates or traits; 409 when the generation is stale. */
export function setTags(db: Db, uuid: string, tag: ProviderTag, generation: number, values: readonly string[]): ProviderRow {
  const t = TABLE[tag];
  return db.transaction(() => {
    const rp = requireProvider(db, uuid);
    if (rp.generation !== generation) {
      throw new PlacementError(409, "Resource provider's generation already changed. Please update the generation and try again.", ERROR_CODES.CONCURRENT_UPDATE);
    }
    db.prepare(`DELETE FROM ${t.table} WHERE resource_provider_id = ?`).run(rp.id);
    const insert = db.prepare(`INSERT OR IGNORE INTO ${t.table} (resource_provider_id, ${t.column}) VALUES (?, ?)`);
    for (const v of values) insert.run(rp.id, v);
    db.prepare('UPDATE resource_providers SET generation = generation + 1 WHERE id = ?').run(rp.id);
    return providerByUuid(db, uuid)!;
  }).immediate();
}
