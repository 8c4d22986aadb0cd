// PUT /os-services/{service_uuid} from microversion 2.53 (ServiceController._update_v253): the
// body's status (with an optional disabled_reason) and forced_down, checked against
// services.update_v253; only nova-compute services; the answer is the whole service as the list
// shows it. Enabling or disabling syncs the host's COMPUTE_STATUS_DISABLED trait.

import type { ApiDeps } from '../api-deps.js';
import { badRequest, notFound } from '../http/api-error.js';
import { isObject, type ApiRequest } from '../http/request.js';
import { nowIso } from '../../db/open-db.js';
import { invalid, pyRepr } from './actions/action-spec.js';
import { allServices, type ServiceRow } from './service-state.js';

/** parameter_types.boolean's enum, in its order. */
export const BOOLEAN_ENUM: readonly (string | boolean)[] = [true, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes',
  false, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no'];
const TRUE_WORDS = new Set(['1', 't', 'true', 'on', 'y', 'yes']);
const enumText = (values: readonly unknown[]) => `[${values.map((v) => pyRepr(v)).join(', ')}]`;

/** uuidutils.is_uuid_like. */
export const isUuidLike = (v: string) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(v);

interface Changes { status?: 'enabled' | 'disabled'; disabled_reason?: string; forced_down?: boolean }

function checkBody(body: unknown): Changes {
  if (body === undefined || body === null) return {};
  if (!isObject(body)) throw badRequest(`${pyRepr(body)} is not of type 'object'`);
  const { status, disabled_reason: reason, forced_down: forced } = body;
  if ('status' in body && (typeof status !== 'string' || !['enabled', 'disabled'].includes(status))) throw invalid('status', status, `${pyRepr(status)} is not one of ['enabled', 'disabled']`);
  if ('disabled_reason' in body) {
    if (typeof reason !== 'string') throw invalid('disabled_reason', reason, `${pyRepr(reason)} is not of type 'string'`);
    if (reason.length < 1) throw invalid('disabled_reason', reason, `${pyRepr(reason)} should be non-empty`);
    if ([...reason].length > 255) throw invalid('disabled_reason', reason, `${pyRepr(reason)} is too long`);
  }
  if ('forced_down' in body && !BOOLEAN_ENUM.includes(forced as string | boolean)) throw invalid('forced_down', forced, `${pyRepr(forced)} is not one of ${enumText(BOOLEAN_ENUM)}`);
  const extra = Object.keys(body).filter((k) => !['status', 'disabled_reason', 'forced_down'].includes(k));
  if (extra.length) throw badRequest(`Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
  return {
    ...(status !== undefined ? { status: status as Changes['status'] } : {}), ...(reason !== undefined ? { disabled_reason: reason as string } : {}),
    ...(forced !== undefined ? { forced_down: forced === true || TRUE_WORDS.has(String(forced).toLowerCase()) } : {}),
  };
}

export interface V253Hooks {
  checkForEvacuations(host: string): void;
  syncProviderStatus(svc: ServiceRow, enabled: boolean): Promise<void>;
}

/** The updated service, or Nova's 400/404. */
export async function updateServiceV253(deps: ApiDeps, req: ApiRequest, hooks: V253Hooks): Promise<ServiceRow> {
  const changes = checkBody(req.body);
  const id = req.params.action;
  if (!isUuidLike(id)) throw badRequest(`Invalid uuid ${id}`);
  const svc = allServices(deps.db).find((s) => s.uuid === id);
  if (!svc) throw notFound(`Service ${id} could not be found.`);
  if (svc.binary !== 'nova-compute') throw badRequest(`Updating a ${svc.binary} service is not supported. Only nova-compute services can be updated.`);
  const next = { disabled: svc.disabled, disabled_reason: svc.disabled_reason, forced_down: svc.forced_down };
  if (changes.status === 'enabled') {
    if (changes.disabled_reason) throw badRequest("Specifying 'disabled_reason' with status 'enabled' is invalid.");
    Object.assign(next, { disabled: 0, disabled_reason: null });
  } else if (changes.status === 'disabled') {
    Object.assign(next, { disabled: 1, disabled_reason: changes.disabled_reason ?? null });
  }
  if (changes.forced_down !== undefined) {
    next.forced_down = changes.forced_down ? 1 : 0;
    if (!changes.forced_down) hooks.checkForEvacuations(svc.host);
  }
  if (changes.status === undefined && changes.forced_down === undefined) throw badRequest("No updates were requested. Fields 'status' or 'forced_down' should be specified.");
  deps.db.prepare('UPDATE services SET disabled = ?, disabled_reason = ?, forced_down = ?, updated_at = ? WHERE id = ?').run(next.disabled, next.disabled_reason, next.forced_down, nowIso(), svc.id);
  // Setting `disabled` (even to its value) marks it changed, so the trait is synced whenever status is given.
  if (changes.status !== undefined) await hooks.syncProviderStatus(svc, changes.status === 'enabled');
  return allServices(deps.db).find((s) => s.id === svc.id)!;
}
