// cinder-lite's volume types: __DEFAULT__ (cinder's default type, always there) and any an admin
// creates; list, show, create and delete as cinder's v3 types API answers them. A volume keeps
// its type's name; nova checks a block device's volume_type (2.67) against this list.

import { randomUUID } from 'node:crypto';
import type { ApiDeps } from '../api-deps.js';
import { ApiError, badRequest, notFound } from '../http/api-error.js';
import { empty, ok, type ApiReply } from '../http/reply.js';
import { bodyObject, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import type { Db } from '../../db/open-db.js';
import { pyRepr } from '../compute/actions/action-spec.js';

export interface VolumeTypeRow { id: string; name: string; description: string | null; is_public: number }

export const DEFAULT_VOLUME_TYPE = { id: '00000000-0000-4000-8000-00000000000d', name: '__DEFAULT__', description: 'Default Volume Type' };

export function allVolumeTypes(db: Db): VolumeTypeRow[] {
  return db.prepare('SELECT * FROM volume_types ORDER BY name').all() as VolumeTypeRow[];
}

/** volume_types.get_by_name_or_id. */
export function volumeTypeByNameOrId(db: Db, nameOrId: string): VolumeTypeRow | undefined {
  return allVolumeTypes(db).find((t) => t.id === nameOrId) ?? allVolumeTypes(db).find((t) => t.name === nameOrId);
}

function view(req: ApiRequest, t: VolumeTypeRow) {
  const out: Record<string, unknown> = {
    id: t.id, name: t.name, is_public: !!t.is_public, description: t.description, 'os-volume-type-access:is_public': !!t.is_public,
  };
  // volume_extension:access_types_extra_specs and access_types_qos_specs_id are admin rules.
  if (req.ctx.isAdmin) { out.extra_specs = {}; out.qos_specs_id = null; }
  return out;
}

function find(deps: ApiDeps, id: string): VolumeTypeRow {
  const t = deps.db.prepare('SELECT * FROM volume_types WHERE id = ?').get(id) as VolumeTypeRow | undefined;
  if (!t) throw notFound(`Volume type ${id} could not be found.`, 'itemNotFound');
  return t;
}

function create(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const body = bodyObject(req, 'volume_type');
    if (typeof body.name !== 'string') throw badRequest(`Invalid input for field/attribute volume_type. Value: ${pyRepr(body, false)}. ${body.name === undefined ? "'name' is a required property" : `${pyRepr(body.name)} is not of type 'string'`}`, 'badRequest');
    const name = body.name.trim();
    if (!name || name.length > 255) throw badRequest(`Invalid input for field/attribute name. Value: ${body.name}. ${pyRepr(body.name)} ${name ? 'is too long' : 'should be non-empty'}`, 'badRequest');
    if (deps.db.prepare('SELECT 1 FROM volume_types WHERE name = ?').get(name)) throw new ApiError(409, `Volume Type ${name} already exists.`, 'conflictingRequest');
    const isPublic = body['os-volume-type-access:is_public'] ?? body.is_public ?? true;
    const row: VolumeTypeRow = { id: randomUUID(), name, description: typeof body.description === 'string' ? body.description : null, is_public: isPublic === false || isPublic === 'false' || isPublic === 'False' ? 0 : 1 };
    deps.db.prepare('INSERT INTO volume_types (id, name, description, is_public) VALUES (@id, @name, @description, @is_public)').run(row);
    return ok({ volume_type: view(req, row) });
  };
}

function remove(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const t = find(deps, req.params.id);
    if (t.id === DEFAULT_VOLUME_TYPE.id) throw badRequest(`The volume type ${t.id} is a default volume type and cannot be deleted.`, 'badRequest');
    if (deps.db.prepare('SELECT 1 FROM volumes WHERE volume_type = ?').get(t.name)) throw badRequest('Target volume type is still in use.', 'badRequest');
    deps.db.prepare('DELETE FROM volume_types WHERE id = ?').run(t.id);
    return empty(202);
  };
}

export function volumeTypeRoutes(deps: ApiDeps): Route[] {
  return [
    { method: 'GET', pattern: '/v3/types', handler: (req) => ok({ volume_types: allVolumeTypes(deps.db).filter((t) => t.is_public || req.ctx.isAdmin).map((t) => view(req, t)) }) },
    { method: 'GET', pattern: '/v3/types/{id}', handler: (req) => ok({ volume_type: view(req, find(deps, req.params.id)) }) },
    { method: 'POST', pattern: '/v3/types', handler: create(deps) },
    { method: 'DELETE', pattern: '/v3/types/{id}', handler: remove(deps) },
  ];
}
