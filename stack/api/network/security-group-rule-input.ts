// A security group rule in a POST body, read as neutron's API layer reads it (unknown and
// read-only attributes refused, required ones present, protocol, ports, ethertype and
// remote_ip_prefix converted, direction validated) and then checked as neutron's security group
// plugin checks it (entire port range made canonical, port range per protocol, ethertype
// against prefix and protocol, a single remote), with neutron's exception types and messages.

import { networkText, parseIpNetwork } from '../../common/ip-network.js';
import { badRequest } from '../http/api-error.js';
import { isObject } from '../http/request.js';
import type { NewRule } from './security-group-rule-view.js';

/** neutron_lib's IP_PROTOCOL_MAP, in its order. */
export const IP_PROTOCOL_MAP: Readonly<Record<string, number>> = {
  ah: 51, dccp: 33, egp: 8, esp: 50, gre: 47, hopopt: 0, icmp: 1, igmp: 2, ip: 0, ipip: 4, 'ipv6-encap': 41, 'ipv6-frag': 44,
  'ipv6-icmp': 58, icmpv6: 58, 'ipv6-nonxt': 59, 'ipv6-opts': 60, 'ipv6-route': 43, ospf: 89, pgm: 113, rsvp: 46, sctp: 132,
  tcp: 6, udp: 17, udplite: 136, vrrp: 112,
};
const NUM_TO_NAME = new Map(Object.entries(IP_PROTOCOL_MAP).filter(([k]) => k !== 'icmpv6').map(([k, v]) => [String(v), k]));
const SUPPORTED = `(None, 'any', ${Object.keys(IP_PROTOCOL_MAP).map((p) => `'${p}'`).join(', ')})`;
const PORT_PROTOCOLS = { nums: [33, 132, 6, 17, 136], names: ['dccp', 'sctp', 'tcp', 'udp', 'udplite'] };
const IPV6_ONLY = ['ipv6-encap', 'ipv6-frag', 'ipv6-icmp', 'icmpv6', 'ipv6-nonxt', 'ipv6-opts', 'ipv6-route', '41', '44', '58', '59', '60', '43'];

const POSTABLE = ['security_group_id', 'remote_group_id', 'direction', 'protocol', 'port_range_min', 'port_range_max', 'ethertype',
  'remote_ip_prefix', 'tenant_id', 'project_id', 'description', 'remote_address_group_id'];
const READ_ONLY = ['id', 'normalized_cidr', 'belongs_to_default_sg', 'created_at', 'updated_at', 'revision_number'];

const invalidInput = (message: string, kind: string) => badRequest(message, kind);
const str = (v: unknown) => (v === null ? 'None' : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v));

/** Python's int() of a JSON value, or null where it raises. */
function pyInt(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return Number(v.trim());
  return null;
}

function convertProtocol(v: unknown): string | null {
  if (v === null || v === 'any') return null;
  const n = pyInt(v);
  if (n !== null) {
    if (n >= 0 && n <= 255) return str(v);
  } else if (typeof v === 'string' && v.toLowerCase() in IP_PROTOCOL_MAP) return v.toLowerCase();
  throw invalidInput(`Security group rule protocol ${str(v)} not supported. Only protocol values ${SUPPORTED} and integer representations [0 to 255] are supported.`, 'SecurityGroupRuleInvalidProtocol');
}

function convertPort(v: unknown): number | null {
  if (v === null) return null;
  const n = pyInt(v);
  if (n !== null && n >= 0 && n <= 65535) return n;
  throw invalidInput(`Invalid value for port ${str(v)}`, 'SecurityGroupInvalidPortValue');
}

function convertEthertype(v: unknown): string {
  const found = typeof v === 'string' ? ['IPv4', 'IPv6'].find((e) => e.toLowerCase() === v.toLowerCase()) : undefined;
  if (!found) throw invalidInput(`Security group rule for ethertype '${str(v)}' not supported. Allowed values are ['IPv4', 'IPv6'].`, 'SecurityGroupRuleInvalidEtherType');
  return found;
}

