// Migration records (nova.objects.Migration): one row per move of a server — resize, cold
// migration, live migration, evacuation — with its uuid (the placement consumer that holds the
// source allocation while the move is unconfirmed), hosts, flavors and status.

import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open-db.js';
import { nowIso } from '../db/open-db.js';

export type MigrationType = 'migration' | 'resize' | 'live-migration' | 'evacuation';

export interface MigrationRecord {
  id: number; uuid: string; instance_uuid: string;
  source_compute: string | null; dest_compute: string | null; source_node: string | null; dest_node: string | null; dest_host: string | null;
  status: string; migration_type: MigrationType; old_instance_type_id: string | null; new_instance_type_id: string | null;
  user_id: string | null; project_id: string | null; created_at: string; updated_at: string | null;
  /** The instance's flavors before and after the move (instance.old_flavor/new_flavor), as JSON. */
  old_flavor: string | null; new_flavor: string | null;
}

const UPDATABLE = new Set(['status', 'source_compute', 'dest_compute', 'source_node', 'dest_node', 'dest_host']);

/** Statuses of a move still under way (Migration's in-progress set, as the resource audit reads it). */
export const IN_PROGRESS = ['queued', 'preparing', 'running', 'accepted', 'pre-migrating', 'migrating', 'post-migrating', 'finished', 'confirming', 'reverting'];

/** A migration in one of these is over (or, 'accepted', not begun on any host). */
const NOT_IN_PROGRESS = ['accepted', 'confirmed', 'reverted', 'error', 'failed', 'completed', 'cancelled', 'done'];

export class MigrationDb {
  constructor(private readonly db: Db) {}

  create(m: Pick<MigrationRecord, 'instance_uuid' | 'status' | 'migration_type'> & Partial<MigrationRecord>): MigrationRecord {
    const row = {
      uuid: randomUUID(), source_compute: null, dest_compute: null, source_node: null, dest_node: null, dest_host: null,
      old_instance_type_id: null, new_instance_type_id: null, user_id: null, project_id: null, old_flavor: null, new_flavor: null, ...m, created_at: nowIso(),
    };
    const id = this.db.prepare(`INSERT INTO migrations (uuid, instance_uuid, source_compute, dest_compute, source_node, dest_node, dest_host, status, migration_type,
        old_instance_type_id, new_instance_type_id, user_id, project_id, created_at, updated_at, old_flavor, new_flavor)
      VALUES (@uuid, @instance_uuid, @source_compute, @dest_compute, @source_node, @dest_node, @dest_host, @status, @migration_type,
        @old_instance_type_id, @new_instance_type_id, @user_id, @project_id, @created_at, NULL, @old_flavor, @new_flavor)`).run(row).lastInsertRowid;
    return this.get(Number(id))!;
  }

  get(id: number): MigrationRecord | null {
    return (this.db.prepare('SELECT * FROM migrations WHERE id = ?').get(id) as MigrationRecord | undefined) ?? null;
  }

  update(id: number, updates: Partial<MigrationRecord>): MigrationRecord {
    const cols = Object.keys(updates).filter((k) => UPDATABLE.has(k));
    if (cols.length !== Object.keys(updates).length) throw new Error(`migration_update: columns not updatable: ${Object.keys(updates).filter((k) => !UPDATABLE.has(k)).join(', ')}`);
    const sets = [...cols.map((c) => `${c} = @${c}`), 'updated_at = @updated_at'].join(', ');
    this.db.prepare(`UPDATE migrations SET ${sets} WHERE id = @id`).run({ ...Object.fromEntries(cols.map((c) => [c, (updates as Record<string, unknown>)[c] ?? null])), id, updated_at: nowIso() });
    return this.get(id)!;
  }

  /** Migration.get_by_instance_and_status: the newest of the instance's migrations in that status. */
  byInstanceAndStatus(instanceUuid: string, status: string): MigrationRecord | null {
    return (this.db.prepare('SELECT * FROM migrations WHERE instance_uuid = ? AND status = ? ORDER BY id DESC LIMIT 1').get(instanceUuid, status) as MigrationRecord | undefined) ?? null;
  }

  /**
   * The instances among `uuids` with a migration in progress: not in one of the statuses
   * Migration.get_in_progress_by_host_and_node leaves out.
   */
  migratingInstances(uuids: string[]): string[] {
    if (uuids.length === 0) return [];
    const rows = this.db.prepare(`SELECT DISTINCT instance_uuid FROM migrations WHERE instance_uuid IN (${uuids.map(() => '?').join(', ')}) AND status NOT IN (${NOT_IN_PROGRESS.map(() => '?').join(', ')})`)
      .all(...uuids, ...NOT_IN_PROGRESS) as { instance_uuid: string }[];
    return rows.map((r) => r.instance_uuid);
  }

  evacuationsFrom(host: string): MigrationRecord[] {
    return this.db.prepare("SELECT * FROM migrations WHERE source_compute = ? AND migration_type = 'evacuation' AND status IN ('accepted', 'pre-migrating', 'done') ORDER BY id").all(host) as MigrationRecord[];
  }
}
