// Nova's VirtualInterface records: one per port nova allocated for an instance, with the device
// tag asked for at boot (a tagged network, 2.42+) or at interface attach (2.49+); made when the
// port is, dropped when nova deallocates it. os-interface shows the tags from 2.70.

import type { Db } from '../../db/open-db.js';
import { nowIso } from '../../db/open-db.js';

export interface VirtualInterfaceRecord { uuid: string; instance_uuid: string; address: string | null; network_id: string | null; tag: string | null }

export function createVirtualInterface(db: Db, v: VirtualInterfaceRecord): void {
  db.prepare(`INSERT INTO virtual_interfaces (uuid, instance_uuid, address, network_id, tag, created_at) VALUES (@uuid, @instance_uuid, @address, @network_id, @tag, @created_at)
    ON CONFLICT (uuid) DO UPDATE SET instance_uuid = excluded.instance_uuid, address = excluded.address, network_id = excluded.network_id, tag = excluded.tag`)
    .run({ ...v, created_at: nowIso() });
}

export function destroyVirtualInterface(db: Db, portId: string): void {
  db.prepare('DELETE FROM virtual_interfaces WHERE uuid = ?').run(portId);
}

/** VirtualInterface.delete_by_instance_uuid (deallocate_for_instance). */
export function destroyInstanceVirtualInterfaces(db: Db, instanceUuid: string): void {
  db.prepare('DELETE FROM virtual_interfaces WHERE instance_uuid = ?').run(instanceUuid);
}

/** VirtualInterfaceList.get_by_instance_uuid as {port id: tag}. */
export function virtualInterfaceTags(db: Db, instanceUuid: string): Map<string, string | null> {
  const rows = db.prepare('SELECT uuid, tag FROM virtual_interfaces WHERE instance_uuid = ?').all(instanceUuid) as { uuid: string; tag: string | null }[];
  return new Map(rows.map((r) => [r.uuid, r.tag]));
}
