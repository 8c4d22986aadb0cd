// Compute quota limits and usage as Nova's DB quota driver has them: the defaults are nova.conf's
// [quota] values overridden by the `default` quota class (quota_classes), a project's limits are
// the defaults overridden by its own rows (quotas), and usage is counted from the database as
// the counting quota driver does. Which keys a response shows depends on the microversion.

import type { Db } from '../../db/open-db.js';
import type { ApiDeps } from '../api-deps.js';

/** nova.conf [quota] defaults, in QUOTAS.resources order. */
export const CONF_QUOTAS = {
  instances: 10, cores: 20, ram: 51200, floating_ips: 10, fixed_ips: -1, metadata_items: 128, injected_files: 5,
  injected_file_content_bytes: 10240, injected_file_path_bytes: 255, security_groups: 10, security_group_rules: 20,
  key_pairs: 100, server_groups: 10, server_group_members: 10,
};
export type QuotaResource = keyof typeof CONF_QUOTAS;
export type Quotas = Record<QuotaResource, number>;
export const QUOTA_RESOURCES = Object.keys(CONF_QUOTAS) as QuotaResource[];

/** Dropped from os-quota-sets with the network proxy APIs (2.36) and personality files (2.57). */
export const FILTERED_QUOTAS_V236: readonly QuotaResource[] = ['fixed_ips', 'floating_ips', 'security_group_rules', 'security_groups'];
export const FILTERED_QUOTAS_V257: readonly QuotaResource[] = [...FILTERED_QUOTAS_V236, 'injected_files', 'injected_file_content_bytes', 'injected_file_path_bytes'];

function overlay(base: Quotas, rows: { resource: string; hard_limit: number }[]): Quotas {
  const out = { ...base };
  for (const r of rows) if (r.resource in out) out[r.resource as QuotaResource] = r.hard_limit;
  return out;
}

/** get_defaults: the `default` quota class over nova.conf. */
export function defaultQuotas(db: Db): Quotas {
  return classQuotas(db, 'default');
}

/** get_class_quotas: a class's rows over the defaults (the `default` class over nova.conf). */
export function classQuotas(db: Db, className: string): Quotas {
  const rows = (name: string) => db.prepare('SELECT resource, hard_limit FROM quota_classes WHERE class_name = ?').all(name) as { resource: string; hard_limit: number }[];
  const defaults = overlay(CONF_QUOTAS, rows('default'));
  return className === 'default' ? defaults : overlay(defaults, rows(className));
}

export function quotaLimits(deps: ApiDeps, projectId: string): Quotas {
  const rows = deps.db.prepare('SELECT resource, hard_limit FROM quotas WHERE project_id = ?').all(projectId) as { resource: string; hard_limit: number }[];
  return overlay(defaultQuotas(deps.db), rows);
}

export interface Usage { instances: number; cores: number; ram: number; server_groups: number; key_pairs: number }

export function quotaUsage(deps: ApiDeps, projectId: string, userId: string | null): Usage {
  const inst = deps.db.prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(f.vcpus), 0) AS cores, COALESCE(SUM(f.memory_mb), 0) AS ram
    FROM instances i LEFT JOIN flavors f ON f.id = i.flavor_id WHERE i.project_id = ? AND i.deleted_at IS NULL AND i.vm_state != 'soft-delete'`).get(projectId) as { n: number; cores: number; ram: number };
  const groups = (deps.db.prepare('SELECT COUNT(*) AS n FROM server_groups WHERE project_id = ?').get(projectId) as { n: number }).n;
  const keys = (deps.db.prepare('SELECT COUNT(*) AS n FROM keypairs WHERE user_id = ?').get(userId ?? '') as { n: number }).n;
  return { instances: inst.n, cores: inst.cores, ram: inst.ram, server_groups: groups, key_pairs: keys };
}

/** The quota set with `filtered` keys left out, in Nova's resource order. */
export function pick(q: Quotas, filtered: readonly QuotaResource[]): Partial<Quotas> {
  return Object.fromEntries(QUOTA_RESOURCES.filter((r) => !filtered.includes(r)).map((r) => [r, q[r]]));
}
