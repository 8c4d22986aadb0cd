// shelve, shelveOffload (admins) and unshelve. Shelve creates the "<name>-shelved" snapshot
// record in glance and casts shelve_instance with it; unshelve goes to the conductor, which
// schedules a shelved_offloaded server again.

import { recordAction, updateInstance } from '../instances.js';
import { ACCEPTED, admin, member, type ActionSpec } from './action-spec.js';
import { createSnapshotImage } from './create-image.js';

export const SHELVE_ACTIONS: Record<string, ActionSpec> = {
  shelve: {
    calls: 'shelve.ShelveController._shelve', name: 'shelve', needsHost: true,
    vmStates: ['active', 'stopped', 'paused', 'suspended'], taskStates: [null], policy: member('os_compute_api:os-shelve:shelve'),
    run: async (deps, req, inst) => {
      updateInstance(deps.db, inst.uuid, { task_state: 'shelving' });
      recordAction(deps.db, req.ctx, inst.uuid, 'shelve');
      const imageId = await createSnapshotImage(deps, req, inst, `${inst.name}-shelved`, {});
      await deps.actions.cast(req.ctx, inst.host, 'shelve_instance', { uuid: inst.uuid, image_id: imageId, clean_shutdown: true });
      return ACCEPTED;
    },
  },
  shelveOffload: {
    calls: 'shelve.ShelveController._shelve_offload', name: 'shelveOffload', needsHost: true, record: 'shelveOffload', setTask: 'shelving_offloading',
    vmStates: ['shelved'], taskStates: [null], policy: admin('os_compute_api:os-shelve:shelve_offload'),
    run: async (deps, req, inst) => {
      await deps.actions.cast(req.ctx, inst.host, 'shelve_offload_instance', { uuid: inst.uuid, clean_shutdown: true });
      return ACCEPTED;
    },
  },
  unshelve: {
    calls: 'shelve.ShelveController._unshelve', name: 'unshelve', record: 'unshelve', setTask: 'unshelving',
    vmStates: ['shelved', 'shelved_offloaded'], taskStates: [null], policy: member('os_compute_api:os-shelve:unshelve'),
    run: async (deps, req, inst) => {
      await deps.actions.conductor.unshelveInstance(req.ctx, inst.uuid);
      return ACCEPTED;
    },
  },
};
