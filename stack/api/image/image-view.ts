// Glance v2's flat image document, built from an `images` row (extra properties are flattened
// into the image, as glance does).

import type { ApiRequest } from '../http/request.js';

export interface ImageRow {
  id: string; name: string; status: string; visibility: string; disk_format: string; container_format: string;
  size: number; min_disk: number; min_ram: number; owner: string | null; checksum: string | null;
  properties: string; created_at: string; updated_at: string;
}

export function imageView(row: ImageRow): Record<string, unknown> {
  const properties = JSON.parse(row.properties || '{}') as Record<string, string>;
  return {
    ...properties,
    id: row.id, name: row.name, status: row.status, visibility: row.visibility, protected: false, os_hidden: false,
    checksum: row.checksum, os_hash_algo: row.checksum ? 'sha512' : null, os_hash_value: properties.os_hash_value ?? null, owner: row.owner,
    size: row.status === 'queued' ? null : row.size, virtual_size: null,
    min_ram: row.min_ram, min_disk: row.min_disk, disk_format: row.disk_format, container_format: row.container_format,
    created_at: row.created_at, updated_at: row.updated_at, tags: [],
    self: `/v2/images/${row.id}`, file: `/v2/images/${row.id}/file`, schema: '/v2/schemas/image',
  };
}

/** Public, shared and community images for everybody; private ones for their owner and admins. */
export function canSee(req: ApiRequest, row: ImageRow): boolean {
  return row.visibility !== 'private' || req.ctx.isAdmin || row.owner === req.ctx.projectId;
}
