// POST /allocations (microversion 1.13+): the allocations of several consumers written in one
// transaction — how Nova moves a server's allocation to its migration record and back
// (move_allocations). Every named consumer's allocations are removed first, then each is
// written with its capacity checked, so moving an allocation within one provider never
// counts it twice; an empty `allocations` leaves that consumer with none.

import type { Db } from '../db/open-db.js';
import type { ApiRequest, ApiResponse } from './api-types.js';
import { bodyObject, integerField, normalizeUuid, requireKey, stringField } from './api-types.js';
import { allocationMap } from './allocation-api.js';
import { checkCapacity, checkConsumerGeneration, consumerOf, type AllocationWrite } from './allocation-store.js';
import { PlacementError } from './placement-errors.js';
import { providerByUuid } from './provider-store.js';

const OVER_CAPACITY_LOGGER = 'placement.objects.allocation';

export function replaceManyAllocations(db: Db, writes: readonly AllocationWrite[], warn: (msg: string) => void): void {
  db.transaction(() => {
    const existing = writes.map((w) => consumerOf(db, w.consumer));
    writes.forEach((w, i) => checkConsumerGeneration(existing[i], w.consumerGeneration));
    for (const w of writes) {
      for (const uuid of Object.keys(w.allocations)) {
        if (!providerByUuid(db, uuid)) throw new PlacementError(400, `Allocation for resource provider '${uuid}' that does not exist.`);
      }
      db.prepare('DELETE FROM allocations WHERE consumer_id = ?').run(w.consumer);
    }
    const insert = db.prepare('INSERT INTO allocations (resource_provider_id, consumer_id, resource_class, used) VALUES (?, ?, ?, ?)');
    writes.forEach((w, i) => {
      const uuids = Object.keys(w.allocations);
      for (const uuid of uuids) {
        const rp = providerByUuid(db, uuid)!;
        checkCapacity(db, rp, w.allocations[uuid], warn);
        for (const [rc, amount] of Object.entries(w.allocations[uuid])) insert.run(rp.id, w.consumer, rc, amount);
        db.prepare('UPDATE resource_providers SET generation = generation + 1 WHERE id = ?').run(rp.id);
      }
      if (uuids.length === 0) db.prepare('DELETE FROM consumers WHERE uuid = ?').run(w.consumer);
      else if (existing[i]) db.prepare('UPDATE consumers SET project_id = ?, user_id = ?, generation = generation + 1 WHERE uuid = ?').run(w.projectId, w.userId, w.consumer);
      else db.prepare('INSERT INTO consumers (uuid, project_id, user_id, generation) VALUES (?, ?, ?, 1)').run(w.consumer, w.projectId, w.userId);
    });
  }).immediate();
}

export function postAllocations(req: ApiRequest): ApiResponse {
  const body = bodyObject(req.body);
  const writes: AllocationWrite[] = Object.entries(body).map(([raw, data]) => {
    const consumer = normalizeUuid(raw);
    if (!consumer) throw new PlacementError(400, `JSON does not validate: '${raw}' does not match any of the regexes`);
    const entry = bodyObject(data, consumer);
    const allocations = allocationMap(req, requireKey(entry, 'allocations'));
    const projectId = stringField(entry, 'project_id', true)!;
    const userId = stringField(entry, 'user_id', true)!;
    let consumerGeneration: number | null | undefined;
    if (req.version.matches('1.28')) {
      const g = requireKey(entry, 'consumer_generation');
      consumerGeneration = g === null ? null : integerField(entry, 'consumer_generation', 0, true)!;
    }
    return { consumer, projectId, userId, consumerGeneration, allocations };
  });
  const warn = (msg: string) => req.log.child(OVER_CAPACITY_LOGGER).warning(req.ctx, null, msg);
  replaceManyAllocations(req.db, writes, warn);
  return { status: 204 };
}
