// /v3/roles (list ?name=, show, create, delete), project grants
// (/v3/projects/{p}/users/{u}/roles[/{r}]: list, check, grant, revoke) and /v3/role_assignments
// (?user.id=, ?scope.project.id=, ?role.id=, ?include_names), in keystone's formats.

import type { ApiDeps } from '../api-deps.js';
import { empty, json, ok, type ApiReply } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import { IdentityStore, type Grant } from './identity-store.js';
import { collection, DEFAULT_DOMAIN_ID, duplicate, entity, nameOf, notFound, roleView } from './identity-views.js';

function getRole(store: IdentityStore, id: string) {
  const r = store.role(id);
  if (!r) throw notFound('role', id);
  return r;
}

export function listRoles(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    const name = req.query.get('name');
    const rows = store.roles().filter((r) => name === null || r.name === name);
    return ok(collection(deps.baseUrl, 'roles', 'roles', rows.map((r) => roleView(deps.baseUrl, r))));
  };
}

export function showRole(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => ok({ role: roleView(deps.baseUrl, getRole(new IdentityStore(deps.db), req.params.role_id)) });
}

export function createRole(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    const body = entity(req.body, 'role');
    const name = nameOf(body, true)!;
    if (store.roleNamed(name)) throw duplicate('role', name, null);
    const description = typeof body.description === 'string' ? body.description : null;
    return json(201, { role: roleView(deps.baseUrl, store.createRole(name, description)) });
  };
}

export function deleteRole(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    store.deleteRole(getRole(store, req.params.role_id));
    return empty(204);
  };
}

/** The project, user (and role) a grant route names, each 404 in keystone's words when unknown. */
function grantTarget(store: IdentityStore, req: ApiRequest) {
  const project = store.project(req.params.project_id);
  if (!project) throw notFound('project', req.params.project_id);
  const user = store.user(req.params.user_id);
  if (!user) throw notFound('user', req.params.user_id);
  const role = req.params.role_id === undefined ? undefined : getRole(store, req.params.role_id);
  return { project, user, role };
}

export function listGrants(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    const { project, user } = grantTarget(store, req);
    const names = new Set(store.grants({ userId: user.id, projectId: project.id }).map((g) => g.role));
    const rows = store.roles().filter((r) => names.has(r.name));
    return ok(collection(deps.baseUrl, `projects/${project.id}/users/${user.id}/roles`, 'roles', rows.map((r) => roleView(deps.baseUrl, r))));
  };
}

export function checkGrant(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    const { project, user, role } = grantTarget(store, req);
    if (store.grants({ userId: user.id, projectId: project.id, role: role!.name }).length === 0) {
      throw notFound('role assignment', `${role!.id} for user ${user.id} on project ${project.id}`);
    }
    return empty(204);
  };
}

export function createGrant(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    const { project, user, role } = grantTarget(store, req);
    store.grant(user.id, project.id, role!.name);
    return empty(204);
  };
}

export function revokeGrant(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    const { project, user, role } = grantTarget(store, req);
    if (!store.revoke(user.id, project.id, role!.name)) throw notFound('role assignment', `${role!.id} for user ${user.id} on project ${project.id}`);
    return empty(204);
  };
}

function assignmentView(deps: ApiDeps, store: IdentityStore, g: Grant, names: boolean) {
  const role = store.roleNamed(g.role);
  const user = store.user(g.user_id);
  const project = store.project(g.project_id);
  const domain = { id: DEFAULT_DOMAIN_ID, name: 'Default' };
  return {
    role: names ? { id: role?.id, name: g.role } : { id: role?.id },
    user: names ? { id: g.user_id, name: user?.name, domain } : { id: g.user_id },
    scope: { project: names ? { id: g.project_id, name: project?.name, domain } : { id: g.project_id } },
    links: { assignment: `${deps.baseUrl}/v3/projects/${g.project_id}/users/${g.user_id}/roles/${role?.id}` },
  };
}

export function listRoleAssignments(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    const q = req.query;
    const roleId = q.get('role.id');
    const role = roleId === null ? undefined : store.role(roleId)?.name ?? '';
    const grants = store.grants({ userId: q.get('user.id') ?? undefined, projectId: q.get('scope.project.id') ?? undefined, role });
    const names = q.has('include_names') && !['0', 'false', 'False'].includes(q.get('include_names') ?? '');
    return ok(collection(deps.baseUrl, 'role_assignments', 'role_assignments', grants.map((g) => assignmentView(deps, store, g, names))));
  };
}
