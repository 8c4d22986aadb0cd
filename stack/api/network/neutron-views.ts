// Neutron's JSON documents for networks, subnets and ports, built from the nova database's
// `networks`, `subnets` and `ports` tables, and the generic list filtering of neutron
// (`?field=value`, repeated for "any of").

import type { ApiRequest } from '../http/request.js';
import { allocationPool, type SubnetRow } from './ip-allocation.js';
import { OVS_VIF_DETAILS } from './port-binding.js';

export interface NetworkRow { id: string; name: string; project_id: string | null; shared: number; status: string; created_at: string }
export interface PortRow {
  id: string; network_id: string; subnet_id: string; device_id: string | null; device_owner: string | null; mac_address: string;
  ip_address: string; status: string; binding_host_id: string | null; binding_vif_type: string; project_id: string | null; created_at: string;
}

const project = (id: string | null) => ({ tenant_id: id ?? '', project_id: id ?? '' });

export function networkView(n: NetworkRow, subnetIds: string[]): Record<string, unknown> {
  return {
    id: n.id, name: n.name, subnets: subnetIds, status: n.status, admin_state_up: true, shared: n.shared === 1,
    ...project(n.project_id), 'router:external': false, mtu: 1450, availability_zone_hints: [], availability_zones: ['nova'],
    ipv4_address_scope: null, ipv6_address_scope: null, port_security_enabled: true, is_default: false, l2_adjacency: true,
    'provider:network_type': 'vxlan', 'provider:physical_network': null, 'provider:segmentation_id': 1001, qos_policy_id: null,
    description: '', tags: [], created_at: n.created_at, updated_at: n.created_at, revision_number: 1,
  };
}

export function subnetView(s: SubnetRow, projectId: string | null): Record<string, unknown> {
  const pool = allocationPool(s.cidr);
  const start = pool.start === s.gateway_ip ? pool.start.replace(/\d+$/, (d) => String(Number(d) + 1)) : pool.start;
  return {
    id: s.id, name: s.name, network_id: s.network_id, cidr: s.cidr, gateway_ip: s.gateway_ip, ip_version: s.ip_version,
    enable_dhcp: true, allocation_pools: [{ start, end: pool.end }], dns_nameservers: [], host_routes: [], ...project(projectId),
    ipv6_address_mode: null, ipv6_ra_mode: null, subnetpool_id: null, service_types: [], description: '', tags: [], revision_number: 0,
  };
}

export function portView(p: PortRow, securityGroups: string[] = []): Record<string, unknown> {
  return {
    id: p.id, name: '', network_id: p.network_id, ...project(p.project_id), mac_address: p.mac_address, admin_state_up: true,
    status: p.status, device_id: p.device_id ?? '', device_owner: p.device_owner ?? '',
    fixed_ips: [{ subnet_id: p.subnet_id, ip_address: p.ip_address }],
    'binding:host_id': p.binding_host_id ?? '', 'binding:vif_type': p.binding_vif_type, 'binding:vnic_type': 'normal',
    'binding:vif_details': p.binding_vif_type === 'ovs' ? OVS_VIF_DETAILS : {}, 'binding:profile': {},
    security_groups: securityGroups, allowed_address_pairs: [], extra_dhcp_opts: [], port_security_enabled: true, dns_name: '',
    description: '', tags: [], created_at: p.created_at, updated_at: p.created_at, revision_number: 1,
  };
}

const NOT_FILTERS = new Set(['fields', 'limit', 'marker', 'page_reverse', 'sort_key', 'sort_dir']);

/** Neutron's list filters: every `?key=value` must equal the field (any of the repeated values). */
export function matchesFilters(req: ApiRequest, view: Record<string, unknown>): boolean {
  for (const key of new Set(req.query.keys())) {
    if (NOT_FILTERS.has(key) || !(key in view)) continue;
    const actual = view[key];
    const values = req.query.getAll(key);
    const text = Array.isArray(actual) ? actual.map(String) : [String(actual)];
    if (!values.some((v) => text.includes(v))) return false;
  }
  return true;
}
