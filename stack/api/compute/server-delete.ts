// DELETE /servers/{id} as nova.compute.api.API.delete/_delete decides it:
// - no host and not ERROR (still scheduling, or cast but not yet claimed):
//   the build request (or the cell's instance) is destroyed at once, placement's allocation
//   removed (_delete_while_booting, _local_delete_cleanup); nothing else is logged and no delete
//   action is recorded (the instance never reached a cell's action table this way);
// - a host whose nova-compute is up: task_state deleting, a delete action, terminate_instance cast;
// - otherwise (ERROR without host — NoValidHost buries it in cell0 —, SHELVED_OFFLOADED, a host that is down):
//   the local delete, "Doing local delete in cell …" then "instance's host X is down, deleting
//   from database" (X is None for an instance that never got one), ports and allocation removed.
// Every path but the cast leaves the server gone at once: 204, then 404.
// With [DEFAULT]reclaim_instance_interval > 0 a launched server is soft-deleted instead
// (task_state soft-deleting, soft_delete_instance cast; SOFT_DELETED until restore, forceDelete
// or compute's _reclaim_queued_deletes); forceDelete takes the delete path whatever the interval.

import type { ApiDeps } from '../api-deps.js';
import type { ApiRequest } from '../http/request.js';
import { conflict } from '../http/api-error.js';
import { empty, type ApiReply } from '../http/reply.js';
import { nowIso } from '../../db/open-db.js';
import { placementUrl } from '../../common/stack-config.js';
import { authedJson } from '../../common/service-auth.js';
import { getInstance, recordAction, updateInstance, type InstanceRow } from './instances.js';
import { confirmResizeOnDeleting } from './actions/migration-actions.js';
import { computeService, isServiceUp } from './service-state.js';
import { localCleanupBdmVolumes } from './local-bdm-cleanup.js';
import type { BdmRow } from './volume-attach-flow.js';

const API_PY = 'compute/api.py';

/** CellMapping.identity of the stack's cells: cell0 holds the instances that never got a host. */
const CELL0_IDENTITY = '00000000-0000-0000-0000-000000000000(cell0)';
const CELL1_IDENTITY = '1a2b3c4d-0000-4000-8000-00000000ce11(cell1)';

/** compute_utils.may_have_ports_or_volumes. */
const mayHavePortsOrVolumes = (inst: InstanceRow) => inst.vm_state === 'error' || inst.vm_state === 'shelved_offloaded';

/** An instance in ERROR that no compute host ever took (no compute event): buried in cell0 by the conductor. */
function buriedInCell0(deps: ApiDeps, inst: InstanceRow): boolean {
  if (inst.vm_state !== 'error' || inst.host !== null) return false;
  const computeEvent = deps.db.prepare(`SELECT 1 FROM instance_actions_events e JOIN instance_actions a ON a.id = e.action_id
    WHERE a.instance_uuid = ? AND e.event LIKE 'compute\\_%' ESCAPE '\\' LIMIT 1`).get(inst.uuid);
  return computeEvent === undefined;
}

/** instance.destroy() with the ports neutron still has for it, and _local_delete_cleanup's allocation removal. */
function destroy(deps: ApiDeps, inst: InstanceRow, ports: boolean): void {
  const now = nowIso();
  deps.db.transaction(() => {
    deps.db.prepare('DELETE FROM queued_deletes WHERE instance_uuid = ?').run(inst.uuid);
    updateInstance(deps.db, inst.uuid, { vm_state: 'deleted', task_state: null, power_state: 0, deleted_at: now, terminated_at: now });
    if (ports) {
      deps.db.prepare('DELETE FROM port_security_groups WHERE port_id IN (SELECT id FROM ports WHERE device_id = ?)').run(inst.uuid);
      deps.db.prepare('DELETE FROM ports WHERE device_id = ?').run(inst.uuid);
    }
  })();
  // delete_allocation_for_instance(force=True); best effort as the API cannot wait for placement.
  void authedJson(deps.serviceAuth, 'DELETE', placementUrl(deps.cfg, `/allocations/${inst.uuid}`), undefined, { timeoutMs: 5000 }).catch(() => undefined);
}

