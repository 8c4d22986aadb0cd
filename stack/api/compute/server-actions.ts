// POST /servers/{id}/action: one row per action key (actions/action-spec.ts); the groups of
// actions/ are spread into the table.

import type { ApiDeps } from '../api-deps.js';
import { badRequest, conflict, notFound, versionNotFound } from '../http/api-error.js';
import { isSupported } from './microversion.js';
import { empty, ok, type ApiReply } from '../http/reply.js';
import { isObject, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { getInstance, recordAction, updateInstance, type InstanceRow } from './instances.js';
import { logProcessStack } from './wsgi-log.js';
import { authorizeAction, SERVER_ACTION_POLICY } from './policy.js';
import { MIGRATION_ACTIONS } from './actions/migration-actions.js';

import { ACCEPTED, type ActionSpec, type Arg } from './actions/action-spec.js';
import { ADMIN_PASSWORD_ACTIONS } from './actions/admin-password.js';
import { CREATE_IMAGE_ACTIONS } from './actions/create-image.js';
import { CREATE_BACKUP_ACTIONS } from './actions/create-backup.js';
import { SHELVE_ACTIONS } from './actions/shelve.js';
import { REBUILD_ACTIONS } from './actions/rebuild.js';
import { PAUSE_SUSPEND_ACTIONS } from './actions/pause-suspend.js';
import { RESCUE_ACTIONS } from './actions/rescue.js';
import { DEFERRED_DELETE_ACTIONS } from './actions/deferred-delete.js';
import { SECURITY_GROUP_ACTIONS } from './actions/security-groups.js';
import { CRASH_DUMP_ACTIONS } from './actions/crash-dump.js';
import { LOCK_ACTIONS } from './actions/lock.js';

const HARD_REBOOT_TASKS = [null, 'rebooting', 'reboot_pending', 'reboot_started', 'rebooting_hard', 'reboot_pending_hard', 'reboot_started_hard', 'resuming', 'unpausing', 'pausing', 'suspending'];
const REBOOT_TYPES = ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft'];

/** Actions Nova dropped at a microversion (@wsgi.api_version max), with the method it names. */
const REMOVED_ACTIONS: Record<string, { from: string; calls: string }> = {
  addFloatingIp: { from: '2.44', calls: 'floating_ips.FloatingIPActionController._add_floating_ip' },
  removeFloatingIp: { from: '2.44', calls: 'floating_ips.FloatingIPActionController._remove_floating_ip' },
  addFixedIp: { from: '2.44', calls: 'multinic.MultinicController._add_fixed_ip' },
  removeFixedIp: { from: '2.44', calls: 'multinic.MultinicController._remove_fixed_ip' },
};

const ACTIONS: Record<string, ActionSpec> = {
  reboot: {
    calls: 'servers.ServersController._action_reboot', name: 'reboot', needsHost: true, record: 'reboot',
    vmStates: ['active', 'stopped', 'paused', 'suspended', 'error'], taskStates: HARD_REBOOT_TASKS,
    run: async (deps, req, inst, arg) => {
      const type = String(arg.type).toUpperCase() as 'SOFT' | 'HARD';
      await deps.compute.rebootInstance(req.ctx, inst.host, inst.uuid, type);
      return ACCEPTED;
    },
  },
  'os-stop': {
    calls: 'servers.ServersController._stop_server', name: 'stop', needsHost: true, record: 'stop', setTask: 'powering-off',
    vmStates: ['active', 'error'], taskStates: [null],
    run: async (deps, req, inst) => {
      deps.logs.nova.child('nova.compute.api').debug(req.ctx, inst.uuid, 'Going to try to stop instance', { func: 'force_stop', file: 'compute/api.py', line: 2693 });
      await deps.compute.stopInstance(req.ctx, inst.host, inst.uuid);
      return ACCEPTED;
    },
  },
  'os-start': {
    calls: 'servers.ServersController._start_server', name: 'start', needsHost: true, record: 'start', setTask: 'powering-on',
    vmStates: ['stopped'], taskStates: [null],
    run: async (deps, req, inst) => {
      deps.logs.nova.child('nova.compute.api').debug(req.ctx, inst.uuid, 'Going to try to start instance', { func: 'start', file: 'compute/api.py', line: 2730 });
      await deps.compute.startInstance(req.ctx, inst.host, inst.uuid);
      return ACCEPTED;
    },
  },
  ...MIGRATION_ACTIONS,
  ...LOCK_ACTIONS,
  ...PAUSE_SUSPEND_ACTIONS,
  ...RESCUE_ACTIONS,
  ...ADMIN_PASSWORD_ACTIONS,
  ...CREATE_IMAGE_ACTIONS,
  ...CREATE_BACKUP_ACTIONS,
  ...SHELVE_ACTIONS,
  ...REBUILD_ACTIONS,
  ...DEFERRED_DELETE_ACTIONS,
  ...SECURITY_GROUP_ACTIONS,
  ...CRASH_DUMP_ACTIONS,
};

function checkArgument(req: ApiRequest, key: string, spec: ActionSpec, arg: unknown): Arg {
  if (spec.parse) return spec.parse(arg, req);
  if (key === 'reboot') {
    const type = isObject(arg) ? arg.type : undefined;
    if (!REBOOT_TYPES.includes(String(type))) {
      throw badRequest(`Invalid input for field/attribute type. Value: ${String(type ?? 'None')}. '${String(type ?? 'None')}' is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']`);
    }
  }
  return isObject(arg) ? arg : {};
}

function checkState(spec: ActionSpec, inst: InstanceRow): void {
  if (spec.vmStates && !spec.vmStates.includes(inst.vm_state)) {
    throw conflict(`Cannot '${spec.name}' instance ${inst.uuid} while it is in vm_state ${inst.vm_state}`);
  }
  if (spec.taskStates && !spec.taskStates.includes(inst.task_state)) {
    throw conflict(`Cannot '${spec.name}' instance ${inst.uuid} while it is in task_state ${inst.task_state}`);
  }
}

function serverAction(deps: ApiDeps) {
  const wsgi = deps.logs.nova.child('nova.api.openstack.wsgi');
  return async (req: ApiRequest): Promise<ApiReply> => {
    const [key] = isObject(req.body) ? Object.keys(req.body) : [];
    const spec = key ? ACTIONS[key] : undefined;
    // 2.44 removed the nova-network era actions (the stack never served them): Nova's bare 404 from then on.
    if (key && REMOVED_ACTIONS[key] && isSupported(req, REMOVED_ACTIONS[key].from)) {
      logProcessStack(wsgi, req, 'action', REMOVED_ACTIONS[key].calls);
      throw versionNotFound();
    }
    if (!spec || !isObject(req.body)) throw badRequest(`There is no such action: ${key ?? ''}`);
    if (spec.minVersion && !isSupported(req, spec.minVersion)) throw notFound('The resource could not be found.');
    logProcessStack(wsgi, req, 'action', spec.calls);
    const arg = checkArgument(req, key, spec, req.body[key]);
    const inst = getInstance(deps, req, req.params.id);
    authorizeAction(req.ctx, spec.policyFor?.(arg) ?? spec.policy ?? SERVER_ACTION_POLICY[key], inst.project_id);
    if (inst.locked && !req.ctx.isAdmin && key !== 'lock' && key !== 'unlock' && !spec.lockExempt) throw conflict(`Instance ${inst.uuid} is locked`);
    checkState(spec, inst);
    if (spec.needsHost && !inst.host) throw conflict(`Instance ${inst.uuid} is not ready`);
    if (key === 'reboot') {
      const soft = String(arg.type).toUpperCase() === 'SOFT';
      if (soft) checkState({ ...spec, vmStates: ['active'], taskStates: [null] }, inst);
      updateInstance(deps.db, inst.uuid, { task_state: soft ? 'rebooting' : 'rebooting_hard' });
    }
    if (spec.setTask) updateInstance(deps.db, inst.uuid, { task_state: spec.setTask });
    if (spec.record) recordAction(deps.db, req.ctx, inst.uuid, spec.record);
    return spec.run(deps, req, inst as InstanceRow & { host: string }, arg);
  };
}

export function serverActionRoute(deps: ApiDeps): Route {
  return { method: 'POST', pattern: '/v2.1/servers/{id}/action', handler: serverAction(deps) };
}
