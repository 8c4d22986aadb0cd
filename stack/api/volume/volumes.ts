// cinder-lite's volumes: create (202, `creating`, of the volume type asked for or __DEFAULT__; the backend finishes in the background), show,
// list (summary and detail), delete; and the quota sets `openstack quota show` reads.

import { randomUUID } from 'node:crypto';
import type { ApiDeps } from '../api-deps.js';
import { badRequest, notFound } from '../http/api-error.js';
import { empty, json, ok, type ApiReply } from '../http/reply.js';
import { bodyObject, type ApiRequest } from '../http/request.js';
import { nowIso } from '../../db/open-db.js';
import { canSee, type ImageRow } from '../image/image-view.js';
import type { VolumeWorker } from './volume-worker.js';
import { DEFAULT_VOLUME_TYPE, volumeTypeByNameOrId, type VolumeTypeRow } from './volume-types.js';
import { canSeeVolume, volumeDetail, volumeSummary, type AttachmentRow, type VolumeRow } from './volume-view.js';

const DELETABLE = new Set(['available', 'error', 'error_restoring', 'error_extending', 'error_managing']);

export function findVolume(deps: ApiDeps, req: ApiRequest, id: string): VolumeRow {
  const row = deps.db.prepare('SELECT * FROM volumes WHERE id = ?').get(id) as VolumeRow | undefined;
  if (!row || !canSeeVolume(req, row)) throw notFound(`Volume ${id} could not be found.`, 'itemNotFound');
  return row;
}

function attachmentsOf(deps: ApiDeps, volumeId: string): AttachmentRow[] {
  return deps.db.prepare('SELECT * FROM volume_attachments WHERE volume_id = ? ORDER BY created_at').all(volumeId) as AttachmentRow[];
}

/** The volume's size: a positive integer of GiB (cinder's "Invalid input received: …" otherwise). */
function sizeOf(v: unknown): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw badRequest(`Invalid input for field/attribute size. Value: ${JSON.stringify(v ?? null)}.`, 'badRequest');
  }
  return n;
}

/** The requested volume_type (a name or an id: get_by_name_or_id), the default type without one. */
function volumeTypeOf(deps: ApiDeps, requested: unknown): VolumeTypeRow {
  if (requested === undefined || requested === null || requested === '') return volumeTypeByNameOrId(deps.db, DEFAULT_VOLUME_TYPE.id)!;
  const wanted = String(requested);
  const t = volumeTypeByNameOrId(deps.db, wanted);
  if (t) return t;
  const uuidLike = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(wanted);
  throw notFound(uuidLike ? `Volume type ${wanted} could not be found.` : `Volume type with name ${wanted} could not be found.`, 'itemNotFound');
}

export function createVolume(deps: ApiDeps, worker: VolumeWorker) {
  return (req: ApiRequest): ApiReply => {
    const body = bodyObject(req, 'volume');
    const size = sizeOf(body.size);
    const imageRef = body.imageRef ?? body.image_id;
    let image: ImageRow | undefined;
    if (imageRef !== undefined && imageRef !== null) {
      image = deps.db.prepare('SELECT * FROM images WHERE id = ?').get(String(imageRef)) as ImageRow | undefined;
      if (!image || !canSee(req, image)) throw badRequest(`Invalid image identifier or unable to access requested image.`, 'badRequest');
      if (image.size > size * 1024 ** 3) throw badRequest(`Invalid input received: Size of specified image ${Math.ceil(image.size / 1024 ** 3)}GB is larger than volume size ${size}GB.`, 'badRequest');
    }
    const type = volumeTypeOf(deps, body.volume_type);
    const now = nowIso();
    const row: VolumeRow = {
      id: randomUUID(), name: typeof body.name === 'string' ? body.name : null, project_id: req.ctx.projectId ?? '', user_id: req.ctx.userId ?? '',
      size, status: 'creating', attach_status: 'detached', image_id: image?.id ?? null,
      availability_zone: typeof body.availability_zone === 'string' && body.availability_zone ? body.availability_zone : 'nova', bootable: 0, created_at: now, updated_at: now,
      volume_type_id: type.id, volume_type: type.name,
    };
    deps.db.prepare(`INSERT INTO volumes (id, name, project_id, user_id, size, status, attach_status, image_id, availability_zone, bootable, created_at, updated_at, volume_type_id, volume_type)
      VALUES (@id, @name, @project_id, @user_id, @size, @status, @attach_status, @image_id, @availability_zone, @bootable, @created_at, @updated_at, @volume_type_id, @volume_type)`).run(row);
    worker.create(req.ctx, row, deps.volumeOutcome());
    return json(202, { volume: volumeDetail(deps.baseUrl, req, row, []) });
  };
}

export function showVolume(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const row = findVolume(deps, req, req.params.id);
    return ok({ volume: volumeDetail(deps.baseUrl, req, row, attachmentsOf(deps, row.id)) });
  };
}

export function listVolumes(deps: ApiDeps, detail: boolean) {
  return (req: ApiRequest): ApiReply => {
    const all = req.ctx.isAdmin && ['1', 'true', 'True'].includes(req.query.get('all_tenants') ?? '');
    const rows = (deps.db.prepare('SELECT * FROM volumes ORDER BY created_at DESC, id').all() as VolumeRow[])
      .filter((r) => (all ? true : r.project_id === req.ctx.projectId))
      .filter((r) => !req.query.has('status') || r.status === req.query.get('status'))
      .filter((r) => !req.query.has('name') || r.name === req.query.get('name'));
    return ok({ volumes: rows.map((r) => (detail ? volumeDetail(deps.baseUrl, req, r, attachmentsOf(deps, r.id)) : volumeSummary(deps.baseUrl, r))) });
  };
}

export function deleteVolume(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const row = findVolume(deps, req, req.params.id);
    if (!DELETABLE.has(row.status) || row.attach_status === 'attached') {
      throw badRequest('Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.', 'badRequest');
    }
    deps.db.transaction(() => {
      deps.db.prepare('DELETE FROM volume_attachments WHERE volume_id = ?').run(row.id);
      deps.db.prepare('DELETE FROM volumes WHERE id = ?').run(row.id);
    })();
    return empty(202);
  };
}

/** Cinder's default quotas ([DEFAULT] quota_volumes …); cinder-lite keeps no per-project limits. */
export const QUOTA_DEFAULTS = { volumes: 10, snapshots: 10, gigabytes: 1000, backups: 10, backup_gigabytes: 1000, per_volume_gigabytes: -1, groups: 10, volumes___DEFAULT__: -1, snapshots___DEFAULT__: -1, gigabytes___DEFAULT__: -1 };

/** The project's volumes and their gigabytes (cinder-lite has no snapshots or backups). */
export function volumeUsage(deps: ApiDeps, project: string): { n: number; g: number } {
  return deps.db.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS g FROM volumes WHERE project_id = ?').get(project) as { n: number; g: number };
}

export function showQuotas(deps: ApiDeps, defaults: boolean) {
  return (req: ApiRequest): ApiReply => {
    const project = req.params.project_id;
    if (!defaults && ['true', 'True', '1'].includes(req.query.get('usage') ?? '')) {
      const used = volumeUsage(deps, project);
      const withUsage = Object.fromEntries(Object.entries(QUOTA_DEFAULTS).map(([k, limit]) => [k, { limit, in_use: k === 'volumes' ? used.n : k === 'gigabytes' ? used.g : 0, reserved: 0, allocated: 0 }]));
      return ok({ quota_set: { id: project, ...withUsage } });
    }
    return ok({ quota_set: { id: project, ...QUOTA_DEFAULTS } });
  };
}
