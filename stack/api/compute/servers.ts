// Servers: list (with Nova's filters), detail, show, rename (PUT) and delete (server-delete.ts).

import type { ApiDeps } from '../api-deps.js';
import { badRequest } from '../http/api-error.js';
import { ok, type ApiReply } from '../http/reply.js';
import { bodyObject, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { createServer } from './server-create.js';
import { serverActionRoute } from './server-actions.js';
import { serverDetail, serverStatus, serverSummary } from './server-view.js';
import { getInstance, INSTANCE_COLUMNS, updateInstance, type InstanceRow } from './instances.js';
import { deleteServer } from './server-delete.js';
import { isSupported } from './microversion.js';
import { checkDescription } from './server-fields.js';

const truthy = (v: string | null) => v !== null && ['1', 't', 'true', 'on', 'y', 'yes'].includes(v.toLowerCase());

function nameMatcher(pattern: string): (name: string) => boolean {
  try {
    const re = new RegExp(pattern);
    return (n) => re.test(n);
  } catch {
    return (n) => n.includes(pattern);
  }
}

/** The instance's fixed addresses of one IP version (regex filters `ip` and `ip6` match them). */
function fixedIps(deps: ApiDeps, uuid: string, v6: boolean): string[] {
  return (deps.db.prepare('SELECT ip_address FROM ports WHERE device_id = ?').all(uuid) as { ip_address: string }[])
    .map((p) => p.ip_address).filter((a) => a.includes(':') === v6);
}

/**
 * Filters of GET /servers[/detail], each a predicate on the row. Some are admin-only, as in
 * Nova; `usersFrom` is the microversion from which other users may use them too.
 */
const FILTERS: { param: string; admin?: boolean; usersFrom?: string; test: (row: InstanceRow, value: string, deps: ApiDeps) => boolean }[] = [
  { param: 'name', test: (r, v) => nameMatcher(v)(r.name) },
  { param: 'status', test: (r, v) => serverStatus(r.vm_state, r.task_state) === v.toUpperCase() },
  { param: 'image', test: (r, v) => r.image_ref === v.split('/').pop() },
  { param: 'flavor', test: (r, v) => r.flavor_id === v.split('/').pop() },
  { param: 'reservation_id', test: (r, v) => r.reservation_id === v },
  { param: 'changes-since', test: (r, v) => Date.parse(r.updated_at) >= Date.parse(v) },
  { param: 'host', admin: true, test: (r, v) => r.host === v },
  { param: 'node', admin: true, test: (r, v) => r.node === v },
  { param: 'ip6', admin: true, usersFrom: '2.5', test: (r, v, deps) => fixedIps(deps, r.uuid, true).some((a) => nameMatcher(v)(a)) },
];

function listRows(deps: ApiDeps, req: ApiRequest): InstanceRow[] {
  const q = req.query;
  const allProjects = req.ctx.isAdmin && truthy(q.get('all_tenants'));
  const project = req.ctx.isAdmin ? q.get('project_id') ?? q.get('tenant_id') : null;
  let rows = (deps.db.prepare(`SELECT ${INSTANCE_COLUMNS} FROM instances WHERE deleted_at IS NULL ORDER BY created_at DESC, uuid DESC`).all() as InstanceRow[])
    .filter((r) => (project ? r.project_id === project : allProjects || r.project_id === req.ctx.projectId));
  for (const f of FILTERS) {
    const v = q.get(f.param);
    const allowed = !f.admin || req.ctx.isAdmin || (f.usersFrom !== undefined && isSupported(req, f.usersFrom));
    if (v !== null && allowed) rows = rows.filter((r) => f.test(r, v, deps));
  }
  const marker = q.get('marker');
  if (marker !== null) {
    const at = rows.findIndex((r) => r.uuid === marker);
    if (at < 0) throw badRequest(`marker [${marker}] not found`);
    rows = rows.slice(at + 1);
  }
  const limit = q.get('limit');
  if (limit !== null) {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 0) throw badRequest(`Invalid input for field/attribute limit. Value: ${limit}.`);
    rows = rows.slice(0, n);
  }
  return rows;
}

function updateServer(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const inst = getInstance(deps, req, req.params.id);
    const body = bodyObject(req, 'server');
    const changes: Parameters<typeof updateInstance>[2] = {};
    if (typeof body.name === 'string') changes.name = body.name;
    if ('accessIPv4' in body) changes.access_ip_v4 = (body.accessIPv4 as string | null) ?? null;
    if ('accessIPv6' in body) changes.access_ip_v6 = (body.accessIPv6 as string | null) ?? null;
    if (isSupported(req, '2.19') && 'description' in body) changes.display_description = checkDescription(body.description);
    updateInstance(deps.db, inst.uuid, changes);
    return ok({ server: serverDetail(deps, req, getInstance(deps, req, inst.uuid), { basic: true }) });
  };
}

export function serverRoutes(deps: ApiDeps): Route[] {
  const calls = (m: string) => `servers.ServersController.${m}`;
  return [
    { method: 'GET', pattern: '/v2.1/servers', calls: calls('index'), handler: (req) => ok({ servers: listRows(deps, req).map((r) => serverSummary(deps, r)) }) },
    { method: 'GET', pattern: '/v2.1/servers/detail', calls: calls('detail'), handler: (req) => ok({ servers: listRows(deps, req).map((r) => serverDetail(deps, req, r)) }) },
    { method: 'GET', pattern: '/v2.1/servers/{id}', calls: calls('show'), handler: (req) => ok({ server: serverDetail(deps, req, getInstance(deps, req, req.params.id)) }) },
    { method: 'POST', pattern: '/v2.1/servers', calls: calls('create'), handler: createServer(deps) },
    { method: 'PUT', pattern: '/v2.1/servers/{id}', calls: calls('update'), handler: updateServer(deps) },
    { method: 'DELETE', pattern: '/v2.1/servers/{id}', calls: calls('delete'), handler: deleteServer(deps) },
    serverActionRoute(deps),
  ];
}
