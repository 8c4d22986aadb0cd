// The server actions that move a server between hosts (POST /servers/{id}/action): resize,
// confirmResize, revertResize, migrate, os-migrateLive and evacuate, as nova/compute/api.py and
// the controllers check and start them — the flavor and quota checks, the source host's service,
// the task state set and the instance action recorded before the conductor (or a compute host)
// takes over — with Nova's 400/409 answers.

import { randomBytes } from 'node:crypto';
import type { Flavor, RequestSpec } from '../../../common/objects.js';
import { MigrationDb } from '../../../conductor/migration-db.js';
import { ExpectedError, MessagingTimeout } from '../../../rpc/messaging-errors.js';
import type { ApiDeps } from '../../api-deps.js';
import { ApiError, badRequest, conflict, forbidden, notFound } from '../../http/api-error.js';
import { empty, ok, type ApiReply } from '../../http/reply.js';
import type { ApiRequest } from '../../http/request.js';
import { flavorObject, lookupFlavor, type FlavorRow } from '../flavors.js';
import { recordAction, updateInstance, type InstanceRow } from '../instances.js';
import { quotaLimits, quotaUsage } from '../quotas.js';
import { computeService, isServiceUp } from '../service-state.js';
import { objectValue, type ActionSpec } from './action-spec.js';
import { migrateArg } from './migrate-arg.js';
import { isSupported } from '../microversion.js';

const ACCEPTED: ApiReply = { status: 202 };
const ADMIN = 'admin' as const;
const MEMBER = 'project_member_or_admin' as const;
const api = (deps: ApiDeps) => deps.logs.nova.child('nova.compute.api');

function flavorRowById(deps: ApiDeps, id: string): FlavorRow | null {
  return (deps.db.prepare('SELECT * FROM flavors WHERE id = ?').get(id) as FlavorRow | undefined) ?? null;
}

/** The instance's request spec (stored at boot), with the flavor it has now. */
function requestSpecOf(deps: ApiDeps, inst: InstanceRow): RequestSpec {
  const spec = JSON.parse(inst.request_spec) as RequestSpec;
  const current = flavorRowById(deps, inst.flavor_id);
  if (current) spec.flavor = flavorObject(current);
  spec.scheduler_hints = { ...spec.scheduler_hints };
  delete spec.scheduler_hints.force_host;
  return spec;
}

/** check_instance_host(check_is_up=True). */
function checkHostUp(deps: ApiDeps, inst: InstanceRow): void {
  if (!inst.host) throw conflict(`Instance ${inst.uuid} is not ready`);
  const svc = computeService(deps.db, inst.host);
  if (!svc || !isServiceUp(deps.cfg, svc)) throw conflict('Service is unavailable at this time.');
}

/** _check_quota_for_upsize: the cores and RAM a bigger flavor adds must fit the project's quota. */
function checkQuotaForUpsize(deps: ApiDeps, req: ApiRequest, inst: InstanceRow, from: Flavor, to: FlavorRow): void {
  const deltas = { cores: to.vcpus - from.vcpus, ram: to.memory_mb - from.memory_mb };
  const limits = quotaLimits(deps, inst.project_id);
  const used = quotaUsage(deps, inst.project_id, null);
  const overs = (Object.keys(deltas) as (keyof typeof deltas)[]).filter((r) => deltas[r] > 0 && limits[r] >= 0 && used[r] + deltas[r] > limits[r]).sort();
  if (!overs.length) return;
  const r = overs[0];
  throw forbidden(`Quota exceeded for ${overs.join(',')}: Requested ${deltas[r]}, but already used ${used[r]} of ${limits[r]} ${overs.join(',')}`);
}

/** _validate_host_for_cold_migrate: not the server's own host, and a host with a compute node. */
function coldMigrateDestination(deps: ApiDeps, inst: InstanceRow, host: string): { host: string; node: string } {
  if (host === inst.host) throw badRequest('Cannot migrate to the host where the server exists.');
  const node = deps.db.prepare('SELECT host, hypervisor_hostname FROM compute_nodes WHERE host = ? ORDER BY id LIMIT 1').get(host) as { host: string; hypervisor_hostname: string } | undefined;
  if (!node) throw badRequest(`Compute host ${host} could not be found.`);
  return { host: node.host, node: node.hypervisor_hostname };
}

