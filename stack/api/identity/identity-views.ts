// Keystone's JSON for users, projects, roles and role assignments, with their `links`, and the
// request checks keystone's JSON schemas make (names, booleans), worded as keystone words them.

import { ApiError } from '../http/api-error.js';
import { isObject } from '../http/request.js';
import type { Attrs, IdentityStore, ProjectRow, RoleRow, UserRow } from './identity-store.js';

export const DEFAULT_DOMAIN_ID = 'default';

type Json = Record<string, unknown>;

export function collection(baseUrl: string, path: string, key: string, items: unknown[]): Json {
  return { [key]: items, links: { self: `${baseUrl}/v3/${path}`, previous: null, next: null } };
}

/** Keystone's extra attributes of a user (what it was created or updated with besides its columns). */
const USER_EXTRAS = ['email', 'description', 'default_project_id'] as const;

export function userView(baseUrl: string, store: IdentityStore, u: UserRow): Json {
  const a = store.attrs(u.id);
  const view: Json = {
    id: u.id, name: u.name, domain_id: u.domain_id, enabled: a.enabled !== false, password_expires_at: null, options: {},
    links: { self: `${baseUrl}/v3/users/${u.id}` },
  };
  for (const k of USER_EXTRAS) if (a[k] !== undefined) view[k] = a[k];
  return view;
}

export function projectView(baseUrl: string, store: IdentityStore, p: ProjectRow): Json {
  const a = store.attrs(p.id);
  return {
    id: p.id, name: p.name, domain_id: p.domain_id, description: (a.description as string | undefined) ?? '', enabled: a.enabled !== false,
    is_domain: false, parent_id: p.domain_id, tags: [], options: {}, links: { self: `${baseUrl}/v3/projects/${p.id}` },
  };
}

export function roleView(baseUrl: string, r: RoleRow): Json {
  const view: Json = { id: r.id, name: r.name, domain_id: r.domain_id, options: {}, links: { self: `${baseUrl}/v3/roles/${r.id}` } };
  if (r.description !== null) view.description = r.description;
  return view;
}

/** keystone.exception.ValidationError from its JSON schema. */
export const invalid = (field: string, detail: string) =>
  new ApiError(400, `Invalid input for field '${field}': ${detail}`, 'Bad Request');

export const notFound = (kind: string, id: string) => new ApiError(404, `Could not find ${kind}: ${id}.`, 'Not Found');

export const duplicate = (kind: string, name: string, domainId: string | null) =>
  new ApiError(409, `Conflict occurred attempting to store ${kind} - Duplicate entry found with name ${name}${domainId ? ` at domain ID ${domainId}` : ''}.`, 'Conflict');

/** The body's `{"<key>": {...}}`, or keystone's 400. */
export function entity(body: unknown, key: string): Json {
  const inner = isObject(body) ? body[key] : undefined;
  if (!isObject(inner)) throw invalid(key, `'${key}' is a required property`);
  return inner;
}

export function nameOf(obj: Json, required: boolean): string | undefined {
  const v = obj.name;
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string') throw invalid('name', v === undefined ? "'name' is a required property" : `${JSON.stringify(v)} is not of type 'string'`);
  if (v.trim() === '' || v.length > 255) throw invalid('name', `'${v}' ${v.length > 255 ? 'is too long' : 'does not match \'^[^\\\\s].*$\''}`);
  return v;
}

/** enabled, description, email… as given; `enabled` must be a boolean. */
export function extras(obj: Json, keys: readonly string[]): Attrs {
  const out: Attrs = {};
  if (obj.enabled !== undefined) {
    if (typeof obj.enabled !== 'boolean') throw invalid('enabled', `${JSON.stringify(obj.enabled)} is not of type 'boolean'`);
    out.enabled = obj.enabled;
  }
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

export function domainOf(obj: Json): string {
  const d = obj.domain_id;
  if (d === undefined || d === null) return DEFAULT_DOMAIN_ID;
  if (d !== DEFAULT_DOMAIN_ID) throw notFound('domain', String(d));
  return d;
}
