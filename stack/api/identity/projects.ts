// GET /v3/projects (?name=) and /v3/projects/{id}: enough for `openstack quota show <name>`,
// which looks a project up by id first (404) and then by name. Non-admins see their own.

import type { ApiDeps } from '../api-deps.js';
import { ApiError } from '../http/api-error.js';
import { ok, type ApiReply } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';

interface ProjectRow { id: string; name: string; domain_id: string }

function view(deps: ApiDeps, p: ProjectRow) {
  return {
    id: p.id, name: p.name, domain_id: p.domain_id, description: '', enabled: true, is_domain: false,
    parent_id: p.domain_id, tags: [], options: {}, links: { self: `${deps.baseUrl}/v3/projects/${p.id}` },
  };
}

function visible(deps: ApiDeps, req: ApiRequest): ProjectRow[] {
  const rows = deps.db.prepare('SELECT id, name, domain_id FROM projects ORDER BY name').all() as ProjectRow[];
  if (req.ctx.isAdmin) return rows;
  return rows.filter((p) => deps.tokens.roles(req.ctx.userId ?? '', p.id).length > 0);
}

export function listProjects(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const name = req.query.get('name');
    const rows = visible(deps, req).filter((p) => name === null || p.name === name);
    return ok({ projects: rows.map((p) => view(deps, p)), links: { self: `${deps.baseUrl}/v3/projects`, previous: null, next: null } });
  };
}

export function showProject(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const p = visible(deps, req).find((row) => row.id === req.params.id);
    if (!p) throw new ApiError(404, `Could not find project: ${req.params.id}.`, 'Not Found');
    return ok({ project: view(deps, p) });
  };
}
