// The os-security-group-rules body as Nova reads it before asking neutron: the schema
// (parent_group_id and group_id as uuids, the rest unchecked), the ingress rule built from
// ip_protocol/from_port/to_port and a source group or CIDR (nova.network.security_group_api's
// _new_ingress_rule and parse_cidr), Nova's 400s, and the neutron rule Nova sends for it.

import { parseIpNetwork } from '../../common/ip-network.js';
import { badRequest } from '../http/api-error.js';
import { isObject, type ApiRequest } from '../http/request.js';
import { invalid, pyRepr } from './actions/action-spec.js';

/** uuidutils.is_uuid_like: hyphens, braces and a urn:uuid: prefix may be left in or out. */
export function isUuidLike(v: string): boolean {
  const bare = v.replace(/^urn:/, '').replace(/^uuid:/, '').replace(/[{}-]/g, '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(bare);
}

export interface RuleBody { parentGroupId: string; groupId: string | null; ipProtocol: unknown; fromPort: unknown; toPort: unknown; cidr: unknown }

/** create_rules: security_group_rule with a uuid parent_group_id and a uuid (or null) group_id. */
export function ruleBody(req: ApiRequest): RuleBody {
  if (!isObject(req.body) || !('security_group_rule' in req.body)) throw badRequest("'security_group_rule' is a required property");
  const r = req.body.security_group_rule;
  if (!isObject(r)) throw invalid('security_group_rule', r, `${pyRepr(r)} is not of type 'object'`);
  if ('group_id' in r && r.group_id !== null) {
    if (typeof r.group_id !== 'string') throw invalid('group_id', r.group_id, `${pyRepr(r.group_id)} is not of type 'string', 'null'`);
    if (!isUuidLike(r.group_id)) throw invalid('group_id', r.group_id, `${pyRepr(r.group_id)} is not a 'uuid'`);
  }
  if ('parent_group_id' in r) {
    if (typeof r.parent_group_id !== 'string') throw invalid('parent_group_id', r.parent_group_id, `${pyRepr(r.parent_group_id)} is not of type 'string'`);
    if (!isUuidLike(r.parent_group_id)) throw invalid('parent_group_id', r.parent_group_id, `${pyRepr(r.parent_group_id)} is not a 'uuid'`);
  } else throw invalid('security_group_rule', r, "'parent_group_id' is a required property");
  return {
    parentGroupId: r.parent_group_id as string, groupId: (r.group_id as string | null | undefined) ?? null,
    ipProtocol: r.ip_protocol ?? null, fromPort: r.from_port ?? null, toPort: r.to_port ?? null, cidr: r.cidr ?? null,
  };
}

/** A rule in Nova's own format (what _new_ingress_rule returns and _rule_exists compares). */
export interface NovaRule { group_id?: string; cidr?: string; protocol?: string; from_port?: number; to_port?: number }

/** Python's truth value of a JSON value. */
const truthy = (v: unknown) => !(v === null || v === false || v === 0 || v === '' || (Array.isArray(v) && !v.length) || (isObject(v) && !Object.keys(v).length));

/** Python's int() of a JSON value; null where it raises. */
function pyInt(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return Number(v.trim());
  return null;
}

/** parse_cidr: '0.0.0.0/0' when none is given, else a URL-unquoted network with a prefix length. */
export function parseCidr(cidr: unknown): string {
  if (!truthy(cidr)) return '0.0.0.0/0';
  let text: string;
  try { text = decodeURIComponent(String(cidr)); } catch { text = String(cidr); }
  const net = parseIpNetwork(text);
  if (!net || !net.explicitPrefix) throw badRequest(`${text} is not a valid IP network.`);
  return text;
}

const portRange = (from: number, to: number, msg: string) => badRequest(`Invalid port range ${from}:${to}. ${msg}`);

/** _new_ingress_rule; null when a CIDR rule lacks a protocol or ports ("Not enough parameters"). */
export function newIngressRule(body: RuleBody): NovaRule | null {
  const values: NovaRule = {};
  let from = body.fromPort;
  let to = body.toPort;
  let cidr: string | null = null;
  if (body.groupId !== null) {
    values.group_id = body.groupId;
    const upper = truthy(body.ipProtocol) ? String(body.ipProtocol).toUpperCase() : '';
    if (upper === 'ICMP' && from === null && to === null) [from, to] = [-1, -1];
    else if ((upper === 'TCP' || upper === 'UDP') && from === null && to === null) [from, to] = [1, 65535];
  } else {
    cidr = parseCidr(body.cidr);
    values.cidr = cidr;
  }
  if (truthy(body.ipProtocol) && from !== null && to !== null) {
    const protocol = pyRepr(body.ipProtocol, false);
    const upper = protocol.toUpperCase();
    const f = pyInt(from);
    const t = pyInt(to);
    if (f === null || t === null) {
      throw badRequest(`Invalid input received: ${upper === 'ICMP' ? 'Type and Code must be integers for ICMP protocol type' : 'To and From ports must be integers'}`);
    }
    if (!['TCP', 'UDP', 'ICMP'].includes(upper)) throw badRequest(`Invalid IP protocol ${protocol}.`);
    if (upper !== 'ICMP' && f > t) throw portRange(f, t, 'Former value cannot be greater than the later');
    if (upper !== 'ICMP' && (f < 1 || t > 65535)) throw portRange(f, t, `Valid ${upper} ports should be between 1-65535`);
    if (upper === 'ICMP' && (f < -1 || f > 255 || t < -1 || t > 255)) throw portRange(f, t, 'For ICMP, the type:code must be valid');
    Object.assign(values, { protocol, from_port: f, to_port: t });
  } else if (cidr !== null) return null;
  return values;
}

/** The API's check after building the rule: a host address with a /0 prefix. */
export function checkCidrPrefix(rule: NovaRule): void {
  if (rule.cidr === undefined) return;
  const [net, prefixlen] = rule.cidr.split('/');
  if (!['0.0.0.0', '::'].includes(parseIpNetwork(rule.cidr)?.ip ?? net) && prefixlen === '0') throw badRequest(`Bad prefix for network in cidr ${rule.cidr}`);
}

/** _make_neutron_security_group_rules_list for one rule: always ingress, IPv6 only for an IPv6 CIDR. */
export function neutronRule(rule: NovaRule, parentGroupId: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    direction: 'ingress', protocol: rule.protocol ?? null,
    ethertype: rule.cidr && parseIpNetwork(rule.cidr)?.version === 6 ? 'IPv6' : 'IPv4',
    remote_ip_prefix: rule.cidr ?? null, security_group_id: parentGroupId, remote_group_id: rule.group_id ?? null,
  };
  if (rule.from_port !== undefined && rule.from_port !== -1) out.port_range_min = rule.from_port;
  if (rule.to_port !== undefined && rule.to_port !== -1) out.port_range_max = rule.to_port;
  return out;
}
