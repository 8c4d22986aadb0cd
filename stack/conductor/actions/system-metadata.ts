// instance.system_metadata rows (shelved_image_id, shelved_host, shelved_at, old_vm_state …).

import type { Db } from '../../db/open-db.js';

export function systemMetadata(db: Db, uuid: string): Record<string, string> {
  const rows = db.prepare('SELECT key, value FROM instance_system_metadata WHERE instance_uuid = ?').all(uuid) as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export function updateSystemMetadata(db: Db, uuid: string, values: Record<string, string | null>): void {
  const set = db.prepare('INSERT INTO instance_system_metadata (instance_uuid, key, value) VALUES (?, ?, ?) ON CONFLICT (instance_uuid, key) DO UPDATE SET value = excluded.value');
  const del = db.prepare('DELETE FROM instance_system_metadata WHERE instance_uuid = ? AND key = ?');
  db.transaction(() => {
    for (const [k, v] of Object.entries(values)) {
      if (v === null) del.run(uuid, k);
      else set.run(uuid, k, v);
    }
  })();
}
