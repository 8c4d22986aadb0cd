// Nova's image proxy API (/images, 2.1 up to 2.35): list and detail with Nova's filters mapped
// to glance's (server → instance_uuid, type → image_type, changes-since → updated_at=gte:,
// minRam/minDisk, property-*), show and delete, over glance-lite (glance-images.ts). Views as
// nova.api.openstack.compute.views.images builds them.

import { apiUrl } from '../../common/stack-config.js';
import type { ApiDeps } from '../api-deps.js';
import { empty, ok, type ApiReply } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { isoSeconds, links } from './formats.js';
import { deleteImage, getImage, listImages, type NovaImage } from './glance-images.js';
import { limitAndMarker, nextLink } from './pagination.js';

const STATUS: Record<string, string> = { active: 'ACTIVE', queued: 'SAVING', saving: 'SAVING', deleted: 'DELETED', pending_delete: 'DELETED', killed: 'ERROR' };
const PROGRESS: Record<string, number> = { queued: 25, saving: 50, active: 100 };
const FILTERS: Record<string, string> = { name: 'name', status: 'status', 'changes-since': 'updated_at', server: 'instance_uuid', type: 'image_type', minRam: 'min_ram', minDisk: 'min_disk' };
const TRUE = ['1', 't', 'true', 'on', 'y', 'yes'];

function imageLinks(deps: ApiDeps, id: string) {
  return [...links(deps.baseUrl, 'images', id), { rel: 'alternate', type: 'application/vnd.openstack.image', href: `${apiUrl(deps.cfg, '/image')}/images/${id}` }];
}

const basic = (deps: ApiDeps, i: NovaImage) => ({ id: i.id, name: i.name, links: imageLinks(deps, i.id) });

function detail(deps: ApiDeps, i: NovaImage): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: i.id, name: i.name, minRam: i.min_ram, minDisk: i.min_disk, metadata: i.properties,
    created: isoSeconds(i.created_at), updated: isoSeconds(i.updated_at), status: STATUS[i.status] ?? 'UNKNOWN', progress: PROGRESS[i.status] ?? 0,
    'OS-EXT-IMG-SIZE:size': i.size, links: imageLinks(deps, i.id),
  };
  const server = i.properties.instance_uuid;
  if (typeof server === 'string') view.server = { id: server, links: links(deps.baseUrl, 'servers', server) };
  const auto = i.properties.auto_disk_config;
  if (auto !== undefined) view['OS-DCF:diskConfig'] = TRUE.includes(String(auto).toLowerCase()) ? 'AUTO' : 'MANUAL';
  return view;
}

/** ImagesController._get_filters and glance's _extract_query_params_v2, as glance's query. */
function glanceQuery(req: ApiRequest): URLSearchParams {
  const q = new URLSearchParams();
  for (const [param, value] of req.query) {
    if (param.startsWith('property-')) q.set(param.slice('property-'.length), value);
    else if (param === 'server') q.set('instance_uuid', value.split('/').pop() ?? value);
    else if (param === 'status') q.set('status', value.toLowerCase());
    else if (param === 'changes-since') q.set('updated_at', `gte:${value}`);
    else if (param in FILTERS) q.set(FILTERS[param], value);
  }
  const { limit, marker } = limitAndMarker(req);
  if (limit !== undefined && limit > 0) q.set('limit', String(limit));
  if (marker) q.set('marker', marker);
  return q;
}

function list(deps: ApiDeps, collection: string, view: (i: NovaImage) => Record<string, unknown>) {
  return async (req: ApiRequest): Promise<ApiReply> => {
    const images = await listImages(deps, req, glanceQuery(req));
    const { limit } = limitAndMarker(req);
    const out: Record<string, unknown> = { images: images.map(view) };
    if (limit !== undefined && limit > 0 && images.length === limit) out.images_links = nextLink(deps.baseUrl, collection, req, images[images.length - 1].id);
    return ok(out);
  };
}

/** The proxy APIs end at a microversion: above it Nova has no method for the route (404). */
/** Proxy APIs Nova serves up to `max` only (MAX_PROXY_API_SUPPORT_VERSION, MAX_IMAGE_META_PROXY_API_VERSION). */
export function proxyUpTo(max: string, routes: Route[]): Route[] {
  return routes.map((r) => ({ ...r, versions: ['2.1', max] as const }));
}

export function imageRoutes(deps: ApiDeps): Route[] {
  const calls = (m: string) => `images.ImagesController.${m}`;
  return proxyUpTo('2.35', [
    { method: 'GET', pattern: '/v2.1/images', calls: calls('index'), handler: list(deps, 'images', (i) => basic(deps, i)) },
    { method: 'GET', pattern: '/v2.1/images/detail', calls: calls('detail'), handler: list(deps, 'images/detail', (i) => detail(deps, i)) },
    { method: 'GET', pattern: '/v2.1/images/{id}', calls: calls('show'), handler: async (req) => ok({ image: detail(deps, await getImage(deps, req, req.params.id)) }) },
    {
      method: 'DELETE', pattern: '/v2.1/images/{id}', calls: calls('delete'),
      handler: async (req) => { await deleteImage(deps, req, req.params.id); return empty(204); },
    },
  ]);
}
