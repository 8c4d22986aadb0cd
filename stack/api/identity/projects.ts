// /v3/projects: list (?name=, ?domain_id=, ?enabled=), show, create, update (PATCH) and delete,
// in keystone's formats. Non-admins list only the projects they have a role on (the policy lets
// them read only their own); `openstack quota show <name>` looks a project up by id (404), then
// by name.

import type { ApiDeps } from '../api-deps.js';
import { empty, json, ok, type ApiReply } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import { IdentityStore } from './identity-store.js';
import { collection, domainOf, duplicate, entity, extras, nameOf, notFound, projectView } from './identity-views.js';

const PROJECT_EXTRAS = ['description'] as const;

function visible(deps: ApiDeps, store: IdentityStore, req: ApiRequest) {
  const rows = store.projects();
  if (req.ctx.isAdmin) return rows;
  return rows.filter((p) => deps.tokens.roles(req.ctx.userId ?? '', p.id).length > 0);
}

function getProject(store: IdentityStore, id: string) {
  const p = store.project(id);
  if (!p) throw notFound('project', id);
  return p;
}

export function listProjects(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    const name = req.query.get('name');
    const domain = req.query.get('domain_id');
    const enabled = req.query.get('enabled');
    const rows = visible(deps, store, req).filter((p) => (name === null || p.name === name) && (domain === null || p.domain_id === domain)
      && (enabled === null || store.enabled(p.id) === !['0', 'false', 'False'].includes(enabled)));
    return ok(collection(deps.baseUrl, 'projects', 'projects', rows.map((p) => projectView(deps.baseUrl, store, p))));
  };
}

export function showProject(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    return ok({ project: projectView(deps.baseUrl, store, getProject(store, req.params.id)) });
  };
}

export function createProject(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    const body = entity(req.body, 'project');
    const name = nameOf(body, true)!;
    const domain = domainOf(body);
    if (store.projectNamed(name)) throw duplicate('project', name, domain);
    const p = store.createProject(name, domain, extras(body, PROJECT_EXTRAS));
    return json(201, { project: projectView(deps.baseUrl, store, p) });
  };
}

export function updateProject(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    const p = getProject(store, req.params.id);
    const body = entity(req.body, 'project');
    const name = nameOf(body, false);
    const other = name === undefined ? undefined : store.projectNamed(name);
    if (other && other.id !== p.id) throw duplicate('project', name!, p.domain_id);
    store.updateProject(p.id, name, extras(body, PROJECT_EXTRAS));
    return ok({ project: projectView(deps.baseUrl, store, getProject(store, p.id)) });
  };
}

export function deleteProject(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const store = new IdentityStore(deps.db);
    store.deleteProject(getProject(store, req.params.id).id);
    return empty(204);
  };
}
