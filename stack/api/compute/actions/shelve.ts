// shelve, shelveOffload (admins) and unshelve. Shelve creates the "<name>-shelved" snapshot
// record in glance and casts shelve_instance with it; unshelve goes to the conductor, which
// schedules a shelved_offloaded server again — from 2.77 into the availability zone the request
// names (the request spec's zone is changed; only a shelved_offloaded server may change zone),
// from 2.91 also unpinned from its zone (null) and/or onto a host an admin names.

import type { RequestSpec } from '../../../common/objects.js';
import { recordAction, updateInstance } from '../instances.js';
import { ACCEPTED, admin, member, type ActionSpec } from './action-spec.js';
import { parseUnshelve, unshelveTarget } from './unshelve-target.js';
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
    calls: 'shelve.ShelveController._unshelve', name: 'unshelve',
    vmStates: ['shelved', 'shelved_offloaded'], taskStates: [null], policy: member('os_compute_api:os-shelve:unshelve'),
    parse: (value, req) => parseUnshelve(value, req),
    run: async (deps, req, inst, arg) => {
      const spec = JSON.parse(inst.request_spec) as RequestSpec;
      const t = unshelveTarget(deps, req, inst, spec, arg);
      const log = deps.logs.nova.child('nova.compute.api');
      if (t.azPassed && t.newAz === null) {
        log.debug(req.ctx, inst.uuid, `Unpin instance from AZ "${spec.availability_zone ?? 'None'}".`, { func: 'unshelve', file: 'compute/api.py', line: 4777 });
      }
      log.debug(req.ctx, inst.uuid,
        `Unshelving instance with old availability_zone "${spec.availability_zone ?? 'None'}" to new availability_zone "${t.azPassed ? t.newAz ?? 'None' : 'not provided'}" and host "${t.host ?? 'None'}".`,
        { func: 'unshelve', file: 'compute/api.py', line: 4783 });
      // The request spec's zone is what the scheduler puts the server in (it stays changed if scheduling fails).
      if (t.azPassed) deps.db.prepare('UPDATE instances SET request_spec = ? WHERE uuid = ?').run(JSON.stringify({ ...spec, availability_zone: t.expectedAz }), inst.uuid);
      updateInstance(deps.db, inst.uuid, { task_state: 'unshelving' });
      recordAction(deps.db, req.ctx, inst.uuid, 'unshelve');
      await deps.actions.conductor.unshelveInstance(req.ctx, inst.uuid, t.host);
      return ACCEPTED;
    },
  },
};
