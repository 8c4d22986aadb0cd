// nova.image.glance.API as the compute API's image proxy uses it: glance v2 over HTTP with the
// caller's token, images translated to Nova's form (base attributes as fields, every other key of
// the glance document in `properties`), glance's refusals turned into Nova's exceptions.

import { httpJson, type JsonResponse } from '../../common/http-json.js';
import { apiUrl } from '../../common/stack-config.js';
import type { ApiDeps } from '../api-deps.js';
import { ApiError, badRequest, notFound } from '../http/api-error.js';
import type { ApiRequest } from '../http/request.js';

export interface NovaImage {
  id: string; name: string | null; status: string; min_ram: number; min_disk: number; size: number;
  created_at: string; updated_at: string; properties: Record<string, unknown>;
}

/** glance's image schema: what is not one of these is an extra property. */
const BASE = new Set(['id', 'name', 'status', 'visibility', 'protected', 'os_hidden', 'checksum', 'os_hash_algo', 'os_hash_value', 'owner', 'size',
  'virtual_size', 'min_ram', 'min_disk', 'disk_format', 'container_format', 'created_at', 'updated_at', 'tags', 'direct_url', 'locations',
  'self', 'file', 'schema', 'stores']);

export function fromGlance(doc: Record<string, unknown>): NovaImage {
  const properties = Object.fromEntries(Object.entries(doc).filter(([k]) => !BASE.has(k)));
  return {
    id: String(doc.id), name: (doc.name as string | null) ?? null, status: String(doc.status), min_ram: Number(doc.min_ram ?? 0),
    min_disk: Number(doc.min_disk ?? 0), size: Number(doc.size ?? 0), created_at: String(doc.created_at), updated_at: String(doc.updated_at), properties,
  };
}

function call(deps: ApiDeps, req: ApiRequest, method: string, suffix: string, body?: unknown, headers?: Record<string, string>): Promise<JsonResponse<any>> {
  return httpJson(method, apiUrl(deps.cfg, `/image/v2/${suffix}`), body, { token: req.ctx.authToken, requestId: req.ctx.globalRequestId ?? req.ctx.requestId, headers, timeoutMs: 10_000 });
}

/** glanceclient's text of a refusal: the body's message and the status. */
const refusal = (r: JsonResponse<unknown>) => `${typeof r.body === 'string' ? r.body.split('\n\n')[1]?.trim() ?? '' : JSON.stringify(r.body)} (HTTP ${r.status})`;

/** ImageNotFound/ImageNotAuthorized become the caller's `notFound`/`forbidden`, anything else a 500. */
function check(r: JsonResponse<unknown>, id: string, onNotFound: string, onForbidden: string): void {
  if (r.status < 400) return;
  if (r.status === 404) throw notFound(onNotFound);
  if (r.status === 403) throw new ApiError(403, onForbidden);
  throw new Error(`glance answered ${r.status} for image ${id}: ${refusal(r)}`);
}

export async function getImage(deps: ApiDeps, req: ApiRequest, id: string, onNotFound = 'Image not found.'): Promise<NovaImage> {
  const r = await call(deps, req, 'GET', `images/${encodeURIComponent(id)}`);
  check(r, id, onNotFound, `Not authorized for image ${id}.`);
  return fromGlance(r.body);
}

export async function listImages(deps: ApiDeps, req: ApiRequest, query: URLSearchParams): Promise<NovaImage[]> {
  const r = await call(deps, req, 'GET', `images?${query.toString()}`);
  if (r.status === 400) throw badRequest(refusal(r));
  check(r, '', 'Image not found.', 'Not authorized for images.');
  return (r.body.images as Record<string, unknown>[]).map(fromGlance);
}

export async function deleteImage(deps: ApiDeps, req: ApiRequest, id: string): Promise<void> {
  const r = await call(deps, req, 'DELETE', `images/${encodeURIComponent(id)}`);
  check(r, id, 'Image not found.', 'You are not allowed to delete the image.');
}

/** update(purge_props=True): the image's extra properties become exactly `props`. */
export async function replaceProperties(deps: ApiDeps, req: ApiRequest, image: NovaImage, props: Record<string, unknown>): Promise<NovaImage> {
  const ops = [
    ...Object.keys(image.properties).filter((k) => !(k in props)).map((k) => ({ op: 'remove', path: `/${k}` })),
    ...Object.entries(props).map(([k, v]) => ({ op: k in image.properties ? 'replace' : 'add', path: `/${k}`, value: v })),
  ];
  const r = await call(deps, req, 'PATCH', `images/${image.id}`, ops, { 'Content-Type': 'application/openstack-images-v2.1-json-patch' });
  check(r, image.id, 'Image not found.', `Not authorized for image ${image.id}.`);
  return fromGlance(r.body);
}