/** compute API resize(): resize when a flavor is given, cold migration when not (to `hostName` from 2.56, which the scheduler checks). */
async function resizeOrMigrate(deps: ApiDeps, req: ApiRequest, inst: InstanceRow, flavorId: string | null, hostName: string | null = null): Promise<void> {
  checkHostUp(deps, inst);
  const destination = hostName ? coldMigrateDestination(deps, inst, hostName) : null;
  const spec = requestSpecOf(deps, inst);
  spec.requested_destination = destination;
  const current = spec.flavor;
  let next: Flavor = current;
  if (!flavorId) {
    api(deps).debug(req.ctx, inst.uuid, 'flavor_id is None. Assuming migration.', { func: 'resize', file: 'compute/api.py', line: 4337 });
  } else {
    const row = lookupFlavor(deps, req, flavorId);
    if (!row || row.disabled) throw badRequest(`Flavor ${flavorId} could not be found.`);
    if (row.root_gb === 0 && current.root_gb !== 0) throw badRequest('Unable to resize disk down.');
    next = flavorObject(row);
    if (next.id === current.id) throw badRequest('When resizing, instances must change flavor!');
    checkQuotaForUpsize(deps, req, inst, current, row);
  }
  api(deps).debug(req.ctx, inst.uuid, `Old instance type ${current.name}, new instance type ${next.name}`, { func: 'resize', file: 'compute/api.py', line: 4363 });
  const sameFlavor = next.id === current.id;
  // _allow_resize_to_same_host: a cold migration never stays (the libvirt driver reports no
  // COMPUTE_SAME_HOST_COLD_MIGRATE), a resize only with [DEFAULT]allow_resize_to_same_host.
  spec.ignore_hosts = !sameFlavor && deps.cfg.allowResizeToSameHost ? [] : [inst.host!];
  updateInstance(deps.db, inst.uuid, { task_state: 'resize_prep', progress: 0 });
  recordAction(deps.db, req.ctx, inst.uuid, flavorId ? 'resize' : 'migrate');
  await deps.moveConductor.migrateServer(req.ctx, inst.uuid, next, spec);
}

/** A finished resize or migration of the server, for confirm and revert ("Instance has not been resized." when none). */
function finishedMigration(deps: ApiDeps, inst: InstanceRow) {
  const mig = new MigrationDb(deps.db).byInstanceAndStatus(inst.uuid, 'finished');
  if (!mig) throw badRequest('Instance has not been resized.');
  return mig;
}

