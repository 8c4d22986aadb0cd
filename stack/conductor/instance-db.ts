// The conductor's database operations on instances, actions, faults, services and compute
// nodes: the only place besides the API that writes these rows (compute asks through RPC).

import type { Db } from '../db/open-db.js';
import { eventDetails } from './event-details.js';
import { nowIso } from '../db/open-db.js';
import type { Flavor, InstanceRecord } from '../common/objects.js';
import type { VolumeBdm } from './rpcapi.js';
import { ExpectedError } from '../rpc/messaging-errors.js';

/** Python's repr of a str or None. */
const pyRepr = (v: string | null) => (v === null ? 'None' : `'${v}'`);

/** exception.InstanceNotFound: the row is gone (destroyed by a delete). */
export function instanceNotFound(uuid: string): ExpectedError {
  return new ExpectedError('InstanceNotFound', `Instance ${uuid} could not be found.`);
}

/** UnexpectedDeletingTaskStateError when a delete set task_state 'deleting' meanwhile, UnexpectedTaskStateError otherwise. */
export function taskStateConflict(uuid: string, expected: readonly (string | null)[], actual: string | null): ExpectedError {
  const cls = actual === 'deleting' ? 'UnexpectedDeletingTaskStateError' : 'UnexpectedTaskStateError';
  return new ExpectedError(cls, `Conflict updating instance ${uuid}. Expected: {'task_state': [${expected.map(pyRepr).join(', ')}]}. Actual: {'task_state': ${pyRepr(actual)}}`);
}

/** Columns compute may update through instance_update. */
const UPDATABLE = new Set(['vm_state', 'task_state', 'power_state', 'host', 'node', 'launched_at', 'terminated_at', 'progress', 'console_log', 'availability_zone', 'flavor_id', 'request_spec', 'root_device_name', 'numa_topology']);

const BDM_UPDATABLE = new Set(['volume_id', 'attachment_id', 'device_name', 'connection_info', 'volume_size']);

export class InstanceDb {
  constructor(private readonly db: Db) {}

  bdmsOf(uuid: string): VolumeBdm[] {
    return (this.db.prepare('SELECT * FROM block_device_mapping WHERE instance_uuid = ? ORDER BY boot_index IS NULL, boot_index, id').all(uuid) as (Omit<VolumeBdm, 'delete_on_termination'> & { delete_on_termination: number })[])
      .map((r) => ({ ...r, delete_on_termination: r.delete_on_termination === 1 }));
  }

