// glance-lite's POST /v2/images (a queued image record: the known fields as columns, every other
// key an extra property) and PUT /v2/images/{id}/file (the data, streamed to image-store.ts;
// the image becomes active with its size and checksums).

import { randomUUID } from 'node:crypto';
import type { ApiDeps } from '../api-deps.js';
import { nowIso } from '../../db/open-db.js';
import { ApiError, badRequest, forbidden, notFound } from '../http/api-error.js';
import { empty, json, type ApiReply } from '../http/reply.js';
import { isObject, type ApiRequest } from '../http/request.js';
import { canSee, imageView, type ImageRow } from './image-view.js';
import { storeImageData } from './image-store.js';

const COLUMNS = ['name', 'visibility', 'disk_format', 'container_format', 'min_disk', 'min_ram'] as const;
const READ_ONLY = ['id', 'status', 'size', 'checksum', 'created_at', 'updated_at', 'owner', 'self', 'file', 'schema', 'virtual_size', 'os_hash_algo', 'os_hash_value'];
const DISK_FORMATS = ['ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'];
const CONTAINER_FORMATS = ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'];

export function createImage(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const body = req.body === undefined ? {} : req.body;
    if (!isObject(body)) throw badRequest('Invalid JSON body');
    const bad = READ_ONLY.filter((k) => k in body && k !== 'id');
    if (bad.length) throw forbidden(`Attribute '${bad[0]}' is read-only.`);
    if (body.disk_format !== undefined && body.disk_format !== null && !DISK_FORMATS.includes(String(body.disk_format))) {
      throw badRequest(`Invalid value '${String(body.disk_format)}' for parameter 'disk_format': Valid values are: ${DISK_FORMATS.join(', ')}`);
    }
    if (body.container_format !== undefined && body.container_format !== null && !CONTAINER_FORMATS.includes(String(body.container_format))) {
      throw badRequest(`Invalid value '${String(body.container_format)}' for parameter 'container_format': Valid values are: ${CONTAINER_FORMATS.join(', ')}`);
    }
    const id = typeof body.id === 'string' ? body.id : randomUUID();
    if (deps.db.prepare('SELECT 1 FROM images WHERE id = ?').get(id)) throw new ApiError(409, `Image with identifier ${id} already exists!`);
    const properties = Object.fromEntries(Object.entries(body).filter(([k]) => !(COLUMNS as readonly string[]).includes(k) && k !== 'id' && k !== 'tags').map(([k, v]) => [k, String(v)]));
    const now = nowIso();
    deps.db.prepare(`INSERT INTO images (id, name, status, visibility, disk_format, container_format, size, min_disk, min_ram, owner, checksum, properties, created_at, updated_at)
      VALUES (?, ?, 'queued', ?, ?, ?, 0, ?, ?, ?, NULL, ?, ?, ?)`).run(
      id, typeof body.name === 'string' ? body.name : '', typeof body.visibility === 'string' ? body.visibility : 'shared',
      body.disk_format ?? 'raw', body.container_format ?? 'bare', Number(body.min_disk ?? 0), Number(body.min_ram ?? 0),
      req.ctx.projectId, JSON.stringify(properties), now, now);
    const row = deps.db.prepare('SELECT * FROM images WHERE id = ?').get(id) as ImageRow;
    return json(201, imageView(row), { Location: `${deps.baseUrl}/image/v2/images/${id}` });
  };
}

export function uploadImage(deps: ApiDeps) {
  return async (req: ApiRequest): Promise<ApiReply> => {
    const row = deps.db.prepare('SELECT * FROM images WHERE id = ?').get(req.params.id) as ImageRow | undefined;
    if (!row || !canSee(req, row)) throw notFound(`No image found with ID ${req.params.id}`);
    if (!req.ctx.isAdmin && row.owner !== req.ctx.projectId) throw forbidden('You are not authorized to complete upload_image action.');
    if (row.status !== 'queued') throw new ApiError(409, `Image status transition from ${row.status} to saving is not allowed`);
    if (!req.upload) throw new ApiError(415, `Content type ${String(req.headers['content-type'] ?? 'None')} not supported`);
    deps.db.prepare("UPDATE images SET status = 'saving', updated_at = ? WHERE id = ?").run(nowIso(), row.id);
    try {
      const stored = await storeImageData(deps.cfg.stateDir, row.id, req.upload);
      const properties = { ...JSON.parse(row.properties || '{}') as Record<string, string>, os_hash_value: stored.hash };
      deps.db.prepare("UPDATE images SET status = 'active', size = ?, checksum = ?, properties = ?, updated_at = ? WHERE id = ?")
        .run(stored.size, stored.checksum, JSON.stringify(properties), nowIso(), row.id);
    } catch (e) {
      deps.db.prepare("UPDATE images SET status = 'queued', updated_at = ? WHERE id = ?").run(nowIso(), row.id);
      throw e;
    }
    return empty(204);
  };
}
