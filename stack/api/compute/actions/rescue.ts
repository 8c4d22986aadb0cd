// rescue/unrescue: the rescue password (given or generated, returned as adminPass since
// [api]enable_instance_password is on) and an optional rescue image that must exist in glance;
// a volume-backed server only from 2.87, with a stable-rescue image on a capable host.

import { randomInt } from 'node:crypto';
import { badRequest } from '../../http/api-error.js';
import { ok } from '../../http/reply.js';
import { recordAction, updateInstance } from '../instances.js';
import { isSupported } from '../microversion.js';
import { checkVolumeBackedRescue } from '../rescue-bfv.js';
import { ACCEPTED, invalid, member, objectValue, passwordField, pyRepr, type ActionSpec } from './action-spec.js';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
/** nova.utils.DEFAULT_PASSWORD_SYMBOLS, without the ambiguous characters. */
const SYMBOL_GROUPS = ['23456789', 'ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz'];
const PASSWORD_LENGTH = 12;

/** nova.utils.generate_password: one symbol of each group, the rest from all, shuffled. */
export function generatePassword(length = PASSWORD_LENGTH): string {
  const all = SYMBOL_GROUPS.join('');
  const chars = [...SYMBOL_GROUPS.map((g) => g[randomInt(g.length)]), ...Array.from({ length: length - SYMBOL_GROUPS.length }, () => all[randomInt(all.length)])];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

export const RESCUE_ACTIONS: Record<string, ActionSpec> = {
  rescue: {
    // The rescue image is checked before the task state is set and the action recorded.
    calls: 'rescue.RescueController._rescue', name: 'rescue', needsHost: true,
    vmStates: ['active', 'stopped', 'error'], taskStates: [null], policy: member('os_compute_api:os-rescue'),
    parse: (value) => {
      const arg = objectValue('rescue', value, ['adminPass', 'rescue_image_ref'], true);
      passwordField('rescue', arg, 'adminPass', false);
      const ref = arg.rescue_image_ref;
      if (ref !== undefined && (typeof ref !== 'string' || !UUID.test(ref))) throw invalid('rescue_image_ref', ref, `${pyRepr(ref)} is not a 'uuid'`);
      return arg;
    },
    run: async (deps, req, inst, arg) => {
      const ref = arg.rescue_image_ref as string | undefined;
      if (ref && !deps.db.prepare('SELECT 1 FROM images WHERE id = ?').get(ref)) {
        deps.logs.nova.child('nova.compute.api').warning(req.ctx, null, `Failed to fetch rescue image metadata using image_ref ${ref}`);
        throw badRequest(`Requested rescue image '${ref}' is not supported`);
      }
      await checkVolumeBackedRescue(deps, req.ctx, inst, ref ?? null, isSupported(req, '2.87'));
      const password = (arg.adminPass as string | undefined) ?? generatePassword();
      updateInstance(deps.db, inst.uuid, { task_state: 'rescuing' });
      recordAction(deps.db, req.ctx, inst.uuid, 'rescue');
      await deps.actions.guestStep(req.ctx, inst.host, 'rescue_instance', inst.uuid, { rescue_password: password, rescue_image_ref: ref ?? null });
      return ok({ adminPass: password });
    },
  },
  unrescue: {
    calls: 'rescue.RescueController._unrescue', name: 'unrescue', needsHost: true, record: 'unrescue', setTask: 'unrescuing',
    vmStates: ['rescued'], taskStates: [null], policy: member('os_compute_api:os-unrescue'),
    run: async (deps, req, inst) => {
      await deps.actions.guestStep(req.ctx, inst.host, 'unrescue_instance', inst.uuid);
      return ACCEPTED;
    },
  },
};
