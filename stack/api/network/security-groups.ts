// neutron-lite's security groups (/v2.0/security-groups): each project's `default` group made on
// first use with neutron's four rules (egress to anywhere, ingress from the group itself, IPv4 and
// IPv6), groups created with the two egress rules, a group in use by a port refused on delete,
// the rules that name a deleted group as their remote group deleted with it, and the ports'
// bindings to groups (port_security_groups).

import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/open-db.js';
import { nowIso } from '../../db/open-db.js';
import type { ApiDeps } from '../api-deps.js';
import { badRequest, conflict, notFound } from '../http/api-error.js';
import { empty, json, ok, type ApiReply } from '../http/reply.js';
import { isObject, type ApiRequest } from '../http/request.js';
import { matchesFilters } from './neutron-views.js';
import { insertRule, ruleView, type RuleRow } from './security-group-rule-view.js';

export interface SecurityGroupRow { id: string; name: string; description: string; project_id: string; created_at: string; updated_at: string }

function addRule(db: Db, group: SecurityGroupRow, direction: 'ingress' | 'egress', ethertype: 'IPv4' | 'IPv6', remoteGroup: string | null): void {
  insertRule(db, {
    security_group_id: group.id, direction, ethertype, protocol: null, port_range_min: null, port_range_max: null, remote_ip_prefix: null,
    remote_group_id: remoteGroup, project_id: group.project_id,
  });
}

function insertGroup(db: Db, projectId: string, name: string, description: string, isDefault: boolean): SecurityGroupRow {
  const now = nowIso();
  const row: SecurityGroupRow = { id: randomUUID(), name, description, project_id: projectId, created_at: now, updated_at: now };
  db.transaction(() => {
    db.prepare('INSERT INTO security_groups (id, name, description, project_id, created_at, updated_at) VALUES (@id, @name, @description, @project_id, @created_at, @updated_at)').run(row);
    for (const eth of ['IPv4', 'IPv6'] as const) {
      addRule(db, row, 'egress', eth, null);
      if (isDefault) addRule(db, row, 'ingress', eth, row.id);
    }
  })();
  return row;
}

/** The project's `default` group, created the first time the project needs it. */
export function defaultGroup(db: Db, projectId: string): SecurityGroupRow {
  const found = db.prepare("SELECT * FROM security_groups WHERE project_id = ? AND name = 'default'").get(projectId) as SecurityGroupRow | undefined;
  return found ?? insertGroup(db, projectId, 'default', 'Default security group', true);
}

export function portGroups(db: Db, portId: string): string[] {
  return (db.prepare('SELECT security_group_id AS id FROM port_security_groups WHERE port_id = ? ORDER BY rowid').all(portId) as { id: string }[]).map((r) => r.id);
}

/** A port's groups become exactly `ids` (each must exist and be visible): 404 as neutron words it. */
export function setPortGroups(deps: ApiDeps, req: ApiRequest, portId: string, ids: unknown): void {
  if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string')) throw badRequest(`Invalid input for security_groups. Reason: '${JSON.stringify(ids)}' is not a list.`, 'HTTPBadRequest');
  for (const id of ids as string[]) findGroup(deps, req, id);
  deps.db.transaction(() => {
    deps.db.prepare('DELETE FROM port_security_groups WHERE port_id = ?').run(portId);
    for (const id of new Set(ids as string[])) deps.db.prepare('INSERT INTO port_security_groups (port_id, security_group_id) VALUES (?, ?)').run(portId, id);
  })();
}

export const canSee = (req: ApiRequest, g: SecurityGroupRow) => req.ctx.isAdmin || g.project_id === req.ctx.projectId;

export function findGroup(deps: ApiDeps, req: ApiRequest, id: string): SecurityGroupRow {
  const g = deps.db.prepare('SELECT * FROM security_groups WHERE id = ?').get(id) as SecurityGroupRow | undefined;
  if (!g || !canSee(req, g)) throw notFound(`Security group ${id} does not exist`, 'SecurityGroupNotFound');
  return g;
}

export function groupView(db: Db, g: SecurityGroupRow): Record<string, unknown> {
  const rules = db.prepare('SELECT * FROM security_group_rules WHERE security_group_id = ? ORDER BY created_at, rowid').all(g.id) as RuleRow[];
  return {
    id: g.id, name: g.name, description: g.description, project_id: g.project_id, tenant_id: g.project_id, stateful: true, shared: false,
    security_group_rules: rules.map((r) => ruleView(r, g.name === 'default')), tags: [], created_at: g.created_at, updated_at: g.updated_at, revision_number: 1,
  };
}

function groupBody(req: ApiRequest): Record<string, unknown> {
  if (!isObject(req.body) || !isObject(req.body.security_group)) throw badRequest('Resource body required', 'HTTPBadRequest');
  return req.body.security_group;
}

export function securityGroupRoutes(deps: ApiDeps) {
  return {
    list: (req: ApiRequest): ApiReply => {
      if (req.ctx.projectId) defaultGroup(deps.db, req.ctx.projectId);
      const rows = (deps.db.prepare('SELECT * FROM security_groups ORDER BY created_at, id').all() as SecurityGroupRow[]).filter((g) => canSee(req, g));
      return ok({ security_groups: rows.map((g) => groupView(deps.db, g)).filter((v) => matchesFilters(req, v)) });
    },
    show: (req: ApiRequest): ApiReply => ok({ security_group: groupView(deps.db, findGroup(deps, req, req.params.id)) }),
    create: (req: ApiRequest): ApiReply => {
      const body = groupBody(req);
      const name = typeof body.name === 'string' ? body.name : '';
      if (name === 'default') throw conflict('Default security group already exists.', 'SecurityGroupDefaultAlreadyExists');
      const owner = typeof body.project_id === 'string' ? body.project_id : typeof body.tenant_id === 'string' ? body.tenant_id : null;
      const projectId = req.ctx.isAdmin && owner ? owner : req.ctx.projectId ?? '';
      defaultGroup(deps.db, projectId);
      const g = insertGroup(deps.db, projectId, name, typeof body.description === 'string' ? body.description : '', false);
      return json(201, { security_group: groupView(deps.db, g) });
    },
    update: (req: ApiRequest): ApiReply => {
      const body = groupBody(req);
      const g = findGroup(deps, req, req.params.id);
      const name = typeof body.name === 'string' ? body.name : g.name;
      if (g.name === 'default' && name !== 'default') throw conflict('Updating default security group not allowed.', 'SecurityGroupCannotUpdateDefault');
      deps.db.prepare('UPDATE security_groups SET name = ?, description = ?, updated_at = ? WHERE id = ?')
        .run(name, typeof body.description === 'string' ? body.description : g.description, nowIso(), g.id);
      return ok({ security_group: groupView(deps.db, findGroup(deps, req, g.id)) });
    },
    remove: (req: ApiRequest): ApiReply => {
      const g = findGroup(deps, req, req.params.id);
      if (g.name === 'default' && !req.ctx.isAdmin) throw conflict('Insufficient rights for removing default security group.', 'SecurityGroupCannotRemoveDefault');
      if (deps.db.prepare('SELECT 1 FROM port_security_groups WHERE security_group_id = ?').get(g.id)) throw conflict(`Security Group ${g.id} in use.`, 'SecurityGroupInUse');
      deps.db.transaction(() => {
        deps.db.prepare('DELETE FROM security_group_rules WHERE security_group_id = ? OR remote_group_id = ?').run(g.id, g.id);
        deps.db.prepare('DELETE FROM security_groups WHERE id = ?').run(g.id);
      })();
      return empty(204);
    },
  };
}
