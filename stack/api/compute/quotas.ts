// os-quota-sets (show, defaults, detail, update, delete) and /limits, with the keys of each
// microversion (network quotas gone at 2.36, personality at 2.57; maxImageMeta gone at 2.39;
// /limits takes no query parameter but tenant_id from 2.75).

import { strictFrom275 } from './strict-query.js';
import type { ApiDeps } from '../api-deps.js';
import { badRequest } from '../http/api-error.js';
import { ok, type ApiReply } from '../http/reply.js';
import { bodyObject, integerField, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { isSupported } from './microversion.js';
import { authorizeAction, OTHER_PROJECT_LIMITS } from './policy.js';
import {
  defaultQuotas, FILTERED_QUOTAS_V236, FILTERED_QUOTAS_V257, pick, QUOTA_RESOURCES, quotaLimits, quotaUsage, type QuotaResource,
} from './quota-store.js';

export { quotaLimits, quotaUsage } from './quota-store.js';

function filtered(req: ApiRequest): readonly QuotaResource[] {
  if (isSupported(req, '2.57')) return FILTERED_QUOTAS_V257;
  if (isSupported(req, '2.36')) return FILTERED_QUOTAS_V236;
  return [];
}

function show(deps: ApiDeps, req: ApiRequest): ApiReply {
  const id = req.params.project_id;
  return ok({ quota_set: { id, ...pick(quotaLimits(deps, id), filtered(req)) } });
}

function detail(deps: ApiDeps, req: ApiRequest): ApiReply {
  const id = req.params.project_id;
  const used = quotaUsage(deps, id, req.query.get('user_id') ?? req.ctx.userId) as unknown as Record<string, number>;
  const set: Record<string, unknown> = { id };
  for (const [k, limit] of Object.entries(pick(quotaLimits(deps, id), filtered(req)))) set[k] = { limit, in_use: used[k] ?? 0, reserved: 0 };
  return ok({ quota_set: set });
}

function update(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const body = bodyObject(req, 'quota_set');
    const id = req.params.project_id;
    const allowed = QUOTA_RESOURCES.filter((r) => !filtered(req).includes(r));
    const changes: [string, number][] = [];
    for (const key of Object.keys(body)) {
      if (key === 'force') continue;
      if (!allowed.includes(key as QuotaResource)) throw badRequest(`Invalid input for field/attribute quota_set. Value: ${JSON.stringify(body)}. Additional properties are not allowed ('${key}' was unexpected)`);
      changes.push([key, integerField(body, key, { min: -1, required: true })]);
    }
    const used = quotaUsage(deps, id, null) as unknown as Record<string, number>;
    const force = body.force === true || body.force === 'True' || body.force === 'true';
    for (const [key, limit] of changes) {
      if (!force && limit !== -1 && (used[key] ?? 0) > limit) {
        throw badRequest(`Quota limit ${limit} for ${key} must be greater than or equal to already used and reserved ${used[key]}.`);
      }
    }
    for (const [key, limit] of changes) deps.db.prepare('INSERT OR REPLACE INTO quotas (project_id, resource, hard_limit) VALUES (?, ?, ?)').run(id, key, limit);
    return ok({ quota_set: pick(quotaLimits(deps, id), filtered(req)) });
  };
}

/** DELETE: the project's own limits go; it is back on the defaults. */
function revert(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    deps.db.prepare('DELETE FROM quotas WHERE project_id = ?').run(req.params.project_id);
    return { status: 202 };
  };
}

const LIMIT_NAMES: [QuotaResource, string[]][] = [
  ['ram', ['maxTotalRAMSize']], ['instances', ['maxTotalInstances']], ['cores', ['maxTotalCores']], ['key_pairs', ['maxTotalKeypairs']],
  ['floating_ips', ['maxTotalFloatingIps']], ['metadata_items', ['maxServerMeta', 'maxImageMeta']], ['injected_files', ['maxPersonality']],
  ['injected_file_content_bytes', ['maxPersonalitySize']], ['security_groups', ['maxSecurityGroups']],
  ['security_group_rules', ['maxSecurityGroupRules']], ['server_groups', ['maxServerGroups']], ['server_group_members', ['maxServerGroupMembers']],
];
const USED_NAMES: [string, string][] = [
  ['totalRAMUsed', 'ram'], ['totalCoresUsed', 'cores'], ['totalInstancesUsed', 'instances'], ['totalFloatingIpsUsed', 'floating_ips'],
  ['totalSecurityGroupsUsed', 'security_groups'], ['totalServerGroupsUsed', 'server_groups'],
];

function limits(deps: ApiDeps, req: ApiRequest): ApiReply {
  const out: string[] = isSupported(req, '2.57') ? ['floating_ips', 'security_groups', 'security_group_rules', 'injected_files', 'injected_file_content_bytes']
    : isSupported(req, '2.36') ? ['floating_ips', 'security_groups', 'security_group_rules'] : [];
  // index_query_v275: only tenant_id from 2.75 (other parameters were ignored before).
  const unexpected = isSupported(req, '2.75') ? [...new Set(req.query.keys())].filter((k) => k !== 'tenant_id').sort() : [];
  if (unexpected.length) throw badRequest(`Additional properties are not allowed (${unexpected.map((k) => `'${k}'`).join(', ')} ${unexpected.length > 1 ? 'were' : 'was'} unexpected)`);
  const other = req.query.get('tenant_id');
  if (other !== null) authorizeAction(req.ctx, OTHER_PROJECT_LIMITS);
  const project = other ?? req.ctx.projectId ?? '';
  const q = quotaLimits(deps, project);
  const used = quotaUsage(deps, project, req.ctx.userId) as unknown as Record<string, number>;
  const absolute: Record<string, number> = {};
  for (const [resource, names] of LIMIT_NAMES) {
    if (out.includes(resource)) continue;
    for (const n of names) if (n !== 'maxImageMeta' || !isSupported(req, '2.39')) absolute[n] = q[resource];
  }
  for (const [name, resource] of USED_NAMES) if (!out.includes(resource)) absolute[name] = used[resource] ?? 0;
  return ok({ limits: { rate: [], absolute } });
}

export function quotaRoutes(deps: ApiDeps): Route[] {
  const base = '/v2.1/os-quota-sets/{project_id}';
  const calls = (m: string) => `quota_sets.QuotaSetsController.${m}`;
  return [
    { method: 'GET', pattern: base, calls: calls('show'), handler: strictFrom275(['user_id'], (req) => show(deps, req)) },
    { method: 'GET', pattern: `${base}/defaults`, calls: calls('defaults'),
      handler: (req) => ok({ quota_set: { id: req.params.project_id, ...pick(defaultQuotas(deps.db), filtered(req)) } }) },
    { method: 'GET', pattern: `${base}/detail`, calls: calls('detail'), handler: strictFrom275(['user_id'], (req) => detail(deps, req)) },
    { method: 'PUT', pattern: base, calls: calls('update'), handler: strictFrom275(['user_id'], update(deps)) },
    { method: 'DELETE', pattern: base, calls: calls('delete'), handler: strictFrom275(['user_id'], revert(deps)) },
    { method: 'GET', pattern: '/v2.1/limits', calls: 'limits.LimitsController.index', handler: (req) => limits(deps, req) },
  ];
}
