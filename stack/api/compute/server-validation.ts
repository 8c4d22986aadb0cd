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

/** accessIPv4/accessIPv6: a string in the address family's format. */
export function checkAccessIp(field: 'accessIPv4' | 'accessIPv6', value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(field, value, `${pyRepr(value)} is not of type 'string'`);
  const v4 = field === 'accessIPv4';
  if (!(v4 ? isIPv4(value) : isIPv6(value))) throw invalid(field, value, `${pyRepr(value)} is not a '${v4 ? 'ipv4' : 'ipv6'}'`);
  return value;
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