function convertPrefix(v: unknown): string | null {
  if (!v) return null;
  const parsed = typeof v === 'string' ? parseIpNetwork(v) : null;
  if (!parsed) throw badRequest(`Invalid CIDR ${str(v)} given as IP prefix.`, 'InvalidCIDR');
  return networkText(parsed);
}

/** The protocol number of a rule's protocol (_get_ip_proto_number). */
function protoNumber(protocol: string): number {
  const name = protocol === 'icmpv6' ? 'ipv6-icmp' : protocol;
  return name in IP_PROTOCOL_MAP ? IP_PROTOCOL_MAP[name] : Number(name);
}

/** The protocol as name and number, IPv6's legacy ICMP names folded (_get_ip_proto_name_and_num). */
export function protoNameAndNumber(protocol: string | null, ethertype: string): string {
  if (protocol === null) return '+';
  let p = protocol;
  if (ethertype === 'IPv6') p = p === 'icmp' || p === 'icmpv6' ? 'ipv6-icmp' : p === '1' ? '58' : p;
  if (p in IP_PROTOCOL_MAP) return `${p}/${IP_PROTOCOL_MAP[p]}`;
  if (NUM_TO_NAME.has(p)) return `${NUM_TO_NAME.get(p)}/${p}`;
  return `${p}/${p}`;
}

export interface ParsedRule { rule: NewRule; projectGiven: string | null; addressGroup: unknown }

/** The API layer: one item of the body, converted (400 as neutron's API answers). */
export function parseRuleItem(item: unknown): ParsedRule {
  if (!isObject(item)) throw badRequest("Object 'security_group_rule' contains invalid data", 'HTTPBadRequest');
  const extra = Object.keys(item).filter((k) => !POSTABLE.includes(k) && !READ_ONLY.includes(k));
  if (extra.length) throw badRequest(`Unrecognized attribute(s) '${extra.join(', ')}'`, 'HTTPBadRequest');
  const readOnly = READ_ONLY.find((k) => k in item);
  if (readOnly) throw badRequest(`Attribute '${readOnly}' not allowed in POST`, 'HTTPBadRequest');
  for (const k of ['security_group_id', 'direction']) {
    if (!(k in item)) throw badRequest(`Failed to parse request. Required attribute '${k}' not specified`, 'HTTPBadRequest');
  }
  const protocol = convertProtocol(item.protocol ?? null);
  const portMin = convertPort(item.port_range_min ?? null);
  const portMax = convertPort(item.port_range_max ?? null);
  const ethertype = 'ethertype' in item ? convertEthertype(item.ethertype) : 'IPv4';
  const prefix = convertPrefix(item.remote_ip_prefix ?? null);
  const sg = item.security_group_id;
  if (typeof sg !== 'string') throw badRequest(`Invalid input for security_group_id. Reason: '${str(sg)}' is not a valid string.`, 'HTTPBadRequest');
  if (sg.length > 36) throw badRequest(`Invalid input for security_group_id. Reason: '${sg}' exceeds maximum length of 36.`, 'HTTPBadRequest');
  if (item.direction !== 'ingress' && item.direction !== 'egress') {
    throw badRequest(`Invalid input for direction. Reason: ${str(item.direction)} is not in valid_values.`, 'HTTPBadRequest');
  }
  const remote = item.remote_group_id ?? null;
  const given = typeof item.project_id === 'string' ? item.project_id : typeof item.tenant_id === 'string' ? item.tenant_id : null;
  return {
    rule: {
      security_group_id: sg, direction: item.direction, ethertype, protocol, port_range_min: portMin, port_range_max: portMax,
      remote_ip_prefix: prefix, remote_group_id: remote === null ? null : String(remote), project_id: '',
    },
    projectGiven: given,
    addressGroup: item.remote_address_group_id ?? null,
  };
}

/**
 * The plugin's checks of one rule (_validate_base_security_group_rule_attributes), after it made
 * IPv6 ICMP names and the entire port range canonical; `note` gets neutron's INFO line for each.
 */
