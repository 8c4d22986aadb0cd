// Nova's security group and rule format over neutron's (ingress rules only; neutron's rule
// turned into ip_protocol/from_port/to_port and a source group or CIDR). A rule's source group
// is shown by name and project, looked up in neutron when it is not one of the groups at hand;
// a rule whose source group is gone is left out, as Nova leaves it out.

import type { ApiDeps } from '../api-deps.js';
import type { ApiRequest } from '../http/request.js';
import { NeutronError, showSecurityGroup, type NeutronSecurityGroup, type NeutronSecurityGroupRule } from './neutron-api.js';

export interface GroupRef { name: string; tenant_id: string }
/** Source groups by id; null for one neutron no longer has. */
export type GroupRefs = Map<string, GroupRef | null>;

/** _convert_to_nova_security_group_rule_format's ports: a protocol with no range is all ports (or -1 for ICMP). */
function ports(r: NeutronSecurityGroupRule): [number | null, number | null] {
  if (r.protocol !== null && r.port_range_min === null && r.port_range_max === null) {
    return ['TCP', 'UDP'].includes(r.protocol.toUpperCase()) ? [1, 65535] : [-1, -1];
  }
  return [r.port_range_min, r.port_range_max];
}

/** _format_security_group_rule; null when the rule's source group is gone. */
export function ruleView(r: NeutronSecurityGroupRule, refs: GroupRefs) {
  const [from, to] = ports(r);
  const base = { id: r.id, parent_group_id: r.security_group_id, ip_protocol: r.protocol, from_port: from, to_port: to };
  if (r.remote_group_id) {
    const ref = refs.get(r.remote_group_id);
    return ref ? { ...base, group: ref, ip_range: {} } : null;
  }
  return { ...base, group: {}, ip_range: { cidr: r.remote_ip_prefix || '0.0.0.0/0' } };
}

export function groupView(g: NeutronSecurityGroup, refs: GroupRefs) {
  return {
    id: g.id, description: g.description, name: g.name, tenant_id: g.project_id,
    rules: g.security_group_rules.filter((r) => r.direction === 'ingress').map((r) => ruleView(r, refs)).filter((r) => r !== null),
  };
}

/** The source groups the groups' ingress rules name: the groups themselves, then neutron for the others. */
export async function sourceGroups(deps: ApiDeps, req: ApiRequest, groups: NeutronSecurityGroup[], extra: string[] = []): Promise<GroupRefs> {
  const refs: GroupRefs = new Map(groups.map((g) => [g.id, { name: g.name, tenant_id: g.project_id }]));
  const wanted = [...groups.flatMap((g) => g.security_group_rules.filter((r) => r.direction === 'ingress').map((r) => r.remote_group_id)), ...extra];
  for (const id of wanted) {
    if (!id || refs.has(id)) continue;
    try {
      const found = await showSecurityGroup(deps, req, id);
      refs.set(id, { name: found.name, tenant_id: found.project_id });
    } catch (e) {
      if (!(e instanceof NeutronError && e.status === 404)) throw e;
      deps.logs.nova.child('nova.api.openstack.compute.security_groups').debug(req.ctx, null, `Security Group ID ${id} does not exist`,
        { func: '_format_security_group_rule', file: 'api/openstack/compute/security_groups.py', line: 76 });
      refs.set(id, null);
    }
  }
  return refs;
}

export const byProjectAndName = (a: { tenant_id: string; name: string }, b: { tenant_id: string; name: string }) =>
  (a.tenant_id === b.tenant_id ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.tenant_id < b.tenant_id ? -1 : 1);
