// /v3/users: list (?name=, ?domain_id=), show, create, update (PATCH: name, password, enabled,
// email, description, default_project_id) and delete, and /v3/users/{id}/projects, in
// keystone's formats. A disabled user, a changed password or a deleted user ends its tokens.

import type { ApiDeps } from '../api-deps.js';
import { empty, json, ok, type ApiReply } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import { IdentityStore } from './identity-store.js';
import { collection, domainOf, duplicate, entity, extras, invalid, nameOf, notFound, projectView, userView } from './identity-views.js';

const USER_EXTRAS = ['email', 'description', 'default_project_id'] as const;

function getUser(store: IdentityStore, id: string) {
  const u = store.user(id);
  if (!u) throw notFound('user', id);
  return u;
}

function password(body: Record<string, unknown>): string | undefined {
  const v = body.password;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid('password', `${JSON.stringify(v)} is not of type 'string', 'null'`);
  return v;
}

function checkDefaultProject(store: IdentityStore, body: Record<string, unknown>): void {
  const p = body.default_project_id;
  if (p !== undefined && p !== null && !store.project(String(p))) throw notFound('project', String(p));
}

export function listUsers(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    const name = req.query.get('name');
    const domain = req.query.get('domain_id');
    const rows = store.users().filter((u) => (name === null || u.name === name) && (domain === null || u.domain_id === domain));
    return ok(collection(deps.baseUrl, 'users', 'users', rows.map((u) => userView(deps.baseUrl, store, u))));
  };
}

export function showUser(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    return ok({ user: userView(deps.baseUrl, store, getUser(store, req.params.user_id)) });
  };
}

export function createUser(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    const body = entity(req.body, 'user');
    const name = nameOf(body, true)!;
    const domain = domainOf(body);
    checkDefaultProject(store, body);
    if (store.userNamed(name)) throw duplicate('user', name, domain);
    const u = store.createUser(name, password(body) ?? '', domain, extras(body, USER_EXTRAS));
    return json(201, { user: userView(deps.baseUrl, store, u) });
  };
}

export function updateUser(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    const u = getUser(store, req.params.user_id);
    const body = entity(req.body, 'user');
    const name = nameOf(body, false);
    const other = name === undefined ? undefined : store.userNamed(name);
    if (other && other.id !== u.id) throw duplicate('user', name!, u.domain_id);
    checkDefaultProject(store, body);
    store.updateUser(u.id, { name, password: password(body) }, extras(body, USER_EXTRAS));
    return ok({ user: userView(deps.baseUrl, store, getUser(store, u.id)) });
  };
}

export function deleteUser(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    store.deleteUser(getUser(store, req.params.user_id).id);
    return empty(204);
  };
}

/** GET /v3/users/{id}/projects: the projects the user has a role on. */
export function listUserProjects(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    const u = getUser(store, req.params.user_id);
    const ids = new Set(store.grants({ userId: u.id }).map((g) => g.project_id));
    const rows = store.projects().filter((p) => ids.has(p.id));
    return ok(collection(deps.baseUrl, `users/${u.id}/projects`, 'projects', rows.map((p) => projectView(deps.baseUrl, store, p))));
  };
}
