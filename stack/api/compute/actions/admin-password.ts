// changePassword (a call to the guest's host: its failure is the API's 409), os-resetState
// (admins only, no state check, recorded and finished at once) and os-getConsoleOutput (the
// `length` passed to the host as given: compute's _tail_log gives it Nova's meaning).

import { nowIso } from '../../../db/open-db.js';
import { conflict } from '../../http/api-error.js';
import { ok } from '../../http/reply.js';
import { ExpectedError } from '../../../rpc/messaging-errors.js';
import { recordAction, updateInstance } from '../instances.js';
import { ACCEPTED, admin, invalid, member, objectValue, passwordField, pyRepr, type ActionSpec } from './action-spec.js';

const RESET_STATES = ['active', 'error'] as const;

export const ADMIN_PASSWORD_ACTIONS: Record<string, ActionSpec> = {
  changePassword: {
    calls: 'admin_password.AdminPasswordController.change_password', name: 'changePassword', needsHost: true, record: 'changePassword',
    setTask: 'updating_password', vmStates: ['active'], taskStates: [null], policy: member('os_compute_api:os-admin-password'),
    parse: (value) => {
      const arg = objectValue('changePassword', value, ['adminPass']);
      passwordField('changePassword', arg, 'adminPass', true);
      return arg;
    },
    run: async (deps, req, inst, arg) => {
      try {
        await deps.actions.call(req.ctx, inst.host, 'set_admin_password', { uuid: inst.uuid, new_pass: arg.adminPass });
      } catch (e) {
        if (e instanceof ExpectedError && e.excClass === 'InstancePasswordSetFailed') throw conflict(e.message);
        throw e;
      }
      return ACCEPTED;
    },
  },
  'os-resetState': {
    calls: 'admin_actions.AdminActionsController._reset_state', name: 'os-resetState', policy: admin('os_compute_api:os-admin-actions:reset_state'),
    parse: (value) => {
      const arg = objectValue('os-resetState', value, ['state']);
      if (arg.state === undefined) throw invalid('os-resetState', arg, "'state' is a required property");
      if (!RESET_STATES.includes(arg.state as never)) throw invalid('state', arg.state, `${pyRepr(arg.state)} is not one of ['active', 'error']`);
      return arg;
    },
    run: async (deps, req, inst, arg) => {
      recordAction(deps.db, req.ctx, inst.uuid, 'resetState');
      updateInstance(deps.db, inst.uuid, { vm_state: arg.state as 'active' | 'error', task_state: null });
      deps.db.prepare('UPDATE instance_actions SET finish_time = ? WHERE instance_uuid = ? AND request_id = ?').run(nowIso(), inst.uuid, req.ctx.requestId);
      return ACCEPTED;
    },
  },
  'os-getConsoleOutput': {
    calls: 'console_output.ConsoleOutputController.get_console_output', name: 'get_console_output', needsHost: true,
    parse: (value) => {
      const arg = objectValue('os-getConsoleOutput', value, ['length']);
      const v = arg.length;
      if (v === undefined || v === null) return arg;
      if (typeof v === 'string' && !/^-?[0-9]+$/.test(v)) throw invalid('length', v, `'${v}' does not match '^-?[0-9]+$'`);
      if (typeof v === 'number' && !Number.isInteger(v)) throw invalid('length', v, `${v} is not of type 'integer', 'string', 'null'`);
      if (typeof v === 'number' && v < -1) throw invalid('length', v, `${v} is less than the minimum of -1`);
      if (typeof v !== 'number' && typeof v !== 'string') throw invalid('length', v, `${pyRepr(v)} is not of type 'integer', 'string', 'null'`);
      return arg;
    },
    run: async (deps, req, inst, arg) => {
      const output = await deps.actions.call<string>(req.ctx, inst.host, 'get_console_output', { uuid: inst.uuid, length: arg.length ?? null });
      // Nova drops the control characters XML could not carry.
      return ok({ output: output.replace(/[\x00-\x08\x0B-\x1F]/g, '') });
    },
  },
};
