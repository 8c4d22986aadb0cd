// shelve, shelveOffload (admins) and unshelve. Shelve creates the "<name>-shelved" snapshot
// record in glance and casts shelve_instance with it; unshelve goes to the conductor, which
// schedules a shelved_offloaded server again — from 2.77 into the availability zone the request
// names (the request spec's zone is changed; only a shelved_offloaded server may change zone).

import type { RequestSpec } from '../../../common/objects.js';
import { badRequest, conflict } from '../../http/api-error.js';
import { bootableZones } from '../availability-zones.js';
import { recordAction, updateInstance } from '../instances.js';
import { isSupported } from '../microversion.js';
import { checkServerName } from '../server-validation.js';
import { ACCEPTED, admin, invalid, member, objectValue, type ActionSpec } from './action-spec.js';
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
    parse: (value, req) => parseUnshelve(value, isSupported(req, '2.77')),
    run: async (deps, req, inst, arg) => {
      const newAz = arg.availability_zone as string | undefined;
      const spec = JSON.parse(inst.request_spec) as RequestSpec;
      if (newAz !== undefined) {
        // The server must have left its host: only scheduling again can move it to another zone.
        if (inst.vm_state !== 'shelved_offloaded') {
          throw conflict(`Specifying an availability zone or a host when unshelving server "${inst.uuid}" with status "${inst.vm_state}" is not supported. The server status must be SHELVED_OFFLOADED.`);
        }
        if (!bootableZones(deps.db).has(newAz)) throw badRequest('The requested availability zone is not available');
      }
      deps.logs.nova.child('nova.compute.api').debug(req.ctx, inst.uuid,
        `Unshelving instance with old availability_zone "${spec.availability_zone ?? 'None'}" to new availability_zone "${newAz ?? 'not provided'}" and host "None".`,
        { func: 'unshelve', file: 'compute/api.py', line: 4783 });
      // The request spec's zone is what the scheduler puts the server in (it stays changed if scheduling fails).
      if (newAz !== undefined) deps.db.prepare('UPDATE instances SET request_spec = ? WHERE uuid = ?').run(JSON.stringify({ ...spec, availability_zone: newAz }), inst.uuid);
      updateInstance(deps.db, inst.uuid, { task_state: 'unshelving' });
      recordAction(deps.db, req.ctx, inst.uuid, 'unshelve');
      await deps.actions.conductor.unshelveInstance(req.ctx, inst.uuid);
      return ACCEPTED;
    },
  },
};

/**
 * unshelve_v277: null, or an object with only availability_zone (required: `{}` is refused), a
 * parameter_types.name; below 2.77 the value is not read.
 */
function parseUnshelve(value: unknown, v277: boolean): Record<string, unknown> {
  if (!v277 || value === null) return {};
  const arg = objectValue('unshelve', value, ['availability_zone'], true);
  if (!('availability_zone' in arg)) throw invalid('unshelve', arg, "'availability_zone' is a required property");
  checkServerName(arg.availability_zone, 'availability_zone');
  return arg;
}
