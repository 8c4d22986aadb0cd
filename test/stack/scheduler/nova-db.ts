// Rows the scheduler reads from the nova database, inserted directly for tests.
import { nowIso, type Db } from '../../../stack/db/open-db.js';

export interface NodeSpec {
  host: string; uuid: string; vcpus?: number; memory_mb?: number; local_gb?: number;
  memory_mb_used?: number; vcpus_used?: number; local_gb_used?: number;
  cpu_allocation_ratio?: number; ram_allocation_ratio?: number; disk_allocation_ratio?: number;
  disabled?: boolean; disabled_reason?: string | null; last_seen_up?: string | null; service?: boolean;
}

export function addComputeNode(db: Db, n: NodeSpec): void {
  const now = nowIso();
  db.prepare(`INSERT INTO compute_nodes (uuid, host, hypervisor_hostname, hypervisor_type, vcpus, memory_mb, local_gb, vcpus_used, memory_mb_used,
    local_gb_used, cpu_allocation_ratio, ram_allocation_ratio, disk_allocation_ratio, updated_at) VALUES (?, ?, ?, 'QEMU', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(n.uuid, n.host, n.host, n.vcpus ?? 8, n.memory_mb ?? 8192, n.local_gb ?? 40, n.vcpus_used ?? 0, n.memory_mb_used ?? 0, n.local_gb_used ?? 0,
      n.cpu_allocation_ratio ?? 16.0, n.ram_allocation_ratio ?? 1.0, n.disk_allocation_ratio ?? 1.0, now);
  if (n.service === false) return;
  db.prepare(`INSERT INTO services (host, binary, topic, disabled, disabled_reason, last_seen_up, created_at, updated_at)
    VALUES (?, 'nova-compute', 'compute', ?, ?, ?, ?, ?)`).run(n.host, n.disabled ? 1 : 0, n.disabled_reason ?? null, n.last_seen_up === undefined ? now : n.last_seen_up, now, now);
}

export function addInstance(db: Db, uuid: string, host: string | null, vmState = 'active'): void {
  const now = nowIso();
  db.prepare(`INSERT INTO instances (uuid, name, project_id, user_id, image_ref, flavor_id, vm_state, host, node, created_at, updated_at, reservation_id)
    VALUES (?, ?, 'p1', 'u1', 'img', '1', ?, ?, ?, ?, ?, 'r-1')`).run(uuid, `vm-${uuid.slice(0, 4)}`, vmState, host, host, now, now);
}

export function addServerGroup(db: Db, uuid: string, policy: string, members: string[]): void {
  const { lastInsertRowid } = db.prepare(`INSERT INTO server_groups (uuid, name, project_id, user_id, policy, created_at) VALUES (?, 'g', 'p1', 'u1', ?, ?)`)
    .run(uuid, policy, nowIso());
  for (const m of members) db.prepare('INSERT INTO server_group_members (group_id, instance_uuid) VALUES (?, ?)').run(lastInsertRowid, m);
}

export function addAggregate(db: Db, name: string, hosts: string[], metadata: Record<string, string>): void {
  const { lastInsertRowid } = db.prepare('INSERT INTO aggregates (uuid, name, created_at) VALUES (?, ?, ?)').run(`agg-${name}`, name, nowIso());
  for (const h of hosts) db.prepare('INSERT INTO aggregate_hosts (aggregate_id, host) VALUES (?, ?)').run(lastInsertRowid, h);
  for (const [k, v] of Object.entries(metadata)) db.prepare('INSERT INTO aggregate_metadata (aggregate_id, key, value) VALUES (?, ?, ?)').run(lastInsertRowid, k, v);
}
