// The az-mismatch fault's cloud: default_schedule_zone names a zone whose aggregate exists (so
// current Nova's scheduler maps it to a placement aggregate) but holds no host — an operator
// created the zone and never added its computes. Legacy schedulers reject every host with the
// AvailabilityZoneFilter; current ones get no allocation candidates.

import { randomUUID } from 'node:crypto';
import { nowIso, type Db } from '../db/open-db.js';

export function ensureEmptyZone(db: Db, zone: string): void {
  const found = db.prepare(`SELECT 1 FROM aggregate_metadata WHERE key = 'availability_zone' AND value = ?`).get(zone);
  if (found) return;
  db.transaction(() => {
    const info = db.prepare('INSERT INTO aggregates (uuid, name, created_at) VALUES (?, ?, ?)').run(randomUUID(), `${zone}-hosts`, nowIso());
    db.prepare('INSERT INTO aggregate_metadata (aggregate_id, key, value) VALUES (?, ?, ?)').run(info.lastInsertRowid, 'availability_zone', zone);
  }).immediate();
}
