// POST /os-aggregates/{id}/images (2.81, compute:aggregates:images, admins): image pre-caching on
// the aggregate's hosts. The body as aggregate_images.py's schema checks it ({"cache": [{"id":
// uuid}, …]}, at least one), then the id an integer, no image twice, the aggregate found, and, as
// the conductor API does before the cast, every image found in glance (a NovaException: 400).
// The conductor's cache_images does the rest; the answer is 202 without a body.

import type { ApiDeps } from '../api-deps.js';
import { ApiError, badRequest, notFound } from '../http/api-error.js';
import { empty, type ApiReply } from '../http/reply.js';
import { isObject, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { invalid, pyRepr } from './actions/action-spec.js';
import { getImage } from './glance-images.js';
import { isSupported } from './microversion.js';
import { isUuidLike } from './security-group-rule-args.js';

const unexpected = (keys: string[]) => `Additional properties are not allowed (${keys.map((k) => `'${k}'`).join(', ')} ${keys.length > 1 ? 'were' : 'was'} unexpected)`;

/** The image ids of the body, in order (jsonschema's words for what the schema refuses). */
export function parseCacheBody(body: unknown): unknown[] {
  if (!isObject(body)) throw badRequest(`${pyRepr(body)} is not of type 'object'`);
  if (body.cache === undefined) throw badRequest("'cache' is a required property");
  const extra = Object.keys(body).filter((k) => k !== 'cache');
  if (extra.length) throw badRequest(unexpected(extra));
  const cache = body.cache;
  if (!Array.isArray(cache)) throw invalid('cache', cache, `${pyRepr(cache)} is not of type 'array'`);
  if (cache.length === 0) throw invalid('cache', cache, '[] should be non-empty');
  return cache.map((item, i) => {
    if (!isObject(item)) throw invalid(String(i), item, `${pyRepr(item)} is not of type 'object'`);
    if (item.id === undefined) throw invalid(String(i), item, "'id' is a required property");
    const more = Object.keys(item).filter((k) => k !== 'id');
    if (more.length) throw invalid(String(i), item, unexpected(more));
    // The uuid format applies to strings only, as jsonschema's format checkers do.
    if (typeof item.id === 'string' && !isUuidLike(item.id)) throw invalid('id', item.id, `${pyRepr(item.id)} is not a 'uuid'`);
    return item.id;
  });
}

function images(deps: ApiDeps) {
  return async (req: ApiRequest): Promise<ApiReply> => {
    if (!isSupported(req, '2.81')) throw notFound('The resource could not be found.');
    const ids = parseCacheBody(req.body);
    const id = req.params.id;
    if (!/^\s*[-+]?\d+\s*$/.test(id)) throw badRequest('Invalid input received: id must be an integer');
    if (new Set(ids.map((x) => JSON.stringify(x))).size !== ids.length) throw badRequest('Duplicate images in request');
    const aggregate = deps.db.prepare('SELECT id FROM aggregates WHERE id = ?').get(Number(id)) as { id: number } | undefined;
    if (!aggregate) throw notFound(`Aggregate ${id} could not be found.`);
    const imageIds = ids.map(String);
    // conductor.api.ComputeTaskAPI.cache_images: each image must be there before any host is asked.
    for (const imageId of imageIds) {
      await getImage(deps, req, imageId, `Image ${imageId} could not be found.`).catch((e) => {
        throw e instanceof ApiError ? badRequest(e.message) : e;
      });
    }
    const hosts = deps.db.prepare('SELECT host FROM aggregate_hosts WHERE aggregate_id = ? ORDER BY host').pluck().all(aggregate.id) as string[];
    await deps.actions.conductor.cacheImages(req.ctx, { id: aggregate.id, hosts }, imageIds);
    return empty(202);
  };
}

export function aggregateImageRoutes(deps: ApiDeps): Route[] {
  return [{ method: 'POST', pattern: '/v2.1/os-aggregates/{id}/images', calls: 'aggregates.AggregateController.images', handler: images(deps) }];
}
