// Servers: list (with Nova's filters, all_tenants/tenant_id, changes-since and changes-before with the deleted ones,
// limit/marker and the next link), detail, show, update (PUT, validated) and delete (server-delete.ts).

import { refuseUnknownQuery } from './strict-query.js';
import type { ApiDeps } from '../api-deps.js';
import { badRequest } from '../http/api-error.js';
import { ok, type ApiReply } from '../http/reply.js';
import { bodyObject, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { createServer } from './server-create.js';
import { serverActionRoute } from './server-actions.js';
import { KNOWN_STATUSES, serverDetail, serverStatus, serverSummary } from './server-view.js';
import { appliesWithStatus, STATE_FILTERS } from './server-state-filters.js';
import { getInstance, INSTANCE_COLUMNS, updateInstance, type InstanceRow } from './instances.js';
import { deleteServer } from './server-delete.js';
import { isSupported } from './microversion.js';
import { checkDescription } from './server-fields.js';
import { checkAccessIp, checkServerName } from './server-validation.js';
import { checkHostname } from './server-hostname.js';
import { changesWindow, inWindow, windowIsOpen } from './changes-window.js';
import { limitAndMarker, MAX_LIMIT, nextLink } from './pagination.js';
import { authorizeAction } from './policy.js';
import { instanceTags, TAG_FILTERS } from './server-tags.js';
import { serverOrder } from './server-sort.js';

/** oslo's bool_from_string(strict=True): anything else is Nova's 400. */
function boolFromString(v: string): boolean {
  const t = v.trim().toLowerCase();
  if (['1', 't', 'true', 'on', 'y', 'yes'].includes(t)) return true;
  if (['0', 'f', 'false', 'off', 'n', 'no'].includes(t)) return false;
  throw badRequest(`Unrecognized value '${v}', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'`);
}

/** common.is_all_tenants: present with an empty value means yes. */
function allTenants(q: URLSearchParams): boolean {
  const v = q.get('all_tenants');
  return v === null ? false : v === '' ? true : boolFromString(v);
}

function nameMatcher(pattern: string): (name: string) => boolean {
  try {
    const re = new RegExp(pattern);
    return (n) => re.test(n);
  } catch {
    return (n) => n.includes(pattern);
  }
}

/** The ip/ip6 filters: a regex matched at the start of an address, as re.match does. */
function addressMatcher(param: string, pattern: string): (address: string) => boolean {
  try {
    const re = new RegExp(`^(?:${pattern})`);
    return (a) => re.test(a);
  } catch {
    throw badRequest(`Invalid filter field: ${param}.`);
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
  { param: 'ip', test: (r, v, deps) => fixedIps(deps, r.uuid, false).some(addressMatcher('ip', v)) },
  { param: 'host', admin: true, test: (r, v) => r.host === v },
  { param: 'node', admin: true, test: (r, v) => r.node === v },
  { param: 'ip6', admin: true, usersFrom: '2.5', test: (r, v, deps) => fixedIps(deps, r.uuid, true).some(addressMatcher('ip6', v)) },
  // common.is_locked: admins may filter by it at every version (all filters are theirs), users from 2.73.
  { param: 'locked', admin: true, usersFrom: '2.73', test: (r, v) => (r.locked === 1) === isLocked(v) },
];

/** common.is_locked: bool_from_string(strict=True), whose ValueError is Nova's InvalidInput (400). */
function isLocked(v: string): boolean {
  try {
    return boolFromString(v);
  } catch (e) {
    throw badRequest(`Invalid input received: ${(e as Error).message}`);
  }
}

/**
 * servers.index_query_v275: every parameter Nova's list schema names (the joined-table ones and
 * those starting with "_" too, which Nova refuses later); from 2.75 nothing else.
 */
const LIST_QUERY = ['user_id', 'project_id', 'tenant_id', 'launch_index', 'image_ref', 'image', 'kernel_id', 'ramdisk_id', 'hostname', 'key_name',
  'power_state', 'vm_state', 'task_state', 'host', 'node', 'flavor', 'reservation_id', 'launched_at', 'terminated_at', 'availability_zone', 'name',
  'display_name', 'description', 'display_description', 'locked_by', 'uuid', 'root_device_name', 'config_drive', 'access_ip_v4', 'access_ip_v6',
  'auto_disk_config', 'progress', 'sort_key', 'sort_dir', 'all_tenants', 'soft_deleted', 'deleted', 'status', 'changes-since', 'ip', 'ip6', 'created_at',
  'block_device_mapping', 'services', 'metadata', 'system_metadata', 'info_cache', 'security_groups', 'pci_devices', 'limit', 'marker',
  'tags', 'tags-any', 'not-tags', 'not-tags-any', 'changes-before', 'locked'];

function listRows(deps: ApiDeps, req: ApiRequest, detail: boolean): InstanceRow[] {
  const q = req.query;
  if (isSupported(req, '2.75')) refuseUnknownQuery(req, LIST_QUERY, /^_/);
  const status = q.get('status');
  // task_and_vm_state_from_status finds no state for it: 400 from 2.38, an empty list before.
  if (status !== null && !KNOWN_STATUSES.has(status.toUpperCase())) {
    if (isSupported(req, '2.38')) throw badRequest('Invalid status value');
    return [];
  }
  const changes = changesWindow(req);
  const all = allTenants(q);
  if (all) authorizeAction(req.ctx, { action: `os_compute_api:servers:${detail ? 'detail' : 'index'}:get_all_tenants`, rule: 'admin' });
  // tenant_id (or project_id) narrows only an all_tenants listing; otherwise it is the caller's project.
  const project = all ? (req.ctx.isAdmin ? q.get('tenant_id') ?? q.get('project_id') : null) : req.ctx.projectId;
  // changes-since and changes-before (2.66) also return the servers deleted in the window (status DELETED).
  const deleted = windowIsOpen(changes) ? 'WHERE deleted_at IS NULL' : '';
  const locked = q.get('locked');
  if (locked !== null && (req.ctx.isAdmin || isSupported(req, '2.73'))) isLocked(locked);
  const order = serverOrder(req);
  let rows = (deps.db.prepare(`SELECT ${INSTANCE_COLUMNS} FROM instances ${deleted}`).all() as InstanceRow[])
    .sort(order).filter((r) => (project === null || r.project_id === project) && inWindow(changes, r.updated_at));
  for (const f of FILTERS) {
    const v = q.get(f.param);
    const allowed = !f.admin || req.ctx.isAdmin || (f.usersFrom !== undefined && isSupported(req, f.usersFrom));
    if (v !== null && allowed) rows = rows.filter((r) => f.test(r, v, deps));
  }
  // Admins' at every version, everybody's from 2.83 (other users' are dropped before, as remove_invalid_options does).
  if (req.ctx.isAdmin || isSupported(req, '2.83')) {
    for (const f of STATE_FILTERS) {
      const v = q.get(f.param);
      if (v !== null && appliesWithStatus(f.param, status)) rows = rows.filter((r) => f.test(r, v, deps.db));
    }
  }
  if (isSupported(req, '2.26')) {
    for (const [param, test] of Object.entries(TAG_FILTERS)) {
      const v = q.get(param);
      if (v !== null) rows = rows.filter((r) => test(new Set(instanceTags(deps.db, r.uuid)), v.split(',')));
    }
  }
  const { limit, marker } = limitAndMarker(req);
  if (marker !== undefined) {
    const at = rows.findIndex((r) => r.uuid === marker);
    if (at < 0) throw badRequest(`marker [${marker}] not found`);
    rows = rows.slice(at + 1);
  }
  return rows.slice(0, Math.min(limit ?? MAX_LIMIT, MAX_LIMIT));
}

/** The list with servers_links when the page is full. */
function listReply(deps: ApiDeps, req: ApiRequest, detail: boolean): ApiReply {
  const rows = listRows(deps, req, detail);
  const { limit } = limitAndMarker(req);
  const max = Math.min(limit ?? MAX_LIMIT, MAX_LIMIT);
  const out: Record<string, unknown> = { servers: rows.map((r) => (detail ? serverDetail(deps, req, r) : serverSummary(deps, r))) };
  if (rows.length && rows.length === max) out.servers_links = nextLink(deps.baseUrl, detail ? 'servers/detail' : 'servers', req, rows[rows.length - 1].uuid);
  return ok(out);
}

/** The fields of PUT /servers/{id} (base_update; description from 2.19, hostname from 2.90). */
const UPDATABLE = ['name', 'accessIPv4', 'accessIPv6', 'OS-DCF:diskConfig'];

function updateServer(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const body = bodyObject(req, 'server');
    const allowed = [...UPDATABLE, ...(isSupported(req, '2.19') ? ['description'] : []), ...(isSupported(req, '2.90') ? ['hostname'] : [])];
    const extra = Object.keys(body).filter((k) => !allowed.includes(k));
    if (extra.length) throw badRequest(`Invalid input for field/attribute server. Value: ${JSON.stringify(body)}. Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
    const changes: Parameters<typeof updateInstance>[2] = {};
    if ('name' in body) changes.name = checkServerName(body.name);
    if ('accessIPv4' in body) changes.access_ip_v4 = checkAccessIp('accessIPv4', body.accessIPv4);
    if ('accessIPv6' in body) changes.access_ip_v6 = checkAccessIp('accessIPv6', body.accessIPv6);
    if ('description' in body) changes.display_description = checkDescription(body.description);
    if ('hostname' in body) changes.hostname = checkHostname(body.hostname);
    const inst = getInstance(deps, req, req.params.id);
    updateInstance(deps.db, inst.uuid, changes);
    // 2.75: the whole server, as show answers it.
    return ok({ server: serverDetail(deps, req, getInstance(deps, req, inst.uuid), { basic: !isSupported(req, '2.75'), showServerGroups: true }) });
  };
}

export function serverRoutes(deps: ApiDeps): Route[] {
  const calls = (m: string) => `servers.ServersController.${m}`;
  return [
    { method: 'GET', pattern: '/v2.1/servers', calls: calls('index'), handler: (req) => listReply(deps, req, false) },
    { method: 'GET', pattern: '/v2.1/servers/detail', calls: calls('detail'), handler: (req) => listReply(deps, req, true) },
    { method: 'GET', pattern: '/v2.1/servers/{id}', calls: calls('show'), handler: (req) => ok({ server: serverDetail(deps, req, getInstance(deps, req, req.params.id), { showServerGroups: true }) }) },
    { method: 'POST', pattern: '/v2.1/servers', calls: calls('create'), handler: createServer(deps) },
    { method: 'PUT', pattern: '/v2.1/servers/{id}', calls: calls('update'), handler: updateServer(deps) },
    { method: 'DELETE', pattern: '/v2.1/servers/{id}', calls: calls('delete'), handler: deleteServer(deps) },
    serverActionRoute(deps),
  ];
}
