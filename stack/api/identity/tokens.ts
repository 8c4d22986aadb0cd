// POST/GET/HEAD/DELETE /v3/auth/tokens: password (or token) authentication with project scope,
// and validation of a subject token for the stack's own services, in keystone's formats.

import { randomBytes } from 'node:crypto';
import type { ApiDeps } from '../api-deps.js';
import { ApiError, unauthorized } from '../http/api-error.js';
import { empty, json, type ApiReply } from '../http/reply.js';
import { header, isObject, type ApiRequest } from '../http/request.js';
import { stableId } from '../../db/seed.js';
import { serviceCatalog } from './catalog.js';
import type { TokenInfo } from './token-store.js';

const DEFAULT_DOMAIN = { id: 'default', name: 'Default' };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (isObject(v) ? v : {});

/** `{"id": …}` or `{"name": …}` of a domain, as a domain id ('' when it names no known domain). */
function domainId(ref: unknown): string {
  const d = obj(ref);
  if (typeof d.id === 'string') return d.id;
  return d.name === DEFAULT_DOMAIN.name ? DEFAULT_DOMAIN.id : '';
}

export function tokenBody(deps: ApiDeps, t: TokenInfo): unknown {
  return {
    token: {
      methods: t.methods,
      user: { id: t.userId, name: t.userName, domain: DEFAULT_DOMAIN, password_expires_at: null },
      audit_ids: [randomBytes(16).toString('base64url').slice(0, 22)],
      expires_at: t.expiresAt,
      issued_at: t.issuedAt,
      project: { id: t.projectId, name: t.projectName, domain: DEFAULT_DOMAIN },
      is_domain: false,
      roles: t.roles.map((r) => ({ id: stableId('role', r), name: r })),
      catalog: serviceCatalog(deps.cfg, deps.baseUrl),
    },
  };
}

/** The user the identity part of the request proves, or null. */
function authenticatedUser(deps: ApiDeps, identity: Json): string | null {
  const methods = Array.isArray(identity.methods) ? identity.methods : [];
  if (methods.includes('password')) {
    const user = obj(obj(identity.password).user);
    const row = typeof user.id === 'string'
      ? deps.tokens.userById(user.id)
      : deps.tokens.userByName(String(user.name ?? ''), domainId(user.domain));
    return row && row.password === user.password ? row.id : null;
  }
  if (methods.includes('token')) return deps.tokens.validate(String(obj(identity.token).id ?? ''))?.userId ?? null;
  return null;
}

export function issueToken(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const auth = obj(obj(req.body).auth);
    if (!isObject(auth.identity)) throw new ApiError(400, "Invalid input for field 'identity': 'identity' is a required property", 'Bad Request');
    const userId = authenticatedUser(deps, auth.identity);
    if (!userId) throw unauthorized();
    const scope = obj(obj(auth.scope).project);
    const project = scope.id !== undefined || scope.name !== undefined
      ? deps.tokens.project({ id: scope.id as string | undefined, name: scope.name as string | undefined })
      : deps.tokens.project({ id: deps.tokens.defaultProject(userId) });
    if (!project || (scope.domain !== undefined && domainId(scope.domain) !== project.domain_id)) throw unauthorized();
    if (deps.tokens.roles(userId, project.id).length === 0) throw unauthorized();
    if (!deps.tokens.isEnabled(userId) || !deps.tokens.isEnabled(project.id)) throw unauthorized();
    const methods = (auth.identity.methods as string[]).filter((m) => m === 'password' || m === 'token');
    const token = deps.tokens.issue(userId, project.id, methods);
    return json(201, tokenBody(deps, token), { 'X-Subject-Token': token.id });
  };
}

function subjectToken(deps: ApiDeps, req: ApiRequest): TokenInfo {
  const subject = header(req, 'x-subject-token');
  const token = deps.tokens.validate(subject);
  if (!token) throw new ApiError(404, `Could not find token: ${subject ?? ''}.`, 'Not Found');
  return token;
}

export function validateToken(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const token = subjectToken(deps, req);
    return json(200, tokenBody(deps, token), { 'X-Subject-Token': token.id });
  };
}

export function checkToken(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => empty(200, { 'X-Subject-Token': subjectToken(deps, req).id });
}

export function revokeToken(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    deps.tokens.revoke(subjectToken(deps, req).id);
    return empty(204);
  };
}
