// glance v2's PATCH /v2/images/{id} (media type application/openstack-images-v2.1-json-patch):
// add, replace and remove of the name, min_ram/min_disk and extra properties, as glanceclient's
// image update sends them (nova's image metadata API goes through it).

import { nowIso } from '../../db/open-db.js';
import { ApiError, badRequest, forbidden, notFound } from '../http/api-error.js';
import { ok, type ApiReply } from '../http/reply.js';
import { header, isObject, type ApiRequest } from '../http/request.js';
import type { ApiDeps } from '../api-deps.js';
import { canSee, imageView, type ImageRow } from './image-view.js';

export const PATCH_MEDIA_TYPE = 'application/openstack-images-v2.1-json-patch';
const COLUMNS = ['name', 'min_ram', 'min_disk', 'visibility'] as const;
const READ_ONLY = ['id', 'status', 'size', 'checksum', 'created_at', 'updated_at', 'owner', 'self', 'file', 'schema', 'virtual_size', 'os_hash_algo', 'os_hash_value', 'disk_format', 'container_format'];

interface PatchOp { op: string; path: string; value?: unknown }

function operations(req: ApiRequest): PatchOp[] {
  const type = (header(req, 'content-type') ?? '').split(';')[0].trim();
  if (type !== PATCH_MEDIA_TYPE) throw new ApiError(415, `Unsupported Content-Type`);
  if (!Array.isArray(req.body)) throw badRequest('Request body must be a JSON array of operation objects.');
  return req.body.map((o) => {
    if (!isObject(o) || typeof o.op !== 'string' || typeof o.path !== 'string') throw badRequest('Operation objects must contain exactly one member named "add", "remove", or "replace".');
    if (!['add', 'replace', 'remove'].includes(o.op)) throw badRequest(`Invalid operation: \`${o.op}\`: Operation objects must contain exactly one member named "add", "remove", or "replace".`);
    return { op: o.op, path: o.path, value: o.value };
  });
}

export function patchImage(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const ops = operations(req);
    const row = deps.db.prepare('SELECT * FROM images WHERE id = ?').get(req.params.id) as ImageRow | undefined;
    if (!row || !canSee(req, row)) throw notFound(`No image found with ID ${req.params.id}`);
    if (!req.ctx.isAdmin && row.owner !== req.ctx.projectId) throw forbidden('You are not authorized to complete modify_image action.');
    const props = JSON.parse(row.properties || '{}') as Record<string, unknown>;
    const cols: Record<string, unknown> = {};
    for (const { op, path, value } of ops) {
      const key = path.replace(/^\//, '');
      if (READ_ONLY.includes(key)) throw forbidden(`Attribute '${key}' is read-only.`);
      if ((COLUMNS as readonly string[]).includes(key)) {
        if (op === 'remove') throw forbidden(`Attribute '${key}' is reserved.`);
        cols[key] = key.startsWith('min_') ? Number(value) : value;
      } else if (op === 'remove') {
        if (!(key in props)) throw new ApiError(409, `Property ${key} does not exist.`);
        delete props[key];
      } else {
        if (op === 'replace' && !(key in props)) throw new ApiError(409, `Property ${key} does not exist.`);
        props[key] = typeof value === 'string' ? value : JSON.stringify(value);
      }
    }
    const sets = [...Object.keys(cols).map((k) => `${k} = ?`), 'properties = ?', 'updated_at = ?'].join(', ');
    deps.db.prepare(`UPDATE images SET ${sets} WHERE id = ?`).run(...Object.values(cols), JSON.stringify(props), nowIso(), row.id);
    return ok(imageView(deps.db.prepare('SELECT * FROM images WHERE id = ?').get(row.id) as ImageRow));
  };
}