  bdmUpdate(id: number, updates: Record<string, unknown>): void {
    const cols = Object.keys(updates).filter((k) => BDM_UPDATABLE.has(k));
    if (cols.length !== Object.keys(updates).length) throw new Error(`bdm_update: columns not updatable: ${Object.keys(updates).filter((k) => !BDM_UPDATABLE.has(k)).join(', ')}`);
    if (cols.length) this.db.prepare(`UPDATE block_device_mapping SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run({ id, ...updates });
  }

  bdmCreate(b: Omit<VolumeBdm, 'id' | 'attachment_id' | 'connection_info'>): VolumeBdm {
    const row = { tag: null, volume_type: null, ...b, delete_on_termination: b.delete_on_termination ? 1 : 0, created_at: nowIso() };
    const id = Number(this.db.prepare(`INSERT INTO block_device_mapping (instance_uuid, boot_index, source_type, destination_type, image_id, volume_id, volume_size,
      delete_on_termination, device_name, tag, volume_type, created_at) VALUES (@instance_uuid, @boot_index, @source_type, @destination_type, @image_id, @volume_id,
      @volume_size, @delete_on_termination, @device_name, @tag, @volume_type, @created_at)`).run(row).lastInsertRowid);
    return this.bdmsOf(b.instance_uuid).find((x) => x.id === id)!;
  }

  bdmDestroy(id: number): void {
    this.db.prepare('DELETE FROM block_device_mapping WHERE id = ?').run(id);
  }

  get(uuid: string): InstanceRecord | null {
    return (this.db.prepare('SELECT * FROM instances WHERE uuid = ? AND deleted_at IS NULL').get(uuid) as InstanceRecord | undefined) ?? null;
  }

  /**
   * Instance.save: `expectedTaskState` makes it a compare-and-swap on task_state, as Nova's
   * instance_update_and_get_original with expected_task_state (the build's save points).
   */
  update(uuid: string, updates: Record<string, unknown>, expectedTaskState?: readonly (string | null)[]): InstanceRecord {
    const cols = Object.keys(updates).filter((k) => UPDATABLE.has(k));
    const bad = Object.keys(updates).filter((k) => !UPDATABLE.has(k));
    if (bad.length) throw new Error(`instance_update: columns not updatable: ${bad.join(', ')}`);
    const sets = [...cols.map((c) => `${c} = @${c}`), 'updated_at = @updated_at'].join(', ');
    const params: Record<string, unknown> = { uuid, updated_at: nowIso() };
    for (const c of cols) params[c] = updates[c] ?? null;
    let match = '';
    if (expectedTaskState) {
      match = ' AND (task_state IN (SELECT value FROM json_each(@expected)) OR (task_state IS NULL AND @null_ok = 1))';
      params.expected = JSON.stringify(expectedTaskState.filter((t) => t !== null));
      params.null_ok = expectedTaskState.includes(null) ? 1 : 0;
    }
    const changed = this.db.prepare(`UPDATE instances SET ${sets} WHERE uuid = @uuid AND deleted_at IS NULL${match}`).run(params).changes;
    const row = this.get(uuid);
    if (!row) throw instanceNotFound(uuid);
    if (changed === 0 && expectedTaskState) throw taskStateConflict(uuid, expectedTaskState, row.task_state ?? null);
    return row;
  }

  /** Nova's InstanceList.get_by_host: every instance of the host that is not deleted, in any state. */
  onHost(host: string): { instance: InstanceRecord; flavor: Flavor }[] {
    const rows = this.db.prepare(`SELECT i.*, f.id AS f_id, f.name AS f_name, f.memory_mb AS f_memory_mb, f.vcpus AS f_vcpus, f.root_gb AS f_root_gb,
        f.ephemeral_gb AS f_ephemeral_gb, f.swap AS f_swap, f.extra_specs AS f_extra_specs
      FROM instances i JOIN flavors f ON f.id = i.flavor_id WHERE i.host = ? AND i.deleted_at IS NULL ORDER BY i.created_at, i.uuid`).all(host) as Record<string, unknown>[];
    return rows.map((r) => ({
      instance: r as unknown as InstanceRecord,
      flavor: { id: r.f_id as string, name: r.f_name as string, memory_mb: r.f_memory_mb as number, vcpus: r.f_vcpus as number, root_gb: r.f_root_gb as number,
        ephemeral_gb: r.f_ephemeral_gb as number, swap: r.f_swap as number, extra_specs: JSON.parse(r.f_extra_specs as string) as Record<string, string> },
    }));
  }

  /** Instances by uuid, deleted ones included (read_deleted='yes'), with the deletion time. */
  byUuids(uuids: readonly string[]): (InstanceRecord & { deleted_at: string | null })[] {
    const get = this.db.prepare('SELECT * FROM instances WHERE uuid = ?');
    return uuids.map((u) => get.get(u) as (InstanceRecord & { deleted_at: string | null }) | undefined).filter((r) => r !== undefined);
  }

  destroy(uuid: string): void {
    const now = nowIso();
    this.db.prepare("UPDATE instances SET vm_state = 'deleted', task_state = NULL, deleted_at = ?, terminated_at = ?, updated_at = ? WHERE uuid = ?").run(now, now, now, uuid);
  }

  fault(uuid: string, code: number, message: string, details: string, host: string | null): void {
    this.db.prepare('INSERT INTO instance_faults (instance_uuid, code, message, details, host, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(uuid, code, message, details, host, nowIso());
  }

  /** The action row of the request (the API created it), for its events. */
  private actionId(uuid: string, requestId: string): number | null {
    const row = this.db.prepare('SELECT id FROM instance_actions WHERE instance_uuid = ? AND request_id = ? ORDER BY id DESC LIMIT 1').get(uuid, requestId) as { id: number } | undefined;
    return row?.id ?? null;
  }

  eventStart(uuid: string, requestId: string, event: string, host: string): void {
    const id = this.actionId(uuid, requestId);
    if (id === null) return;
    const now = nowIso();
    this.db.prepare('INSERT INTO instance_actions_events (action_id, event, start_time, host) VALUES (?, ?, ?, ?)').run(id, event, now, host);
    this.db.prepare('UPDATE instance_actions SET updated_at = ? WHERE id = ?').run(now, id);
  }

  /** `host`: the finishing service's, recorded on an event whose start was never written. */
  eventFinish(uuid: string, requestId: string, event: string, result: string, traceback: string | null, host: string | null = null): void {
    const id = this.actionId(uuid, requestId);
    if (id === null) return;
    const now = nowIso();
    const details = result === 'Error' ? eventDetails(traceback) : null;
    const changed = this.db.prepare('UPDATE instance_actions_events SET finish_time = ?, result = ?, traceback = ?, details = ? WHERE action_id = ? AND event = ? AND finish_time IS NULL')
      .run(now, result, traceback, details, id, event).changes;
    if (changed === 0) {
      this.db.prepare('INSERT INTO instance_actions_events (action_id, event, start_time, finish_time, result, traceback, host, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, event, now, now, result, traceback, host, details);
    }
    if (result === 'Error') this.db.prepare("UPDATE instance_actions SET message = 'Error' WHERE id = ?").run(id);
    this.db.prepare('UPDATE instance_actions SET finish_time = ?, updated_at = ? WHERE id = ?').run(now, now, id);
  }

  serviceReport(host: string, binary: string, topic: string): { disabled: boolean } {
    const now = nowIso();
    this.db.prepare(`INSERT INTO services (host, binary, topic, report_count, last_seen_up, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?)
      ON CONFLICT (host, binary) DO UPDATE SET report_count = report_count + 1, last_seen_up = excluded.last_seen_up, updated_at = excluded.updated_at`)
      .run(host, binary, topic, now, now, now);
    const row = this.db.prepare('SELECT disabled FROM services WHERE host = ? AND binary = ?').get(host, binary) as { disabled: number };
    return { disabled: row.disabled === 1 };
  }

  computeNodeUpdate(host: string, r: { uuid?: string; vcpus: number; memory_mb: number; local_gb: number; vcpus_used: number; memory_mb_used: number; local_gb_used: number; running_vms: number; numa_topology?: string | null }): void {
    const now = nowIso();
    this.db.prepare(`INSERT INTO compute_nodes (uuid, host, hypervisor_hostname, vcpus, memory_mb, local_gb, vcpus_used, memory_mb_used, local_gb_used, running_vms, numa_topology, updated_at)
      VALUES (@uuid, @host, @host, @vcpus, @memory_mb, @local_gb, @vcpus_used, @memory_mb_used, @local_gb_used, @running_vms, @numa_topology, @now)
      ON CONFLICT (host) DO UPDATE SET vcpus = excluded.vcpus, memory_mb = excluded.memory_mb, local_gb = excluded.local_gb,
        vcpus_used = excluded.vcpus_used, memory_mb_used = excluded.memory_mb_used, local_gb_used = excluded.local_gb_used,
        running_vms = excluded.running_vms, numa_topology = excluded.numa_topology, updated_at = excluded.updated_at`)
      .run({ ...r, numa_topology: r.numa_topology ?? null, uuid: r.uuid ?? host, host, now });
  }
}
