// The request as handlers see it: the path inside its service, the route's parameters, the
// parsed JSON body, and the caller's request context (from the token).

import type { IncomingHttpHeaders } from 'node:http';
import type { RequestContext } from '../../common/request-context.js';
import { badRequest } from './api-error.js';

export interface ApiRequest {
  method: string;
  /** Path inside the service, without a trailing slash ('/' for the service root). */
  path: string;
  /** Full path and query as received, for access lines. */
  rawUrl: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The body of an application/octet-stream request, unread (image data). */
  upload?: AsyncIterable<Buffer>;
  /** Parsed JSON body, or undefined when the request had none. */
  body: unknown;
  ctx: RequestContext;
  /** False for public routes (version documents, token issue): such lines log without context. */
  authenticated: boolean;
  remoteAddr: string;
  /** Compute microversion served ("2.1"), set by the compute app. */
  microversion: string | null;
}

export function header(req: ApiRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body's single top-level object `key` (e.g. `{"server": {...}}`), or 400 as Nova's schema check words it. */
export function bodyObject(req: ApiRequest, key: string): Json {
  if (!isObject(req.body)) throw badRequest(`Invalid input for field/attribute ${key}. Value: None. '${key}' is a required property`);
  const inner = req.body[key];
  if (!isObject(inner)) throw badRequest(`Invalid input for field/attribute ${key}. Value: ${JSON.stringify(inner ?? null)}. ${inner === undefined ? `'${key}' is a required property` : `${JSON.stringify(inner)} is not of type 'object'`}`);
  return inner;
}

/** A required non-empty string field of a body object. */
export function requiredString(obj: Json, field: string, maxLength = 255): string {
  const v = obj[field];
  if (v === undefined || v === null) throw badRequest(`Invalid input for field/attribute ${field}. Value: None. '${field}' is a required property`);
  if (typeof v !== 'string') throw badRequest(`Invalid input for field/attribute ${field}. Value: ${JSON.stringify(v)}. ${JSON.stringify(v)} is not of type 'string'`);
  if (v.trim().length === 0) throw badRequest(`Invalid input for field/attribute ${field}. Value: ${v}. '${v}' does not match '^(?! )[a-zA-Z0-9. _-]+(?<! )$'`);
  if (v.length > maxLength) throw badRequest(`Invalid input for field/attribute ${field}. Value: ${v}. '${v}' is too long`);
  return v;
}

/** An integer field that may arrive as a number or a numeric string (Nova's schemas coerce both). */
export function integerField(obj: Json, field: string, opts: { min?: number; required?: boolean; fallback?: number } = {}): number {
  const v = obj[field];
  if (v === undefined || v === null || v === '') {
    if (opts.required) throw badRequest(`Invalid input for field/attribute ${field}. Value: None. '${field}' is a required property`);
    return opts.fallback ?? 0;
  }
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw badRequest(`Invalid input for field/attribute ${field}. Value: ${String(v)}. ${JSON.stringify(v)} is not of type 'integer', 'string'`);
  if (opts.min !== undefined && n < opts.min) throw badRequest(`Invalid input for field/attribute ${field}. Value: ${n}. ${n} is less than the minimum of ${opts.min}`);
  return n;
}

/** Booleans the way oslo's strutils.bool_from_string reads them (Nova accepts "True", "1", …). */
export function booleanValue(v: unknown, field: string): boolean {
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  if (['1', 't', 'true', 'on', 'y', 'yes'].includes(s)) return true;
  if (['0', 'f', 'false', 'off', 'n', 'no'].includes(s)) return false;
  throw badRequest(`Invalid input for field/attribute ${field}. Value: ${String(v)}. ${JSON.stringify(v)} is not of type 'boolean'`);
}