const generatedPassword = () => [...randomBytes(12)].map((b) => 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'[b % 56]).join('');

function boolArg(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  const s = String(value).toLowerCase();
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(s)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n'].includes(s)) return false;
  throw badRequest(`Invalid input for field/attribute ${field}. Value: ${String(value)}. '${String(value)}' is not one of [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no']`);
}

/** The `force` of evacuate (2.29) and os-migrateLive (2.30): false when absent (always from 2.68, where the schema refuses it); true needs a host. */
function forceParam(arg: Record<string, unknown>, action: string, host: string | null): boolean {
  const force = 'force' in arg ? boolArg(arg.force, 'force') : false;
  if (force && !host) throw badRequest("Can't force to a non-provided destination");
  return force;
}

function requireKeys(arg: Record<string, unknown>, action: string, keys: string[]): void {
  for (const k of keys) if (!(k in arg)) throw badRequest(`Invalid input for field/attribute ${action}. Value: ${JSON.stringify(arg)}. '${k}' is a required property`);
}

/** The conductor's answer to a live migration, as the controller maps it (400 for the pre-checks' refusals). */
function liveMigrationError(e: unknown): ApiError {
  if (e instanceof ExpectedError) {
    if (e.excClass === 'InstanceInvalidState') {
      const m = /in (\w+) (\w+)\./.exec(e.message);
      return conflict(m ? `Cannot 'os-migrateLive' instance ${/Instance (\S+)/.exec(e.message)?.[1]} while it is in ${m[1]} ${m[2]}` : e.message);
    }
    return badRequest(e.message);
  }
  if (e instanceof MessagingTimeout) return new ApiError(500, 'Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.\n<class \'oslo_messaging.exceptions.MessagingTimeout\'>');
  throw e;
}

/** _confirm_resize_on_deleting: a resized server being deleted is confirmed first (a call), so its source allocation goes too. */
export async function confirmResizeOnDeleting(deps: ApiDeps, req: ApiRequest, inst: InstanceRow): Promise<void> {
  const migs = new MigrationDb(deps.db);
  const mig = migs.byInstanceAndStatus(inst.uuid, 'finished') ?? migs.byInstanceAndStatus(inst.uuid, 'confirming');
  if (!mig) {
    api(deps).info(req.ctx, inst.uuid, 'Instance may have been confirmed during delete');
    return;
  }
  api(deps).info(req.ctx, inst.uuid, `Found an unconfirmed migration during delete, id: ${mig.id}, status: ${mig.status}`);
  recordAction(deps.db, req.ctx, inst.uuid, 'confirmResize');
  await deps.moveCompute.confirmResize(req.ctx, mig.source_compute!, inst.uuid, mig, true);
}

export const MIGRATION_ACTIONS: Record<string, ActionSpec> = {
  resize: {
    calls: 'servers.ServersController._action_resize', name: 'resize', vmStates: ['active', 'stopped'], taskStates: [null],
    policy: { action: 'os_compute_api:servers:resize', rule: MEMBER },
    run: async (deps, req, inst, arg) => {
      requireKeys(arg, 'resize', ['flavorRef']);
      const ref = arg.flavorRef;
      if (ref === null || (typeof ref !== 'string' && typeof ref !== 'number')) throw badRequest(`Invalid input for field/attribute flavorRef. Value: ${String(ref)}. ${ref === null ? 'None' : JSON.stringify(ref)} is not of type 'string', 'integer'`);
      if (String(ref).length === 0) throw badRequest("Invalid input for field/attribute flavorRef. Value: . '' is too short");
      await resizeOrMigrate(deps, req, inst, String(ref));
      return ACCEPTED;
    },
  },
  migrate: {
    calls: 'migrate_server.MigrateServerController._migrate', name: 'migrate', vmStates: ['active', 'stopped'], taskStates: [null],
    policy: { action: 'os_compute_api:os-migrate-server:migrate', rule: ADMIN },
    policyFor: (arg) => (arg.host ? { action: 'os_compute_api:os-migrate-server:migrate:host', rule: ADMIN } : undefined),
    parse: (value, req) => migrateArg(value, req),
    run: async (deps, req, inst, arg) => { await resizeOrMigrate(deps, req, inst, null, (arg.host as string | null | undefined) ?? null); return ACCEPTED; },
  },
  confirmResize: {
    calls: 'servers.ServersController._action_confirm_resize', name: 'confirmResize', vmStates: ['resized'],
    policy: { action: 'os_compute_api:servers:confirm_resize', rule: MEMBER },
    run: async (deps, req, inst) => {
      const mig = finishedMigration(deps, inst);
      const svc = computeService(deps.db, mig.source_compute ?? '');
      if (!svc || !isServiceUp(deps.cfg, svc)) throw conflict('Service is unavailable at this time.');
      const confirming = new MigrationDb(deps.db).update(mig.id, { status: 'confirming' });
      recordAction(deps.db, req.ctx, inst.uuid, 'confirmResize');
      await deps.moveCompute.confirmResize(req.ctx, mig.source_compute!, inst.uuid, confirming);
      return empty(204);
    },
  },
  revertResize: {
    calls: 'servers.ServersController._action_revert_resize', name: 'revertResize', vmStates: ['resized'],
    policy: { action: 'os_compute_api:servers:revert_resize', rule: MEMBER },
    run: async (deps, req, inst) => {
      const mig = finishedMigration(deps, inst);
      if (inst.task_state !== null) throw conflict(`Cannot 'revertResize' instance ${inst.uuid} while it is in task_state ${inst.task_state}`);
      updateInstance(deps.db, inst.uuid, { task_state: 'resize_reverting' });
      const reverting = new MigrationDb(deps.db).update(mig.id, { status: 'reverting' });
      recordAction(deps.db, req.ctx, inst.uuid, 'revertResize');
      await deps.moveCompute.revertResize(req.ctx, mig.dest_compute!, inst.uuid, reverting);
      return ACCEPTED;
    },
  },
  'os-migrateLive': {
    calls: 'migrate_server.MigrateServerController._migrate_live', name: 'os-migrateLive', vmStates: ['active', 'paused'], taskStates: [null],
    policy: { action: 'os_compute_api:os-migrate-server:migrate_live', rule: ADMIN },
    run: async (deps, req, inst, arg) => {
      // 2.25: no disk_over_commit; block_migration may be 'auto' (None: the hosts decide).
      // 2.30: `force`; without it a given host goes through the scheduler's filters. 2.68: no `force`.
      const v225 = isSupported(req, '2.25');
      const v230 = isSupported(req, '2.30');
      const forceTaken = v230 && !isSupported(req, '2.68');
      if (v225) objectValue('os-migrateLive', arg, forceTaken ? ['block_migration', 'host', 'force'] : ['block_migration', 'host']);
      requireKeys(arg, 'os-migrateLive', v225 ? ['block_migration', 'host'] : ['block_migration', 'disk_over_commit', 'host']);
      const host = arg.host === null || arg.host === undefined || arg.host === '' ? null : String(arg.host);
      const force = v230 ? forceParam(arg, 'os-migrateLive', host) : null;
      const block = v225 && arg.block_migration === 'auto' ? null : boolArg(arg.block_migration, 'block_migration');
      if (!v225) boolArg(arg.disk_over_commit, 'disk_over_commit');
      api(deps).debug(req.ctx, inst.uuid, `Going to try to live migrate instance to ${host ?? 'another host'}`, { func: 'live_migrate', file: 'compute/api.py', line: 5579 });
      const node = host ? deps.db.prepare('SELECT host, hypervisor_hostname FROM compute_nodes WHERE host = ? ORDER BY id').get(host) as { host: string; hypervisor_hostname: string } | undefined : undefined;
      if (host && !node) throw badRequest(`Compute host ${host} could not be found.`);
      const spec = requestSpecOf(deps, inst);
      updateInstance(deps.db, inst.uuid, { task_state: 'migrating' });
      recordAction(deps.db, req.ctx, inst.uuid, 'live-migration');
      // force False with a host: the scheduler is asked for that host only (requested_destination).
      const scheduled = force === false && node !== undefined;
      if (scheduled) spec.requested_destination = { host: node.host, node: node.hypervisor_hostname };
      try {
        // 2.34: the pre-checks run after the answer; their failures show in the instance action.
        await deps.moveConductor.liveMigrateInstance(req.ctx, inst.uuid, scheduled ? null : host, block, spec, isSupported(req, '2.34'));
      } catch (e) {
        throw liveMigrationError(e);
      }
      return ACCEPTED;
    },
  },
  evacuate: {
    calls: 'evacuate.EvacuateController._evacuate', name: 'evacuate', vmStates: ['active', 'stopped', 'error'], taskStates: [null],
    policy: { action: 'os_compute_api:os-evacuate', rule: ADMIN }, lockExempt: true,
    run: async (deps, req, inst, arg) => {
      // 2.14 drops onSharedStorage (compute asks its driver) and the adminPass of the answer.
      // 2.29: `force`; without it a given host goes through the scheduler's filters. 2.68: no `force`.
      const v214 = isSupported(req, '2.14');
      const v229 = isSupported(req, '2.29');
      const forceTaken = v229 && !isSupported(req, '2.68');
      if (v214) objectValue('evacuate', arg, forceTaken ? ['host', 'adminPass', 'force'] : ['host', 'adminPass']);
      else requireKeys(arg, 'evacuate', ['onSharedStorage']);
      const host = typeof arg.host === 'string' ? arg.host : null;
      const force = v229 ? forceParam(arg, 'evacuate', host) : null;
      const shared = v214 ? null : boolArg(arg.onSharedStorage, 'onSharedStorage');
      if (shared && typeof arg.adminPass === 'string') throw badRequest("admin password can't be changed on existing disk");
      const password = typeof arg.adminPass === 'string' ? arg.adminPass : generatedPassword();
      if (host !== null && !computeService(deps.db, host)) throw notFound(`Compute host ${host} not found.`);
      if (inst.host === host) throw badRequest("The target host can't be the same one.");
      api(deps).debug(req.ctx, inst.uuid, 'vm evacuation scheduled', { func: 'evacuate', file: 'compute/api.py', line: 5728 });
      const svc = computeService(deps.db, inst.host ?? '');
      if (svc && isServiceUp(deps.cfg, svc)) {
        api(deps).error(req.ctx, null, `Instance compute service state on ${inst.host} expected to be down, but it was up.`);
        throw badRequest(`Compute service of ${inst.host} is still in use.`);
      }
      const spec = requestSpecOf(deps, inst);
      updateInstance(deps.db, inst.uuid, { task_state: 'rebuilding' });
      recordAction(deps.db, req.ctx, inst.uuid, 'evacuate');
      const mig = new MigrationDb(deps.db).create({
        instance_uuid: inst.uuid, status: 'accepted', migration_type: 'evacuation', source_compute: inst.host, source_node: inst.node,
        dest_compute: host, old_instance_type_id: inst.flavor_id, new_instance_type_id: inst.flavor_id, user_id: req.ctx.userId, project_id: req.ctx.projectId,
      });
      const node = host !== null && force === false
        ? deps.db.prepare('SELECT host, hypervisor_hostname FROM compute_nodes WHERE host = ? ORDER BY id').get(host) as { host: string; hypervisor_hostname: string } | undefined : undefined;
      if (node) spec.requested_destination = { host: node.host, node: node.hypervisor_hostname };
      await deps.moveConductor.evacuate(req.ctx, inst.uuid, node ? null : host, mig.id, shared, spec);
      return v214 ? empty(200) : ok({ adminPass: password });
    },
  },
};
