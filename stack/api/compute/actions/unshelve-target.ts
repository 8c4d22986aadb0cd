// unshelve's body and target. unshelve_v277 (2.77 to 2.90): null, or {availability_zone: a
// name} (required). unshelve_v291: null, or an object with availability_zone (a string, or null
// to unpin the server from its zone) and/or host (a string). compute.API.unshelve then: a zone
// or a host needs a shelved_offloaded server; a zone must be available; a host is for admins
// (os_compute_api:os-shelve:unshelve_to_host), must have a compute node and must be in the zone
// the server will have.

import type { RequestSpec } from '../../../common/objects.js';
import type { ApiDeps } from '../../api-deps.js';
import { badRequest, conflict } from '../../http/api-error.js';
import type { ApiRequest } from '../../http/request.js';
import { bootableZones, zoneOfHost } from '../availability-zones.js';
import type { InstanceRow } from '../instances.js';
import { isSupported } from '../microversion.js';
import { authorizeAction } from '../policy.js';
import { checkServerName } from '../server-validation.js';
import { invalid, objectValue, pyRepr } from './action-spec.js';

export interface UnshelveTarget { azPassed: boolean; newAz: string | null; host: string | null; expectedAz: string | null }

export function parseUnshelve(value: unknown, req: ApiRequest): Record<string, unknown> {
  if (!isSupported(req, '2.77') || value === null) return {};
  if (!isSupported(req, '2.91')) {
    const arg = objectValue('unshelve', value, ['availability_zone'], true);
    if (!('availability_zone' in arg)) throw invalid('unshelve', arg, "'availability_zone' is a required property");
    checkServerName(arg.availability_zone, 'availability_zone');
    return arg;
  }
  const arg = objectValue('unshelve', value, ['availability_zone', 'host'], true);
  const az = arg.availability_zone;
  if (az !== undefined && az !== null && typeof az !== 'string') throw invalid('availability_zone', az, `${pyRepr(az)} is not of type 'string', 'null'`);
  if (arg.host !== undefined && typeof arg.host !== 'string') throw invalid('host', arg.host, `${pyRepr(arg.host)} is not of type 'string'`);
  return arg;
}

/** The preconditions of compute.API.unshelve, and the zone the server has after it. */
export function unshelveTarget(deps: ApiDeps, req: ApiRequest, inst: InstanceRow, spec: RequestSpec, arg: Record<string, unknown>): UnshelveTarget {
  const azPassed = 'availability_zone' in arg;
  const newAz = (arg.availability_zone as string | null | undefined) ?? null;
  const host = (arg.host as string | undefined) || null;
  if ((azPassed || host) && inst.vm_state !== 'shelved_offloaded') {
    throw conflict(`Specifying an availability zone or a host when unshelving server "${inst.uuid}" with status "${inst.vm_state}" is not supported. The server status must be SHELVED_OFFLOADED.`);
  }
  if (azPassed && newAz && !bootableZones(deps.db).has(newAz)) throw badRequest('The requested availability zone is not available');
  const expectedAz = azPassed ? newAz : spec.availability_zone ?? null;
  if (host) {
    authorizeAction(req.ctx, { action: 'os_compute_api:os-shelve:unshelve_to_host', rule: 'admin' }, inst.project_id);
    if (!deps.db.prepare('SELECT 1 FROM compute_nodes WHERE host = ?').get(host)) throw badRequest(`Compute host ${host} could not be found.`);
    if (expectedAz !== null && zoneOfHost(deps.db, host) !== expectedAz) throw conflict(`Host "${host}" is not in the availability zone "${expectedAz}".`);
  }
  return { azPassed, newAz, host, expectedAz };
}
