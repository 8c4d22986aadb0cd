// Compute quotas: limits per project (the `quotas` table over Nova's defaults), usage counted
// from the database as Nova's counting quota driver does, os-quota-sets (show, defaults, detail,
// admin update) and /limits.

import type { ApiDeps } from '../api-deps.js';
import { policyForbids } from '../http/api-error.js';
import { ok, type ApiReply } from '../http/reply.js';
import { bodyObject, integerField, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';

/** nova.conf [quota] defaults. */
export const DEFAULT_QUOTAS = {
  instances: 10, cores: 20, ram: 51200, metadata_items: 128, injected_files: 5, injected_file_content_bytes: 10240,
  injected_file_path_bytes: 255, key_pairs: 100, server_groups: 10, server_group_members: 10, floating_ips: 10, fixed_ips: -1,
  security_groups: 10, security_group_rules: 20,
};
export type QuotaResource = keyof typeof DEFAULT_QUOTAS;

export function quotaLimits(deps: ApiDeps, projectId: string): Record<QuotaResource, number> {
  const rows = deps.db.prepare('SELECT resource, hard_limit FROM quotas WHERE project_id = ?').all(projectId) as { resource: string; hard_limit: number }[];
  const limits = { ...DEFAULT_QUOTAS };
  for (const r of rows) if (r.resource in limits) limits[r.resource as QuotaResource] = r.hard_limit;
  return limits;
}

export interface Usage { instances: number; cores: number; ram: number; server_groups: number; key_pairs: number }

export function quotaUsage(deps: ApiDeps, projectId: string, userId: string | null): Usage {
  const inst = deps.db.prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(f.vcpus), 0) AS cores, COALESCE(SUM(f.memory_mb), 0) AS ram
    FROM instances i LEFT JOIN flavors f ON f.id = i.flavor_id WHERE i.project_id = ? AND i.deleted_at IS NULL`).get(projectId) as { n: number; cores: number; ram: number };
  const groups = (deps.db.prepare('SELECT COUNT(*) AS n FROM server_groups WHERE project_id = ?').get(projectId) as { n: number }).n;
  const keys = (deps.db.prepare('SELECT COUNT(*) AS n FROM keypairs WHERE user_id = ?').get(userId ?? '') as { n: number }).n;
  return { instances: inst.n, cores: inst.cores, ram: inst.ram, server_groups: groups, key_pairs: keys };
}

function targetProject(req: ApiRequest): string {
  // Whose quotas a non-admin may read is the policy's business (targetParam in COMPUTE_POLICY).
  return req.params.project_id;
}

function detail(deps: ApiDeps, req: ApiRequest): ApiReply {
  const id = targetProject(req);
  const limits = quotaLimits(deps, id);
  const used = quotaUsage(deps, id, req.ctx.userId) as unknown as Record<string, number>;
  const set: Record<string, unknown> = { id };
  for (const [k, limit] of Object.entries(limits)) set[k] = { limit, in_use: used[k] ?? 0, reserved: 0 };
  return ok({ quota_set: set });
}

function update(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const body = bodyObject(req, 'quota_set');
    const id = req.params.project_id;
    for (const key of Object.keys(body)) {
      if (!(key in DEFAULT_QUOTAS)) continue;
      const limit = integerField(body, key, { min: -1, required: true });
      deps.db.prepare('INSERT OR REPLACE INTO quotas (project_id, resource, hard_limit) VALUES (?, ?, ?)').run(id, key, limit);
    }
    return ok({ quota_set: quotaLimits(deps, id) });
  };
}

function limits(deps: ApiDeps, req: ApiRequest): ApiReply {
  const project = req.ctx.projectId ?? '';
  const q = quotaLimits(deps, project);
  const u = quotaUsage(deps, project, req.ctx.userId);
  return ok({ limits: { rate: [], absolute: {
    maxImageMeta: q.metadata_items, maxPersonality: q.injected_files, maxPersonalitySize: q.injected_file_content_bytes,
    maxSecurityGroupRules: q.security_group_rules, maxSecurityGroups: q.security_groups, maxServerMeta: q.metadata_items,
    maxTotalCores: q.cores, maxTotalFloatingIps: q.floating_ips, maxTotalInstances: q.instances, maxTotalKeypairs: q.key_pairs,
    maxTotalRAMSize: q.ram, maxServerGroups: q.server_groups, maxServerGroupMembers: q.server_group_members,
    totalCoresUsed: u.cores, totalInstancesUsed: u.instances, totalRAMUsed: u.ram, totalSecurityGroupsUsed: 0,
    totalFloatingIpsUsed: 0, totalServerGroupsUsed: u.server_groups,
  } } });
}

export function quotaRoutes(deps: ApiDeps): Route[] {
  const base = '/v2.1/os-quota-sets/{project_id}';
  const calls = (m: string) => `quota_sets.QuotaSetsController.${m}`;
  return [
    { method: 'GET', pattern: base, calls: calls('show'), handler: (req) => ok({ quota_set: { id: targetProject(req), ...quotaLimits(deps, req.params.project_id) } }) },
    { method: 'GET', pattern: `${base}/defaults`, calls: calls('defaults'), handler: (req) => ok({ quota_set: { id: req.params.project_id, ...DEFAULT_QUOTAS } }) },
    { method: 'GET', pattern: `${base}/detail`, calls: calls('detail'), handler: (req) => detail(deps, req) },
    { method: 'PUT', pattern: base, calls: calls('update'), handler: update(deps) },
    { method: 'GET', pattern: '/v2.1/limits', calls: 'limits.LimitsController.index', handler: (req) => limits(deps, req) },
  ];
}
