// Server tags (microversion 2.26): /servers/{id}/tags and /servers/{id}/tags/{tag}, as Nova's
// ServerTagsController answers them. The server is found through its mapping first (a server
// never created is "not mapped to a cell"), then the tags policy is checked against the server's
// project (403 for another project's server, as Nova does), then the server itself (404 once
// deleted). Changing tags needs an active, paused, suspended or stopped server (409).

import type { Db } from '../../db/open-db.js';
import type { ApiDeps } from '../api-deps.js';
import { badRequest, conflict, notFound, policyForbids } from '../http/api-error.js';
import { empty, ok } from '../http/reply.js';
import { isObject, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { INSTANCE_COLUMNS, instanceNotFound, type InstanceRow } from './instances.js';
import { pyRepr } from './actions/action-spec.js';
import { isSupported } from './microversion.js';

/** nova.objects.instance.MAX_TAG_COUNT and nova.objects.tag.MAX_TAG_LENGTH. */
export const MAX_TAG_COUNT = 50;
const MAX_TAG_LENGTH = 60;
const TAG_PATTERN = '^[^,/]*$';
const CHANGEABLE_STATES = ['active', 'paused', 'suspended', 'stopped'];
const POLICY = 'os_compute_api:os-server-tags';

export function instanceTags(db: Db, uuid: string): string[] {
  return (db.prepare('SELECT tag FROM tags WHERE resource_id = ? ORDER BY tag').all(uuid) as { tag: string }[]).map((r) => r.tag);
}

/** jsonschema's complaint about a tag (parameter_types.tag), or null. */
function tagProblem(tag: unknown): string | null {
  if (typeof tag !== 'string') return `${pyRepr(tag)} is not of type 'string'`;
  if (!new RegExp(TAG_PATTERN).test(tag)) return `${pyRepr(tag)} does not match '${TAG_PATTERN}'`;
  if ([...tag].length < 1) return `${pyRepr(tag)} is too short`;
  if ([...tag].length > MAX_TAG_LENGTH) return `${pyRepr(tag)} is too long`;
  return null;
}

/** The PUT /tags body (schemas.server_tags.update_all), worded as Nova's validator words it. */
function checkUpdateAll(body: unknown): string[] {
  if (!isObject(body)) throw badRequest(`${pyRepr(body ?? null)} is not of type 'object'`);
  if (!('tags' in body)) throw badRequest("'tags' is a required property");
  const tags = body.tags;
  if (!Array.isArray(tags)) throw badRequest(`Invalid input for field/attribute tags. Value: ${pyRepr(tags, false)}. ${pyRepr(tags)} is not of type 'array'`);
  for (const [i, t] of tags.entries()) {
    const problem = tagProblem(t);
    if (problem) throw badRequest(`Invalid input for field/attribute ${i}. Value: ${pyRepr(t, false)}. ${problem}`);
  }
  if (tags.length > MAX_TAG_COUNT) throw badRequest(`Invalid input for field/attribute tags. Value: ${pyRepr(tags, false)}. ${pyRepr(tags)} is too long`);
  const extra = Object.keys(body).filter((k) => k !== 'tags');
  if (extra.length) throw badRequest(`Additional properties are not allowed (${extra.map((k) => pyRepr(k)).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
  return [...new Set(tags as string[])];
}

/** The tags of POST /servers (create_v252's `tags`): an additional property of `server` before 2.52. */
export function requestedTags(req: ApiRequest, server: Record<string, unknown>): string[] {
  if (!('tags' in server)) return [];
  if (!isSupported(req, '2.52')) throw badRequest(`Invalid input for field/attribute server. Value: ${pyRepr(server)}. Additional properties are not allowed ('tags' was unexpected)`);
  const tags = server.tags;
  if (!Array.isArray(tags)) throw badRequest(`Invalid input for field/attribute tags. Value: ${pyRepr(tags, false)}. ${pyRepr(tags)} is not of type 'array'`);
  for (const [i, t] of tags.entries()) {
    const problem = tagProblem(t);
    if (problem) throw badRequest(`Invalid input for field/attribute ${i}. Value: ${pyRepr(t, false)}. ${problem}`);
  }
  if (tags.length > MAX_TAG_COUNT) throw badRequest(`Invalid input for field/attribute tags. Value: ${pyRepr(tags, false)}. ${pyRepr(tags)} is too long`);
  return [...new Set(tags as string[])];
}

export function serverTagRoutes(deps: ApiDeps): Route[] {
  const db = deps.db;
  const calls = (m: string) => `server_tags.ServerTagsController.${m}`;

  /** The mapping, the policy on the server's project, then the live server. */
  function server(req: ApiRequest, rule: string): InstanceRow {
    const id = req.params.id;
    const row = db.prepare(`SELECT ${INSTANCE_COLUMNS} FROM instances WHERE uuid = ?`).get(id) as InstanceRow | undefined;
    if (!row) throw notFound(`Instance ${id} has not been mapped to a cell.`);
    if (!req.ctx.isAdmin && row.project_id !== req.ctx.projectId) throw policyForbids(`${POLICY}:${rule}`);
    if (row.deleted_at !== null) throw instanceNotFound(id);
    return row;
  }

  function changeable(req: ApiRequest, rule: string, method: string): InstanceRow {
    const row = server(req, rule);
    if (!CHANGEABLE_STATES.includes(row.vm_state)) throw conflict(`Cannot '${method}' instance ${row.uuid} while it is in vm_state ${row.vm_state}`);
    return row;
  }

  return ([
    { method: 'GET', pattern: '/v2.1/servers/{id}/tags', calls: calls('index'), handler: (req) => {
      const row = server(req, 'index');
      return ok({ tags: instanceTags(db, row.uuid) });
    } },
    { method: 'GET', pattern: '/v2.1/servers/{id}/tags/{tag}', calls: calls('show'), handler: (req) => {
      const row = server(req, 'show');
      if (!instanceTags(db, row.uuid).includes(req.params.tag)) throw notFound(`Server ${row.uuid} has no tag '${req.params.tag}'`);
      return empty(204);
    } },
    { method: 'PUT', pattern: '/v2.1/servers/{id}/tags', calls: calls('update_all'), handler: (req) => {
      const tags = checkUpdateAll(req.body);
      const row = changeable(req, 'update_all', 'update tags');
      db.transaction(() => {
        db.prepare('DELETE FROM tags WHERE resource_id = ?').run(row.uuid);
        for (const t of tags) db.prepare('INSERT INTO tags (resource_id, tag) VALUES (?, ?)').run(row.uuid, t);
      })();
      return ok({ tags: instanceTags(db, row.uuid) });
    } },
    { method: 'PUT', pattern: '/v2.1/servers/{id}/tags/{tag}', calls: calls('update'), handler: (req) => {
      if (req.body !== undefined && req.body !== null) throw badRequest(`${pyRepr(req.body)} is not of type 'null'`);
      const row = changeable(req, 'update', 'update tag');
      const tag = req.params.tag;
      const problem = tagProblem(tag);
      if (problem) throw badRequest(`Tag '${tag}' is invalid. It must be a non empty string without characters '/' and ','. Validation error message: ${problem}`);
      const tags = instanceTags(db, row.uuid);
      if (tags.length >= MAX_TAG_COUNT) throw badRequest(`The number of tags exceeded the per-server limit ${MAX_TAG_COUNT}`);
      if (tags.includes(tag)) return empty(204);
      db.prepare('INSERT INTO tags (resource_id, tag) VALUES (?, ?)').run(row.uuid, tag);
      return empty(201, { Location: `${deps.baseUrl}/compute/v2.1/servers/${row.uuid}/tags/${tag}` });
    } },
    { method: 'DELETE', pattern: '/v2.1/servers/{id}/tags', calls: calls('delete_all'), handler: (req) => {
      const row = changeable(req, 'delete_all', 'delete tags');
      db.prepare('DELETE FROM tags WHERE resource_id = ?').run(row.uuid);
      return empty(204);
    } },
    { method: 'DELETE', pattern: '/v2.1/servers/{id}/tags/{tag}', calls: calls('delete'), handler: (req) => {
      const row = changeable(req, 'delete', 'delete tag');
      const gone = db.prepare('DELETE FROM tags WHERE resource_id = ? AND tag = ?').run(row.uuid, req.params.tag);
      if (gone.changes === 0) throw notFound(`Instance ${row.uuid} has no tag '${req.params.tag}'`);
      return empty(204);
    } },
  ] as Route[]).map((r) => ({ ...r, versions: ['2.26'] as const }));
}

/** The tag filters of GET /servers from 2.26 (comma-separated lists), as the DB API applies them. */
export const TAG_FILTERS: Record<string, (has: Set<string>, wanted: string[]) => boolean> = {
  tags: (has, wanted) => wanted.every((t) => has.has(t)),
  'tags-any': (has, wanted) => wanted.some((t) => has.has(t)),
  'not-tags': (has, wanted) => !wanted.every((t) => has.has(t)),
  'not-tags-any': (has, wanted) => !wanted.some((t) => has.has(t)),
};
