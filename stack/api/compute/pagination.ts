// Nova's common.get_limit_and_marker and the `<collection>_links` "next" link of paginated
// lists (keypairs 2.35, hypervisors 2.33, instance actions 2.58…).

import { badRequest } from '../http/api-error.js';
import type { ApiRequest } from '../http/request.js';

/** [api]max_limit. */
export const MAX_LIMIT = 1000;

export function limitAndMarker(req: ApiRequest): { limit?: number; marker?: string } {
  const raw = req.query.get('limit');
  const marker = req.query.get('marker') ?? undefined;
  if (raw === null) return { marker };
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(limit)) throw badRequest(`Invalid input for query parameters limit. Value: ${raw}. '${raw}' does not match '^[0-9]*$'`);
  return { limit, marker };
}

/** `[{"rel": "next", "href": …?limit=N&marker=M}]` with the request's other query parameters. */
export function nextLink(baseUrl: string, collection: string, req: ApiRequest, marker: string | number): { rel: string; href: string }[] {
  const q = new URLSearchParams(req.query);
  q.set('marker', String(marker));
  return [{ rel: 'next', href: `${baseUrl}/compute/v2.1/${collection}?${q.toString()}` }];
}

/** common.limited: `offset` and `limit` (0 or none: [api]max_limit, 1000). */
export function limitAndOffset(req: ApiRequest): { limit: number; offset: number } {
  const { limit } = limitAndMarker(req);
  const raw = req.query.get('offset');
  if (raw !== null && !/^\d+$/.test(raw)) throw badRequest(`Invalid input for query parameters offset. Value: ${raw}. '${raw}' does not match '^[0-9]*$'`);
  return { limit: Math.min(MAX_LIMIT, limit || MAX_LIMIT), offset: raw === null ? 0 : Number(raw) };
}
