// Nova's image metadata proxy (/images/{image_id}/metadata, 2.1 up to 2.38): an image's extra
// properties read and written through glance-lite (every write replaces the whole property set,
// update(purge_props=True)), server metadata's schema, the metadata_items quota (403).

import type { ApiDeps } from '../api-deps.js';
import { badRequest, forbidden, notFound } from '../http/api-error.js';
import { empty, ok, type ApiReply } from '../http/reply.js';
import { isObject, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { getImage, replaceProperties } from './glance-images.js';
import { proxyUpTo } from './images.js';
import { quotaLimits } from './quota-store.js';
import { validateMetadata } from './server-metadata.js';

/** The body's `key` object (schema: required, metadata), no quota yet. */
function bodyMetadata(req: ApiRequest, key: 'metadata' | 'meta'): Record<string, string> {
  if (!isObject(req.body) || !(key in req.body)) throw badRequest(`Invalid input for field/attribute ${key}. Value: None. '${key}' is a required property`);
  const extra = Object.keys(req.body).filter((k) => k !== key);
  if (extra.length) throw badRequest(`Invalid input for field/attribute ${key}. Value: ${JSON.stringify(req.body)}. Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
  const meta = validateMetadata(req.body[key], Number.MAX_SAFE_INTEGER);
  if (key === 'meta' && Object.keys(meta).length !== 1) {
    throw badRequest(`Invalid input for field/attribute meta. Value: ${JSON.stringify(meta)}. ${JSON.stringify(meta)} ${Object.keys(meta).length ? 'has too many properties' : 'does not have enough properties'}`);
  }
  return meta;
}

function checkQuota(deps: ApiDeps, req: ApiRequest, props: Record<string, unknown>): void {
  const n = Object.keys(props).length;
  if (n && n > quotaLimits(deps, req.ctx.projectId ?? '').metadata_items) throw forbidden('Image metadata limit exceeded');
}

export function imageMetadataRoutes(deps: ApiDeps): Route[] {
  const calls = (m: string) => `image_metadata.ImageMetadataController.${m}`;
  const base = '/v2.1/images/{image_id}/metadata';
  const image = (req: ApiRequest) => getImage(deps, req, req.params.image_id);
  return proxyUpTo('2.38', [
    { method: 'GET', pattern: base, calls: calls('index'), handler: async (req) => ok({ metadata: (await image(req)).properties }) },
    {
      method: 'GET', pattern: `${base}/{key}`, calls: calls('show'),
      handler: async (req) => {
        const props = (await image(req)).properties;
        if (!(req.params.key in props)) throw notFound('The resource could not be found.');
        return ok({ meta: { [req.params.key]: props[req.params.key] } });
      },
    },
    {
      method: 'POST', pattern: base, calls: calls('create'),
      handler: async (req): Promise<ApiReply> => {
        const meta = bodyMetadata(req, 'metadata');
        const img = await image(req);
        const props = { ...img.properties, ...meta };
        checkQuota(deps, req, props);
        return ok({ metadata: (await replaceProperties(deps, req, img, props)).properties });
      },
    },
    {
      method: 'PUT', pattern: base, calls: calls('update_all'),
      handler: async (req): Promise<ApiReply> => {
        const meta = bodyMetadata(req, 'metadata');
        const img = await image(req);
        checkQuota(deps, req, meta);
        await replaceProperties(deps, req, img, meta);
        return ok({ metadata: meta });
      },
    },
    {
      method: 'PUT', pattern: `${base}/{key}`, calls: calls('update'),
      handler: async (req): Promise<ApiReply> => {
        const meta = bodyMetadata(req, 'meta');
        if (!(req.params.key in meta)) throw badRequest('Request body and URI mismatch');
        const img = await image(req);
        const props = { ...img.properties, ...meta };
        checkQuota(deps, req, props);
        await replaceProperties(deps, req, img, props);
        return ok({ meta });
      },
    },
    {
      method: 'DELETE', pattern: `${base}/{key}`, calls: calls('delete'),
      handler: async (req): Promise<ApiReply> => {
        const img = await image(req);
        if (!(req.params.key in img.properties)) throw notFound('Invalid metadata key');
        const { [req.params.key]: _gone, ...rest } = img.properties;
        await replaceProperties(deps, req, img, rest);
        return empty(204);
      },
    },
  ]);
}
