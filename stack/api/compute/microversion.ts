// Compute microversion negotiation as Nova does it: the version asked for in
// `OpenStack-API-Version: compute X` (or the legacy `X-OpenStack-Nova-API-Version: X`), 2.1
// when neither is sent, the maximum for `latest`; 400 for a malformed version, 406 outside
// [min, max]. Handlers ask isSupported(req, '2.x') for what changes with a version.

import { ApiError, badRequest } from '../http/api-error.js';
import { header, type ApiRequest } from '../http/request.js';
import { MICROVERSIONS } from './microversion-history.js';

export const MIN_VERSION = '2.1';
export const MAX_VERSION = MICROVERSIONS[MICROVERSIONS.length - 1].version;

const asNumber = (v: string) => { const [a, b] = v.split('.').map(Number); return a * 1000 + b; };

/** The version the request asks for (the new header wins over the legacy one); 2.1 when none. */
export function negotiateMicroversion(req: ApiRequest): string {
  const modern = header(req, 'openstack-api-version');
  const legacy = header(req, 'x-openstack-nova-api-version');
  const fromModern = modern?.split(',').map((s) => s.trim().split(/\s+/)).find(([service]) => service?.toLowerCase() === 'compute')?.[1];
  const wanted = (fromModern ?? legacy)?.trim();
  if (!wanted) return MIN_VERSION;
  if (wanted.toLowerCase() === 'latest') return MAX_VERSION;
  if (!/^\d+\.\d+$/.test(wanted)) throw badRequest(`API Version String ${wanted} is of invalid format. Must be of format MajorNum.MinorNum.`);
  if (asNumber(wanted) < asNumber(MIN_VERSION) || asNumber(wanted) > asNumber(MAX_VERSION)) {
    throw new ApiError(406, `Version ${wanted} is not supported by the API. Minimum is ${MIN_VERSION} and maximum is ${MAX_VERSION}.`);
  }
  return String(Number(wanted.split('.')[0])) + '.' + String(Number(wanted.split('.')[1]));
}

/** api_version_request.is_supported: the request's version is at least `min` (and at most `max`). */
export function isSupported(req: ApiRequest, min: string, max?: string): boolean {
  const v = asNumber(req.microversion ?? MIN_VERSION);
  return v >= asNumber(min) && (max === undefined || v <= asNumber(max));
}

export function microversionHeaders(version: string): Record<string, string> {
  return {
    'OpenStack-API-Version': `compute ${version}`,
    'X-OpenStack-Nova-API-Version': version,
    Vary: 'OpenStack-API-Version, X-OpenStack-Nova-API-Version',
  };
}