export type DeleteType = 'delete' | 'soft_delete' | 'force_delete';

/** compute.api.API._delete for one delete type (the lock and state checks done by the caller). */
export async function deleteInstance(deps: ApiDeps, req: ApiRequest, inst: InstanceRow, type: DeleteType): Promise<void> {
  const log = deps.logs.nova.child('nova.compute.api');
  const soft = type === 'soft_delete';
  if (!inst.host && !mayHavePortsOrVolumes(inst)) {
    // _delete_while_booting: the build request (task_state scheduling) or the cell's instance is destroyed.
    destroy(deps, inst, false);
    return;
  }
  const svc = inst.host ? computeService(deps.db, inst.host) : undefined;
  if (inst.host && svc && isServiceUp(deps.cfg, svc)) {
    const task = soft ? 'soft-deleting' : 'deleting';
    if (inst.task_state === 'deleting' || inst.task_state === 'soft-deleting') {
      updateInstance(deps.db, inst.uuid, { task_state: task, progress: 0 });
      log.info(req.ctx, inst.uuid, 'Instance is already in deleting state, ignoring this request');
      return;
    }
    updateInstance(deps.db, inst.uuid, { task_state: task, progress: 0 });
    if (soft) deps.db.prepare('INSERT OR REPLACE INTO queued_deletes (instance_uuid, deleted_at) VALUES (?, ?)').run(inst.uuid, nowIso());
    if (inst.vm_state === 'resized') {
      await confirmResizeOnDeleting(deps, req, inst);
      if (soft) updateInstance(deps.db, inst.uuid, { task_state: task });
    }
    recordAction(deps.db, req.ctx, inst.uuid, 'delete');
    if (soft) await deps.actions.cast(req.ctx, inst.host, 'soft_delete_instance', { uuid: inst.uuid });
    else await deps.compute.terminateInstance(req.ctx, inst.host, inst.uuid);
    return;
  }
  log.debug(req.ctx, inst.uuid, `Doing local delete in cell ${buriedInCell0(deps, inst) ? CELL0_IDENTITY : CELL1_IDENTITY}`, { func: '_delete', file: API_PY, line: 2636 });
  if (inst.vm_state === 'shelved_offloaded') log.info(req.ctx, inst.uuid, "instance is in SHELVED_OFFLOADED state, cleanup the instance's info from database.");
  else log.warning(req.ctx, inst.uuid, `instance's host ${inst.host ?? 'None'} is down, deleting from database`);
  await localCleanupBdmVolumes(deps, req, inst.uuid, deps.db.prepare('SELECT * FROM block_device_mapping WHERE instance_uuid = ? ORDER BY id').all(inst.uuid) as BdmRow[]);
  destroy(deps, inst, true);
  recordAction(deps.db, req.ctx, inst.uuid, 'delete');
}

/** check_instance_lock: a locked server is only deleted by an admin. */
export function checkLock(req: ApiRequest, inst: InstanceRow): void {
  if (inst.locked && !req.ctx.isAdmin) throw conflict(`Instance ${inst.uuid} is locked`);
}

export function deleteServer(deps: ApiDeps) {
  const log = deps.logs.nova.child('nova.compute.api');
  return async (req: ApiRequest): Promise<ApiReply> => {
    const inst = getInstance(deps, req, req.params.id);
    checkLock(req, inst);
    // soft_delete's must_have_launched: a server that never ran is deleted at once.
    if ((deps.cfg.reclaimInstanceInterval ?? 0) > 0 && inst.launched_at) {
      log.debug(req.ctx, inst.uuid, 'Going to try to soft delete instance', { func: 'soft_delete', file: API_PY, line: 2797 });
      await deleteInstance(deps, req, inst, 'soft_delete');
      return empty(204);
    }
    log.debug(req.ctx, inst.uuid, 'Going to try to terminate instance', { func: 'delete', file: API_PY, line: 2811 });
    await deleteInstance(deps, req, inst, 'delete');
    return empty(204);
  };
}
