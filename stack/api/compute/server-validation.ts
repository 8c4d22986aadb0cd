// The checks Nova's request schemas make on a server's name and access IPs (create, update and
// rebuild, parameter_types.name / accessIPv4 / accessIPv6) and on the list's changes-since,
// worded as Nova's validator words them: jsonschema's first error in schema order (type, format,
// minLength, maxLength), and the name format's own InvalidName message.

import { isIPv4, isIPv6 } from 'node:net';
import { badRequest } from '../http/api-error.js';
import { invalid, pyRepr } from './actions/action-spec.js';

/** valid_name_regex: printable characters (no C*, no Z* but Zs), not starting or ending with a space. */
const NAME = /^(?![\p{C}\p{Z}])[^\p{C}\p{Zl}\p{Zp}]*(?<![\p{C}\p{Z}])$/u;
const INVALID_NAME = "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.";

export function checkServerName(value: unknown, field = 'name'): string {
  if (typeof value !== 'string') throw invalid(field, value, `${pyRepr(value)} is not of type 'string'`);
  if (!NAME.test(value)) throw badRequest(INVALID_NAME);
  if ([...value].length < 1) throw invalid(field, value, `${pyRepr(value)} is too short`);
  if ([...value].length > 255) throw invalid(field, value, `${pyRepr(value)} is too long`);
  return value;
}

/** accessIPv4/accessIPv6: a string in the address family's format; the value as the instance keeps it. */
export function checkAccessIp(field: 'accessIPv4' | 'accessIPv6', value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(field, value, `${pyRepr(value)} is not of type 'string'`);
  const v4 = field === 'accessIPv4';
  if (!(v4 ? isIPv4(value) : isIPv6(value))) throw invalid(field, value, `${pyRepr(value)} is not a '${v4 ? 'ipv4' : 'ipv6'}'`);
  return v4 ? value : canonicalIPv6(value);
}

/**
 * str(netaddr.IPAddress(v6)), as the instance's IPV6Address field stores it (RFC 5952): groups
 * without leading zeros, the longest run of zero groups (the first of equals, two at least) as
 * `::`, an IPv4-mapped address with its dotted tail.
 */
export function canonicalIPv6(address: string): string {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === null ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  const words = groups.map((g) => parseInt(g, 16));
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) return `::ffff:${words[6] >> 8}.${words[6] & 255}.${words[7] >> 8}.${words[7] & 255}`;
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best.len < 2) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

/** timeutils.parse_isotime (iso8601): a date, optionally a time and a zone; none means UTC. */
const ISO_TIME = /^(\d{4}-\d\d-\d\d)(?:[Tt ](\d\d:\d\d(?::\d\d(?:\.\d+)?)?))?([Zz]|[+-]\d\d(?::?\d\d)?)?$/;

export function checkChangesSince(param: string, value: string): number {
  const m = ISO_TIME.exec(value);
  const zone = m?.[3] ? (m[3].toUpperCase() === 'Z' ? 'Z' : m[3].length === 3 ? `${m[3]}:00` : m[3].replace(/^([+-]\d\d)(\d\d)$/, '$1:$2')) : 'Z';
  const when = m ? Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}${zone}`) : NaN;
  if (Number.isNaN(when)) throw badRequest(`Invalid input for query parameters ${param}. Value: ${value}. '${value}' is not a 'date-time'`);
  return when;
}
