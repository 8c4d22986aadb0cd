// os-server-groups: `policies` (affinity or anti-affinity; soft-affinity and soft-anti-affinity
// from 2.15), members from server_group_members (filled when a server boots with the `group`
// scheduler hint), the owner's project_id and user_id from 2.13; from 2.64 a single `policy`
// and its `rules` (max_server_per_host, anti-affinity only) instead of `policies` and `metadata`.

import { strictFrom275 } from './strict-query.js';
import { randomUUID } from 'node:crypto';
import type { ApiDeps } from '../api-deps.js';
import { badRequest, forbidden, notFound } from '../http/api-error.js';
import { empty, ok, type ApiReply } from '../http/reply.js';
import { bodyObject, requiredString, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { nowIso } from '../../db/open-db.js';
import { groupRules } from '../../common/server-group-rules.js';
import { quotaLimits } from './quotas.js';
import { isSupported } from './microversion.js';
import { invalid, pyRepr } from './actions/action-spec.js';

export const GROUP_POLICIES = ['affinity', 'anti-affinity', 'soft-affinity', 'soft-anti-affinity'] as const;

export interface GroupRow { id: number; uuid: string; name: string; project_id: string; user_id: string; policy: string; rules: string; created_at: string }

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
  const out: Record<string, unknown> = isSupported(req, '2.64')
    ? { id: g.uuid, name: g.name, policy: g.policy, rules: groupRules(g.rules), members }
    : { id: g.uuid, name: g.name, policies: [g.policy], members, metadata: {} };
  if (isSupported(req, '2.13')) { out.project_id = g.project_id; out.user_id = g.user_id; }
  return out;
}

/** Below 2.64: `policies`, a list of one policy (the soft ones from 2.15). */
function policiesV21(req: ApiRequest, body: Json): string {
  const policies = body.policies;
  const allowed: readonly string[] = isSupported(req, '2.15') ? GROUP_POLICIES : GROUP_POLICIES.slice(0, 2);
  if (!Array.isArray(policies) || policies.length !== 1 || !allowed.includes(policies[0] as never)) {
    throw badRequest(`Invalid input for field/attribute policies. Value: ${JSON.stringify(policies ?? null)}. ${JSON.stringify(policies ?? null)} is not valid under any of the given schemas`);
  }
  return policies[0] as string;
}

type Json = Record<string, unknown>;

/** Nova's enum order in create_v264. */
const POLICY_ENUM = ['anti-affinity', 'affinity', 'soft-anti-affinity', 'soft-affinity'];

/**
 * create_v264: `policy` (one of the four) and optional `rules` {max_server_per_host:
 * parameter_types.positive_integer}, nothing else (the schema; the handler then allows rules
 * with anti-affinity only).
 */
function policyV264(body: Json): { policy: string; rules: Record<string, unknown> } {
  const extra = Object.keys(body).filter((k) => !['name', 'policy', 'rules'].includes(k));
  if (body.policy === undefined) throw invalid('server_group', body, "'policy' is a required property");
  if (extra.length) throw invalid('server_group', body, `Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
  const policy = body.policy;
  if (typeof policy !== 'string') throw invalid('policy', policy, `${pyRepr(policy)} is not of type 'string'`);
  if (!POLICY_ENUM.includes(policy)) throw invalid('policy', policy, `${pyRepr(policy)} is not one of ${pyRepr(POLICY_ENUM)}`);
  const rules = body.rules ?? {};
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) throw invalid('rules', rules, `${pyRepr(rules)} is not of type 'object'`);
  const unknown = Object.keys(rules).filter((k) => k !== 'max_server_per_host');
  if (unknown.length) throw invalid('rules', rules, `Additional properties are not allowed (${unknown.map((k) => `'${k}'`).join(', ')} ${unknown.length > 1 ? 'were' : 'was'} unexpected)`);
  const max = (rules as Json).max_server_per_host;
  if (max !== undefined) checkPositiveInteger('max_server_per_host', max);
  return { policy, rules: rules as Json };
}

/** parameter_types.positive_integer: an integer or a digit string, at least 1 (a string is not compared). */
function checkPositiveInteger(field: string, v: unknown): void {
  if (typeof v === 'string') {
    if (v.length === 0) throw invalid(field, v, "'' should be non-empty");
    if (!/^[0-9]*$/.test(v)) throw invalid(field, v, `${pyRepr(v)} does not match '^[0-9]*$'`);
    return;
  }
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid(field, v, `${pyRepr(v)} is not of type 'integer', 'string'`);
  if (v < 1) throw invalid(field, v, `${v} is less than the minimum of 1`);
}

function create(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const body = bodyObject(req, 'server_group');
    const name = requiredString(body, 'name');
    const { policy, rules } = isSupported(req, '2.64') ? policyV264(body) : { policy: policiesV21(req, body), rules: {} };
    const project = req.ctx.projectId ?? '';
    const count = (deps.db.prepare('SELECT COUNT(*) AS n FROM server_groups WHERE project_id = ?').get(project) as { n: number }).n;
    if (count >= quotaLimits(deps, project).server_groups) throw forbidden('Quota exceeded, too many server groups.');
    if (policy !== 'anti-affinity' && Object.keys(rules).length) throw badRequest('Only anti-affinity policy supports rules.');
    const uuid = randomUUID();
    deps.db.prepare('INSERT INTO server_groups (uuid, name, project_id, user_id, policy, rules, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(uuid, name, project, req.ctx.userId ?? '', policy, JSON.stringify(rules), nowIso());
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
    { method: 'GET', pattern: '/v2.1/os-server-groups', calls: calls('index'), handler: strictFrom275(['all_projects', 'limit', 'offset'], (req) => {
      const all = req.ctx.isAdmin && ['1', 'true', 'True'].includes(req.query.get('all_projects') ?? '');
      const rows = (deps.db.prepare('SELECT * FROM server_groups ORDER BY id').all() as GroupRow[]).filter((g) => all || g.project_id === req.ctx.projectId);
      return ok({ server_groups: rows.map((g) => view(deps, req, g)) });
    }) },
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