export function checkRule(r: NewRule, note: (message: string) => void): void {
  if (r.ethertype === 'IPv6' && (r.protocol === 'icmp' || r.protocol === 'icmpv6' || r.protocol === '1')) {
    const to = r.protocol === '1' ? '58' : 'ipv6-icmp';
    note(`Project ${r.project_id} added a security group rule with legacy IPv6 ICMP protocol ${r.protocol === '1' ? 'number' : 'name'} ${r.protocol}, ${to} should be used instead. It was automatically converted.`);
    r.protocol = to;
  }
  if (r.port_range_min === 1 && r.port_range_max === 65535) {
    note(`Project ${r.project_id} added a security group rule specifying the entire port range (1 - 65535). It was automatically converted to not have a range to better optimize it for the backend security group implementation(s).`);
    r.port_range_min = r.port_range_max = null;
  }
  checkPortRange(r);
  if (r.remote_ip_prefix) {
    const version = parseIpNetwork(r.remote_ip_prefix)!.version;
    if (r.ethertype !== `IPv${version}`) throw invalidInput(`Conflicting value ethertype ${r.ethertype} for CIDR ${r.remote_ip_prefix}`, 'SecurityGroupRuleParameterConflict');
  }
  if (r.protocol !== null && IPV6_ONLY.includes(r.protocol) && r.ethertype === 'IPv4') {
    throw invalidInput(`Invalid ethertype ${r.ethertype} for protocol ${r.protocol}.`, 'SecurityGroupEthertypeConflictWithProtocol');
  }
  if (r.remote_ip_prefix && r.remote_group_id) {
    throw invalidInput('Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided.', 'SecurityGroupMultipleRemoteEntites');
  }
}

function checkPortRange(r: NewRule): void {
  const [min, max] = [r.port_range_min, r.port_range_max];
  if (min === null && max === null) return;
  if (!r.protocol) throw invalidInput('Must also specify protocol if port range is given.', 'SecurityGroupProtocolRequiredWithPorts');
  const proto = protoNumber(r.protocol);
  if (PORT_PROTOCOLS.nums.includes(proto)) {
    if (min === 0 || max === 0) throw invalidInput('Invalid value for port 0', 'SecurityGroupInvalidPortValue');
    if (!(min !== null && max !== null && min <= max)) throw invalidInput('For TCP/UDP protocols, port_range_min must be <= port_range_max', 'SecurityGroupInvalidPortRange');
  } else if (proto === 1 || proto === 58) {
    for (const [attr, field, value] of [['port_range_min', 'type', min], ['port_range_max', 'code', max]] as const) {
      if (value !== null && !(value >= 0 && value <= 255)) {
        throw invalidInput(`Invalid value for ICMP ${field} (${attr}) ${value}. It must be 0 to 255.`, 'SecurityGroupInvalidIcmpValue');
      }
    }
    if (min === null && max !== null) throw invalidInput(`ICMP code (port-range-max) ${max} is provided but ICMP type (port-range-min) is missing.`, 'SecurityGroupMissingIcmpType');
  } else {
    throw invalidInput(`Ports cannot be specified for protocol ${proto}. Ports are only supported for ${PORT_PROTOCOLS.names.map((n) => n.toUpperCase()).join(', ')}.`, 'SecurityGroupInvalidProtocolForPort');
  }
}

/** The comparison key of _rule_to_key: equal keys are the same rule. */
export function ruleKey(r: NewRule): string {
  const prefix = r.remote_ip_prefix === null || r.remote_ip_prefix === '0.0.0.0/0' || r.remote_ip_prefix === '::/0' ? '+' : r.remote_ip_prefix;
  return [r.direction, r.ethertype, r.port_range_max ?? '+', r.port_range_min ?? '+', protoNameAndNumber(r.protocol, r.ethertype),
    r.remote_group_id ?? '+', '+', prefix, r.security_group_id].join('_');
}
