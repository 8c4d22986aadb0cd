// `hostname` from 2.90 on POST /servers, PUT /servers/{id} and rebuild (parameter_types.hostname:
// RFC 952/1123 letters, digits and hyphens, 2 to 63 characters; an additional property before):
// the instance's hostname instead of the one its display name gives, for one instance only.

import { badRequest } from '../http/api-error.js';
import type { ApiRequest } from '../http/request.js';
import { invalid, pyRepr } from './actions/action-spec.js';
import { isSupported } from './microversion.js';

const HOSTNAME = '^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$';

/** parameter_types.hostname, its checks in the schema's order (type, pattern, minLength, maxLength). */
export function checkHostname(v: unknown): string {
  if (typeof v !== 'string') throw invalid('hostname', v, `${pyRepr(v)} is not of type 'string'`);
  if (!new RegExp(HOSTNAME).test(v)) throw invalid('hostname', v, `${pyRepr(v)} does not match '${HOSTNAME}'`);
  if ([...v].length < 2) throw invalid('hostname', v, `${pyRepr(v)} is too short`);
  if ([...v].length > 63) throw invalid('hostname', v, `${pyRepr(v)} is too long`);
  return v;
}

/** The create request's hostname (null when not given); below 2.90 an additional property of `server`. */
export function requestedHostname(req: ApiRequest, server: Record<string, unknown>): string | null {
  if (!('hostname' in server)) return null;
  if (!isSupported(req, '2.90')) throw badRequest(`Invalid input for field/attribute server. Value: ${pyRepr(server)}. Additional properties are not allowed ('hostname' was unexpected)`);
  return checkHostname(server.hostname);
}

/** AmbiguousHostnameForMultipleInstances: a hostname is for one instance. */
export function refuseHostnameForMany(hostname: string | null, maxCount: number): void {
  if (hostname !== null && maxCount > 1) throw badRequest('Unable to allocate a single hostname to multiple instances');
}
