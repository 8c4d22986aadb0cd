// The single request handler of the api process: picks the service by path prefix, reads the
// body, authenticates (everything but public routes needs a valid X-Auth-Token), applies the
// admin-only policy of the route, runs the handler, renders errors in the service's format,
// sets the request-id headers and writes the access line when the response is done.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { newRequestId } from '../../common/request-context.js';
import type { TokenStore } from '../identity/token-store.js';
import { allows, isPublic } from '../../common/policy.js';
import { ApiError, badRequest, unauthorized } from './api-error.js';
import { anonymousContext, contextFromToken, globalRequestId } from './auth-context.js';
import type { ApiReply } from './reply.js';
import { header, type ApiRequest } from './request.js';
import { BodyTooLarge, readLimitedBody, webobError } from './body-limit.js';
import { refuse, requestLineRefusal } from './request-limits.js';
import { policyKey, type RoutePolicy, type ServiceApp } from './service-app.js';

export interface DispatchDeps {
  apps: ServiceApp[];
  tokens: TokenStore;
  /** keystonemiddleware's WWW-Authenticate value on 401: `Keystone uri="<identity url>"`. */
  identityUri: string;
}

function pickApp(apps: readonly ServiceApp[], pathname: string): { app: ServiceApp; path: string } {
  let best: ServiceApp | undefined;
  for (const a of apps) {
    const hit = a.prefix === '' || pathname === a.prefix || pathname.startsWith(`${a.prefix}/`);
    if (hit && (!best || a.prefix.length > best.prefix.length)) best = a;
  }
  if (!best) throw new Error('no service mounted at the root');
  let path = pathname.slice(best.prefix.length).replace(/\/{2,}/g, '/');
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return { app: best, path: path || '/' };
}

function parseBody(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw badRequest('Malformed request body');
  }
}

/** The route's policy from the app's table; a route without one is a programming error. */
function policyOf(app: ServiceApp, method: string, pattern: string): RoutePolicy {
  const entry = app.policy[policyKey(method, pattern)];
  if (!entry) throw new Error(`${app.name}: no policy for ${method} ${pattern}`);
  return entry;
}

/** oslo.policy's enforce: the caller against the route's rule and target, or the service's 403. */
function enforce(app: ServiceApp, entry: RoutePolicy, req: ApiRequest): void {
  const target = { ...app.policyTarget?.(req), ...(entry.targetParam ? { projectId: req.params[entry.targetParam] ?? null } : {}) };
  if (!allows(entry.rule, req.ctx, target)) throw app.policyDenied(entry, req);
}

async function route(deps: DispatchDeps, app: ServiceApp, req: ApiRequest): Promise<ApiReply> {
  const found = app.router.lookup(req.method, req.path);
  const entry = found.kind === 'match' ? policyOf(app, found.match.route.method, found.match.route.pattern) : null;
  if (!entry || !isPublic(entry.rule)) {
    const token = deps.tokens.validate(header(req, 'x-auth-token'));
    if (!token) throw unauthorized();
    req.ctx = contextFromToken(token, req.ctx.requestId, req.ctx.globalRequestId);
    req.authenticated = true;
  }
  if (found.kind === 'none') throw new ApiError(404, 'The resource could not be found.');
  if (found.kind === 'wrong-method') {
    if (app.wrongMethodNotFound) throw new ApiError(404, 'The resource could not be found.');
    throw new ApiError(405, 'The method specified is not allowed for this resource.');
  }
  const { route: r, params } = found.match;
  req.params = params;
  // The service's own checks (microversion, content type) come before the body is deserialized.
  app.beforeHandler?.(req, r);
  req.body = parseBody(req.rawBody);
  enforce(app, entry!, req);
  return r.handler(req);
}

function serialize(reply: ApiReply): { body: Buffer | null; contentType: string | null } {
  if (reply.json !== undefined) return { body: Buffer.from(JSON.stringify(reply.json)), contentType: 'application/json' };
  if (reply.text !== undefined) return { body: Buffer.from(reply.text), contentType: 'text/plain; charset=UTF-8' };
  return { body: null, contentType: null };
}

function newRequest(incoming: IncomingMessage, url: URL, path: string): ApiRequest {
  const caller = incoming.headers['x-openstack-request-id'];
  return {
    method: (incoming.method ?? 'GET').toUpperCase(), path, rawUrl: incoming.url ?? '/', query: url.searchParams,
    params: {}, headers: incoming.headers, rawBody: '', body: undefined,
    ctx: anonymousContext(newRequestId(), globalRequestId(Array.isArray(caller) ? caller[0] : caller)),
    authenticated: false, remoteAddr: incoming.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1', microversion: null,
  };
}

async function answer(deps: DispatchDeps, app: ServiceApp, req: ApiRequest, incoming: IncomingMessage): Promise<ApiReply> {
  try {
    // A binary upload (glance's image data) is left to its handler to stream; oslo's size
    // limit applies to the API bodies that are read whole.
    if (header(req, 'content-type') === 'application/octet-stream') req.upload = incoming;
    else req.rawBody = await readLimitedBody(incoming);
    app.logRequest?.(req);
    return await route(deps, app, req);
  } catch (e) {
    // oslo.middleware's sizelimit sits outside every service's own error handling.
    if (e instanceof BodyTooLarge) return { ...webobError(413, e.message, header(req, 'accept')), closeConnection: true };
    if (!(e instanceof ApiError)) return app.renderUnexpected(e instanceof Error ? e : new Error(String(e)), req);
    const reply = app.renderError(e, req);
    if (e.status === 401) reply.headers = { ...reply.headers, 'WWW-Authenticate': `Keystone uri="${deps.identityUri}"` };
    return reply;
  }
}

async function send(app: ServiceApp, req: ApiRequest, reply: ApiReply, res: ServerResponse, started: bigint): Promise<void> {
  const { body, contentType } = serialize(reply);
  const length = reply.binary ? reply.binary.length : body?.length ?? 0;
  const headers: Record<string, string | number> = {
    ...(req.authenticated ? app.responseHeaders?.(req) : {}),
    ...reply.headers,
    ...app.requestIdHeaders(req.ctx.requestId),
    'Content-Length': length,
  };
  const type = reply.binary?.contentType ?? contentType;
  if (type && !reply.headers?.['Content-Type']) headers['Content-Type'] = type;
  res.on('finish', () => app.logAccess?.({ req, status: reply.status, length, seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
  // A refused body may still be arriving: answer, then close instead of reading it.
  if (reply.closeConnection) { headers.Connection = 'close'; res.on('finish', () => res.socket?.destroySoon()); }
  res.writeHead(reply.status, headers);
  if (req.method === 'HEAD' || reply.status === 204 || reply.status === 304) return void res.end();
  if (reply.binary) return pipeline(Readable.from(reply.binary.chunks()), res);
  res.end(body ?? undefined);
}

export function createDispatcher(deps: DispatchDeps): (req: IncomingMessage, res: ServerResponse) => void {
  // Fail at start, not per request, when a route has no policy.
  for (const app of deps.apps) for (const r of app.router.routes) policyOf(app, r.method, r.pattern);
  return (incoming, res) => {
    const refusal = requestLineRefusal(incoming);
    if (refusal) return refuse(incoming.socket, refusal);
    const started = process.hrtime.bigint();
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
    const { app, path } = pickApp(deps.apps, url.pathname);
    const req = newRequest(incoming, url, path);
    answer(deps, app, req, incoming)
      .then((reply) => send(app, req, reply, res, started))
      .catch((e: Error) => {
        // Only a failure to write the response gets here; there is nobody left to answer.
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy(e);
      });
  };
}
