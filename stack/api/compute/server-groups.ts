// os-server-groups: `policies` (affinity or anti-affinity; soft-affinity and soft-anti-affinity
// from 2.15), members from server_group_members (filled when a server boots with the `group`
// scheduler hint), the owner's project_id and user_id from 2.13.

import { randomUUID } from 'node:crypto';
import type { ApiDeps } from '../api-deps.js';
import { badRequest, forbidden, notFound } from '../http/api-error.js';
import { empty, ok, type ApiReply } from '../http/reply.js';
import { bodyObject, requiredString, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { nowIso } from '../../db/open-db.js';
import { quotaLimits } from './quotas.js';
import { isSupported } from './microversion.js';

export const GROUP_POLICIES = ['affinity', 'anti-affinity', 'soft-affinity', 'soft-anti-affinity'] as const;

export interface GroupRow { id: number; uuid: string; name: string; project_id: string; user_id: string; policy: string; created_at: string }

export function groupNotFound(uuid: string) {
  return notFound(`Instance group ${uuid} could not be found.`);
}

export function findGroup(deps: ApiDeps, req: ApiRequest, uuid: string): GroupRow | undefined {
  const g = deps.db.prepare('SELECT * FROM server_groups WHERE uuid = ?').get(uuid) as GroupRow | undefined;
  return g && (req.ctx.isAdmin || g.project_id === req.ctx.projectId) ? g : undefined;
}

function view(deps: ApiDeps, req: ApiRequest, g: GroupRow) {
  const members = (deps.db.prepare(`SELECT m.instance_uuid FROM server_group_members m JOIN instances i ON i.uuid = m.instance_uuid
    WHERE m.group_id = ? AND i.deleted_at IS NULL ORDER BY i.created_at`).all(g.id) as { instance_uuid: string }[]).map((r) => r.instance_uuid);
  const out: Record<string, unknown> = { id: g.uuid, name: g.name, policies: [g.policy], members, metadata: {} };
  if (isSupported(req, '2.13')) { out.project_id = g.project_id; out.user_id = g.user_id; }
  return out;
}

function create(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const body = bodyObject(req, 'server_group');
    const name = requiredString(body, 'name');
    const policies = body.policies;
    const allowed: readonly string[] = isSupported(req, '2.15') ? GROUP_POLICIES : GROUP_POLICIES.slice(0, 2);
    if (!Array.isArray(policies) || policies.length !== 1 || !allowed.includes(policies[0] as never)) {
      throw badRequest(`Invalid input for field/attribute policies. Value: ${JSON.stringify(policies ?? null)}. ${JSON.stringify(policies ?? null)} is not valid under any of the given schemas`);
    }
    const project = req.ctx.projectId ?? '';
    const count = (deps.db.prepare('SELECT COUNT(*) AS n FROM server_groups WHERE project_id = ?').get(project) as { n: number }).n;
    if (count >= quotaLimits(deps, project).server_groups) throw forbidden('Quota exceeded, too many server groups.');
    const uuid = randomUUID();
    deps.db.prepare('INSERT INTO server_groups (uuid, name, project_id, user_id, policy, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(uuid, name, project, req.ctx.userId ?? '', policies[0], nowIso());
    return ok({ server_group: view(deps, req, findGroup(deps, req, uuid)!) });
  };
}

function getGroup(deps: ApiDeps, req: ApiRequest): GroupRow {
  const g = findGroup(deps, req, req.params.id);
  if (!g) throw groupNotFound(req.params.id);
  return g;
}

export function serverGroupRoutes(deps: ApiDeps): Route[] {
  const calls = (m: string) => `server_groups.ServerGroupController.${m}`;
  return [
    { method: 'GET', pattern: '/v2.1/os-server-groups', calls: calls('index'), handler: (req) => {
      const all = req.ctx.isAdmin && ['1', 'true', 'True'].includes(req.query.get('all_projects') ?? '');
      const rows = (deps.db.prepare('SELECT * FROM server_groups ORDER BY id').all() as GroupRow[]).filter((g) => all || g.project_id === req.ctx.projectId);
      return ok({ server_groups: rows.map((g) => view(deps, req, g)) });
    } },
    { method: 'POST', pattern: '/v2.1/os-server-groups', calls: calls('create'), handler: create(deps) },
    { method: 'GET', pattern: '/v2.1/os-server-groups/{id}', calls: calls('show'), handler: (req) => ok({ server_group: view(deps, req, getGroup(deps, req)) }) },
    { method: 'DELETE', pattern: '/v2.1/os-server-groups/{id}', calls: calls('delete'), handler: (req) => {
      const g = getGroup(deps, req);
      deps.db.transaction(() => {
        deps.db.prepare('DELETE FROM server_group_members WHERE group_id = ?').run(g.id);
        deps.db.prepare('DELETE FROM server_groups WHERE id = ?').run(g.id);
      })();
      return empty(204);
    } },
  ];
}
