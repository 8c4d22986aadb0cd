// os-services (admin only): the services table with state up/down from the last heartbeat,
// the zone of each service, the 2.1 enable/disable/disable-log-reason (and 2.11 force-down)
// operations, delete; from 2.53 services are known by uuid (service-update-v253.ts).

import { strictFrom275 } from './strict-query.js';
import type { ApiDeps } from '../api-deps.js';
import { badRequest, conflict, notFound } from '../http/api-error.js';
import { empty, ok, type ApiReply } from '../http/reply.js';
import { isObject, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { nowIso } from '../../db/open-db.js';
import { hostZones, zoneOfService } from './availability-zones.js';
import { novaTime } from './formats.js';
import { allServices, isServiceUp, type ServiceRow } from './service-state.js';
import { isSupported } from './microversion.js';
import { isUuidLike, updateServiceV253 } from './service-update-v253.js';

function serviceView(deps: ApiDeps, req: ApiRequest, zones: Map<string, string>, s: ServiceRow) {
  const out: Record<string, unknown> = {
    id: isSupported(req, '2.53') ? s.uuid : s.id, binary: s.binary, host: s.host, zone: zoneOfService(zones, s), status: s.disabled ? 'disabled' : 'enabled',
    state: isServiceUp(deps.cfg, s) ? 'up' : 'down', updated_at: novaTime(s.last_seen_up ?? s.updated_at), disabled_reason: s.disabled_reason,
  };
  if (isSupported(req, '2.11')) out.forced_down = s.forced_down === 1;
  return out;
}

function list(deps: ApiDeps, req: ApiRequest): ApiReply {
  const zones = hostZones(deps.db);
  const host = req.query.get('host');
  const binary = req.query.get('binary');
  const rows = allServices(deps.db).filter((s) => (host === null || s.host === host) && (binary === null || s.binary === binary));
  return ok({ services: rows.map((s) => serviceView(deps, req, zones, s)) });
}

const API_PY = 'compute/api.py';

/**
 * HostAPI._update_compute_provider_status: an up compute is called to sync its
 * COMPUTE_STATUS_DISABLED trait now; a down one does it when it starts again.
 */
async function syncProviderStatus(deps: ApiDeps, req: ApiRequest, svc: ServiceRow, enabled: boolean): Promise<void> {
  const log = deps.logs.nova.child('nova.compute.api');
  if (!isServiceUp(deps.cfg, svc)) {
    log.info(req.ctx, null, `Compute service on host ${svc.host} is down. The COMPUTE_STATUS_DISABLED trait will be synchronized when the service is restarted.`);
    return;
  }
  try {
    log.debug(req.ctx, null, `Calling the compute service on host ${svc.host} to sync the COMPUTE_STATUS_DISABLED trait.`, { func: '_update_compute_provider_status', file: API_PY, line: 6379 });
    await deps.compute.setHostEnabled(req.ctx, svc.host, enabled);
  } catch (e) {
    const err = e as Error;
    log.exception(req.ctx, null, `An error occurred while updating the COMPUTE_STATUS_DISABLED trait on compute node resource providers managed by host ${svc.host}. The trait will be synchronized automatically by the compute service when the update_available_resource periodic task runs.`,
      ['Traceback (most recent call last):', `  File "/usr/lib/python3/dist-packages/nova/${API_PY}", line 6381, in _update_compute_provider_status`,
        '    self.rpcapi.set_host_enabled(context, service.host, enabled)', `${err.name}: ${err.message}`]);
  }
}

const ACTIONS = ['enable', 'disable', 'disable-log-reason'];

/** oslo strutils.bool_from_string (not strict): anything but a true word is False. */
const boolFromString = (v: unknown) => v === true || (typeof v === 'string' && ['1', 't', 'true', 'on', 'y', 'yes'].includes(v.trim().toLowerCase())) || v === 1;

/** 2.11 to 2.52: PUT /os-services/force-down with {host, binary, forced_down}; nova-compute only. */
function forceDown(deps: ApiDeps, body: Record<string, unknown>, host: string, binary: string): ApiReply {
  if (body.forced_down === undefined) throw badRequest('Missing forced_down field');
  const forced = boolFromString(body.forced_down);
  if (binary !== 'nova-compute') throw badRequest(`Updating a ${binary} service is not supported. Only nova-compute services can be updated.`);
  const svc = allServices(deps.db).find((s) => s.host === host && s.binary === binary);
  if (!svc) throw notFound(`Could not find binary ${binary} on host ${host}.`);
  if (!forced) checkForEvacuations(deps, host);
  deps.db.prepare('UPDATE services SET forced_down = ?, updated_at = ? WHERE id = ?').run(forced ? 1 : 0, nowIso(), svc.id);
  return ok({ service: { host, binary, forced_down: forced } });
}

/** A host is not forced up while evacuations from it are still `done` (its compute has not cleaned up). */
function checkForEvacuations(deps: ApiDeps, host: string): void {
  const left = deps.db.prepare("SELECT 1 FROM migrations WHERE source_compute = ? AND status = 'done' AND migration_type = 'evacuation'").get(host);
  if (left) {
    throw badRequest(`Unable to force up host ${host} as \`done\` evacuation migration records remain associated with the host. Ensure the compute service has been restarted, allowing these records to move to \`completed\` before retrying this request.`);
  }
}

/** PUT /os-services/{enable|disable|disable-log-reason} with {host, binary[, disabled_reason]}. */
function update(deps: ApiDeps) {
  return async (req: ApiRequest): Promise<ApiReply> => {
    if (isSupported(req, '2.53')) {
      const svc = await updateServiceV253(deps, req, {
        checkForEvacuations: (host) => checkForEvacuations(deps, host),
        syncProviderStatus: (row, enabled) => syncProviderStatus(deps, req, row, enabled),
      });
      const view = serviceView(deps, req, hostZones(deps.db), svc);
      return ok({ service: { ...view, forced_down: svc.forced_down === 1 } });
    }
    const action = req.params.action;
    const actions = isSupported(req, '2.11') ? [...ACTIONS, 'force-down'] : ACTIONS;
    if (!actions.includes(action)) throw notFound('Unknown action');
    const body = isObject(req.body) ? req.body : {};
    const host = String(body.host ?? '');
    const binary = String(body.binary ?? '');
    if (!host || !binary) throw badRequest('Invalid input for field/attribute host. Value: None.');
    if (action === 'force-down') return forceDown(deps, body, host, binary);
    const svc = allServices(deps.db).find((s) => s.host === host && s.binary === binary);
    if (!svc) throw notFound(`Could not find binary ${binary} on host ${host}.`);
    const disabled = action !== 'enable';
    const reason = action === 'disable-log-reason' ? String(body.disabled_reason ?? '') : null;
    deps.db.prepare('UPDATE services SET disabled = ?, disabled_reason = ?, updated_at = ? WHERE id = ?').run(disabled ? 1 : 0, reason, nowIso(), svc.id);
    if (svc.binary === 'nova-compute') await syncProviderStatus(deps, req, svc, !disabled);
    const service: Record<string, unknown> = { host, binary, status: disabled ? 'disabled' : 'enabled' };
    if (reason !== null) service.disabled_reason = reason;
    return ok({ service });
  };
}

/** DELETE /os-services/{id}: an integer id below 2.53, a uuid from 2.53; a compute still hosting servers is 409. */
function remove(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const id = req.params.id;
    const byUuid = isSupported(req, '2.53');
    if (byUuid && !isUuidLike(id)) throw badRequest(`Invalid uuid ${id}`);
    if (!byUuid && !/^\s*[-+]?\d+\s*$/.test(id)) throw badRequest('Invalid input received: id must be an integer');
    const svc = allServices(deps.db).find((s) => (byUuid ? s.uuid === id : s.id === Number(id)));
    if (!svc) throw notFound(`Service ${id} not found.`);
    if (svc.binary === 'nova-compute' && deps.db.prepare('SELECT 1 FROM instances WHERE host = ? AND deleted_at IS NULL').get(svc.host)) {
      throw conflict('Unable to delete compute service that is hosting instances. Migrate or delete the instances first.');
    }
    deps.db.prepare('DELETE FROM services WHERE id = ?').run(svc.id);
    if (svc.binary === 'nova-compute') deps.db.prepare('DELETE FROM compute_nodes WHERE host = ?').run(svc.host);
    return empty(204);
  };
}

export function serviceRoutes(deps: ApiDeps): Route[] {
  const calls = (m: string) => `services.ServiceController.${m}`;
  return [
    { method: 'GET', pattern: '/v2.1/os-services', calls: calls('index'), handler: strictFrom275(['host', 'binary'], (req) => list(deps, req)) },
    { method: 'PUT', pattern: '/v2.1/os-services/{action}', calls: calls('update'), handler: update(deps) },
    { method: 'DELETE', pattern: '/v2.1/os-services/{id}', calls: calls('delete'), handler: remove(deps) },
  ];
}
