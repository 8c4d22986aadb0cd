// The block storage API microversion of a request to cinder-lite (`OpenStack-API-Version: volume
// 3.x`; 3.0 without the header), and the range cinder-lite serves.

import { badRequest } from '../http/api-error.js';
import { header, type ApiRequest } from '../http/request.js';

export const MIN = [3, 0];
export const MAX = [3, 71];

export const versionString = (v: number[]) => `${v[0]}.${v[1]}`;

/** The microversion asked for (`OpenStack-API-Version: volume 3.44`), 3.0 when none. */
export function requested(req: ApiRequest): number[] {
  const h = header(req, 'openstack-api-version');
  const m = h ? /(?:^|,)\s*volume\s+(\d+)\.(\d+|latest)/i.exec(h) : null;
  if (!m) return MIN;
  if (m[2] === 'latest') return MAX;
  const v = [Number(m[1]), Number(m[2])];
  if (v[0] !== 3 || v[1] > MAX[1]) throw badRequest(`Version ${versionString(v)} is not supported by the API. Minimum is ${versionString(MIN)} and maximum is ${versionString(MAX)}.`, 'badRequest');
  return v;
}

/** Whether the request's microversion is at least 3.`minor`. */
export const atLeast = (req: ApiRequest, minor: number) => requested(req)[1] >= minor;
