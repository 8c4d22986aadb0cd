// neutron-lite's security group rules as rows of `security_group_rules` and as neutron shows
// them (normalized_cidr with the host bits cleared, belongs_to_default_sg from the owning group).

import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/open-db.js';
import { nowIso } from '../../db/open-db.js';
import { networkCidr, parseIpNetwork } from '../../common/ip-network.js';

export interface RuleRow {
  id: string; security_group_id: string; direction: string; ethertype: string; protocol: string | null; port_range_min: number | null;
  port_range_max: number | null; remote_ip_prefix: string | null; remote_group_id: string | null; project_id: string; created_at: string;
}

export type NewRule = Omit<RuleRow, 'id' | 'created_at'>;

export function insertRule(db: Db, rule: NewRule): RuleRow {
  const row: RuleRow = { ...rule, id: randomUUID(), created_at: nowIso() };
  db.prepare(`INSERT INTO security_group_rules (id, security_group_id, direction, ethertype, protocol, port_range_min, port_range_max,
    remote_ip_prefix, remote_group_id, project_id, created_at) VALUES (@id, @security_group_id, @direction, @ethertype, @protocol,
    @port_range_min, @port_range_max, @remote_ip_prefix, @remote_group_id, @project_id, @created_at)`).run(row);
  return row;
}

export function ruleView(r: RuleRow, inDefaultGroup: boolean): Record<string, unknown> {
  const prefix = r.remote_ip_prefix ? parseIpNetwork(r.remote_ip_prefix) : null;
  return {
    id: r.id, project_id: r.project_id, tenant_id: r.project_id, security_group_id: r.security_group_id, direction: r.direction, ethertype: r.ethertype,
    protocol: r.protocol, port_range_min: r.port_range_min, port_range_max: r.port_range_max, remote_ip_prefix: r.remote_ip_prefix,
    remote_group_id: r.remote_group_id, remote_address_group_id: null, normalized_cidr: prefix ? networkCidr(prefix) : null, description: '', tags: [],
    created_at: r.created_at, updated_at: r.created_at, revision_number: 0, belongs_to_default_sg: inDefaultGroup,
  };
}
