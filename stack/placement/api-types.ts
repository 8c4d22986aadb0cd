// What a placement handler gets and gives back; the HTTP server does parsing, auth,
// microversions and logging around it.

import type { Db } from '../db/open-db.js';
import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import type { Microversion } from './microversion.js';
import type { PlacementAction } from './policy.js';
import { PlacementError } from './placement-errors.js';

export interface ApiRequest {
  db: Db;
  /** Captured path segments of the route. */
  params: string[];
  query: URLSearchParams;
  /** Parsed JSON body (PUT/POST), else undefined. */
  body: unknown;
  version: Microversion;
  ctx: RequestContext;
  log: OsloLogger;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface Endpoint {
  handler: (req: ApiRequest) => ApiResponse;
  /** Older microversions get 404, as placement answers for a handler they lack. */
  minVersion?: string;
  /** Requires an application/json body. */
  json?: boolean;
  /** Policy action checked before the handler runs (PLACEMENT_POLICY); null for the version document. */
  policy: PlacementAction | null;
}

export interface Route {
  pattern: RegExp;
  methods: Partial<Record<HttpMethod, Endpoint>>;
}

const invalid = (why: string) => new PlacementError(400, `JSON does not validate: ${why}`);

/** The body as an object, or the 400 placement's schema check gives. */
export function bodyObject(body: unknown, what = 'body'): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid(`${JSON.stringify(body) ?? what} is not of type 'object'`);
  return body as Record<string, unknown>;
}

export function requireKey(obj: Record<string, unknown>, key: string): unknown {
  if (!(key in obj)) throw invalid(`'${key}' is a required property`);
  return obj[key];
}

export function integerField(obj: Record<string, unknown>, key: string, min: number, required: boolean): number | undefined {
  if (!(key in obj)) {
    if (required) throw invalid(`'${key}' is a required property`);
    return undefined;
  }
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid(`${JSON.stringify(v)} is not of type 'integer'`);
  if (v < min) throw invalid(`${v} is less than the minimum of ${min}`);
  return v;
}

export function stringField(obj: Record<string, unknown>, key: string, required: boolean): string | undefined {
  if (!(key in obj) || obj[key] === undefined) {
    if (required) throw invalid(`'${key}' is a required property`);
    return undefined;
  }
  const v = obj[key];
  if (typeof v !== 'string' || v.length === 0) throw invalid(`${JSON.stringify(v)} is not of type 'string'`);
  return v;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Accepts a uuid with or without dashes and returns its dashed lower-case form. */
export function normalizeUuid(text: string): string | null {
  if (!UUID.test(text)) return null;
  const h = text.replace(/-/g, '').toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
