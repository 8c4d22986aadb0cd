// restore and forceDelete (nova.api.openstack.compute.deferred_delete): restore brings a
// SOFT_DELETED server back (restore_instance cast to its host, task_state restoring; a server
// without a host is ACTIVE at once), forceDelete deletes a server in any vm_state without a task,
// soft-deleted or not, whatever reclaim_instance_interval says.

import { deleteInstance } from '../server-delete.js';
import { recordAction, updateInstance } from '../instances.js';
import type { FlavorRow } from '../flavors.js';
import { checkInstanceQuota } from '../quota-check.js';
import { ACCEPTED, member, type ActionSpec } from './action-spec.js';

export const DEFERRED_DELETE_ACTIONS: Record<string, ActionSpec> = {
  restore: {
    calls: 'deferred_delete.DeferredDeleteController._restore', name: 'restore',
    vmStates: ['soft-delete'], taskStates: [null], policy: member('os_compute_api:os-deferred-delete:restore'),
    run: async (deps, req, inst) => {
      // The server counts against its project's quota again (a soft-deleted one does not).
      const flavor = deps.db.prepare('SELECT * FROM flavors WHERE id = ?').get(inst.flavor_id) as FlavorRow;
      checkInstanceQuota(deps, { ...req.ctx, projectId: inst.project_id, userId: inst.user_id }, flavor, 1, 1);
      recordAction(deps.db, req.ctx, inst.uuid, 'restore');
      deps.db.prepare('DELETE FROM queued_deletes WHERE instance_uuid = ?').run(inst.uuid);
      if (!inst.host) {
        updateInstance(deps.db, inst.uuid, { vm_state: 'active', task_state: null });
        return ACCEPTED;
      }
      updateInstance(deps.db, inst.uuid, { task_state: 'restoring' });
      await deps.actions.cast(req.ctx, inst.host, 'restore_instance', { uuid: inst.uuid });
      return ACCEPTED;
    },
  },
  forceDelete: {
    calls: 'deferred_delete.DeferredDeleteController._force_delete', name: 'forceDelete',
    taskStates: [null], policy: member('os_compute_api:os-deferred-delete:force'),
    run: async (deps, req, inst) => {
      await deleteInstance(deps, req, inst, 'force_delete');
      return ACCEPTED;
    },
  },
};
