// The placement service: an HTTP server on loopback under /placement that validates the token
// with keystone (keystonemiddleware), picks the microversion, dispatches to the route table,
// enforces placement's default policy (admin or service role) and writes placement's access
// line (`placement.requestlog`) when each request ends. The caller's X-OpenStack-Request-ID
// becomes the request id of the context, so placement's lines carry the scheduler's request id.
import http from 'node:http';
import { BodyTooLarge, readLimitedBody } from '../api/http/body-limit.js';
import { guardServer, PARSER_HEADER_BYTES, refuse, requestLineRefusal } from '../api/http/request-limits.js';
import { credentialsRepr, allows } from '../common/policy.js';
import { newRequestId, type RequestContext } from '../common/request-context.js';
import type { OsloLogger } from '../common/oslo-logger.js';
import { serviceAuth } from '../common/service-auth.js';
import type { RunningService, ServiceEnv } from '../common/service-env.js';
import { apiUrl } from '../common/stack-config.js';
import { openDb, type Db } from '../db/open-db.js';
import { PLACEMENT_SCHEMA } from '../db/schema.js';
import type { ApiResponse, HttpMethod } from './api-types.js';
import { AuthToken, type ValidatedToken } from './auth-token.js';
import { MAX_VERSION, MIN_VERSION, requestedVersion, VERSION_HEADER, type Microversion } from './microversion.js';
import { errorBody, PlacementError } from './placement-errors.js';
import { PLACEMENT_POLICY, type PlacementAction } from './policy.js';
import { ROUTES, UNAUTHENTICATED } from './routes.js';

const PREFIX = '/placement';
const REQUEST_ID = /^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** keystonemiddleware's answers: no valid token, and keystone out of reach. */
const UNAUTHORIZED_BODY = { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } };
const UNAVAILABLE_BODY = { error: { code: 503, title: 'Service Unavailable', message: 'The Keystone service is temporarily unavailable.' } };
const POLICY_FILE = '/usr/lib/python3/dist-packages/placement/policy.py';

export interface PlacementOptions {
  /** Validates the callers' tokens with keystone. */
  auth: AuthToken;
  /** keystonemiddleware's WWW-Authenticate on 401: `Keystone uri="<identity url>"`. */
  identityUri: string;
}

function requestContext(header: string | string[] | undefined): RequestContext {
  const given = Array.isArray(header) ? header[0] : header;
  const requestId = given && REQUEST_ID.test(given) ? given : newRequestId();
  return { requestId, globalRequestId: null, userId: null, projectId: null, roles: [], isAdmin: false };
}

function withToken(ctx: RequestContext, t: ValidatedToken): void {
  Object.assign(ctx, { userId: t.userId, projectId: t.projectId, roles: t.roles, isAdmin: t.roles.includes('admin') });
}

/** The body, at most oslo.middleware's max_request_body_size (a larger one is not read into memory). */
async function readBody(req: http.IncomingMessage): Promise<string> {
  try {
    return await readLimitedBody(req);
  } catch (e) {
    if (e instanceof BodyTooLarge) throw new PlacementError(413, e.message);
    throw e;
  }
}

/** context.can(action): placement's PolicyNotAuthorized, turned into a 403 by its handler. */
function authorize(log: OsloLogger, ctx: RequestContext, action: PlacementAction): void {
  if (allows(PLACEMENT_POLICY[action], ctx)) return;
  log.child('placement.policy').debug(ctx, null, `Policy check for ${action} failed with credentials ${credentialsRepr(ctx)}`,
    { func: 'authorize', file: POLICY_FILE, line: 115 });
  throw new PlacementError(403, `Policy does not allow ${action} to be performed.`);
}

async function dispatch(db: Db, log: OsloLogger, opts: PlacementOptions, req: http.IncomingMessage, ctx: RequestContext, version: Microversion): Promise<ApiResponse> {
  const url = new URL(req.url ?? '/', 'http://placement');
  if (url.pathname !== PREFIX && !url.pathname.startsWith(`${PREFIX}/`)) throw new PlacementError(404, '');
  const path = url.pathname.slice(PREFIX.length).replace(/(.)\/$/, '$1') || '/';
  if (!UNAUTHENTICATED.has(path)) {
    const token = req.headers['x-auth-token'];
    const checked = await opts.auth.validate(Array.isArray(token) ? token[0] : token);
    if (checked.kind === 'invalid') return { status: 401, body: UNAUTHORIZED_BODY, headers: { 'WWW-Authenticate': `Keystone uri="${opts.identityUri}"` } };
    if (checked.kind === 'unavailable') return { status: 503, body: UNAVAILABLE_BODY };
    withToken(ctx, checked.token);
  }
  const route = ROUTES.find((r) => r.pattern.test(path));
  if (!route) throw new PlacementError(404, '');
  const endpoint = route.methods[(req.method ?? 'GET') as HttpMethod];
  if (!endpoint) {
    throw new PlacementError(405, 'The method specified is not allowed for this resource.', undefined, { Allow: Object.keys(route.methods).join(', ') });
  }
  if (endpoint.minVersion && !version.matches(endpoint.minVersion)) throw new PlacementError(404, '');
  let body: unknown;
  if (endpoint.json) {
    const type = req.headers['content-type'] ?? '';
    if (!type.includes('application/json')) throw new PlacementError(415, `The media type ${type || 'None'} is not supported, use application/json`);
  }
  if (endpoint.policy) authorize(log, ctx, endpoint.policy);
  if (endpoint.json) {
    const text = await readBody(req);
    try {
      body = JSON.parse(text);
    } catch (e) {
      throw new PlacementError(400, `Malformed JSON: ${(e as Error).message}`);
    }
  }
  const params = route.pattern.exec(path)!.slice(1).map(decodeURIComponent);
  return endpoint.handler({ db, params, query: url.searchParams, body, version, ctx, log });
}

export function createPlacementServer(db: Db, log: OsloLogger, opts: PlacementOptions): http.Server {
  const access = log.child('placement.requestlog');
  const fault = log.child('placement.fault_wrap');
  const server = http.createServer({ maxHeaderSize: PARSER_HEADER_BYTES }, (req, res) => {
    const refusal = requestLineRefusal(req);
    if (refusal) return refuse(req.socket, refusal);
    const ctx = requestContext(req.headers['x-openstack-request-id']);
    let version: Microversion | null = null;
    const run = async (): Promise<ApiResponse> => {
      try {
        version = requestedVersion(req.headers[VERSION_HEADER] as string | undefined);
        return await dispatch(db, log, opts, req, ctx, version);
      } catch (e) {
        if (e instanceof PlacementError) return { status: e.status, body: errorBody(e, ctx.requestId, version, { min: MIN_VERSION, max: MAX_VERSION }), headers: e.headers };
        const err = e instanceof Error ? e : new Error(String(e));
        fault.exception(ctx, null, `Placement API unexpected error: ${err.message}`,
          ['Traceback (most recent call last):', ...(err.stack ?? '').split('\n').slice(1).map((l) => `  ${l.trim()}`), `${err.name}: ${err.message}`]);
        const wrapped = new PlacementError(500, err.message);
        return { status: 500, body: errorBody(wrapped, ctx.requestId, version, { min: MIN_VERSION, max: MAX_VERSION }) };
      }
    };
    void run().then((out) => {
      const payload = out.body === undefined || out.status === 204 ? '' : JSON.stringify(out.body);
      const length = Buffer.byteLength(payload);
      res.on('finish', () => {
        const remote = (req.socket.remoteAddress ?? '-').replace(/^::ffff:/, '');
        access.info(ctx, null, `${remote} "${req.method} ${req.url}" status: ${out.status} len: ${length} microversion: ${version ?? '-'}`);
      });
      const headers: Record<string, string> = {
        'x-openstack-request-id': ctx.requestId,
        'openstack-request-id': ctx.requestId,
        vary: VERSION_HEADER,
        ...(version ? { [VERSION_HEADER]: `placement ${version}` } : {}),
        ...(payload ? { 'content-type': 'application/json' } : {}),
        ...out.headers,
      };
      if (out.status !== 204) headers['content-length'] = String(length);
      res.writeHead(out.status, headers);
      res.end(payload);
    });
  });
  guardServer(server);
  return server;
}

export async function startPlacementService(env: ServiceEnv): Promise<RunningService> {
  const db = openDb(env.cfg.placementDb, PLACEMENT_SCHEMA);
  const identityUri = apiUrl(env.cfg, '/v3');
  const auth = new AuthToken(identityUri, serviceAuth(env.cfg, 'placement'), env.log);
  const server = createPlacementServer(db, env.log, { auth, identityUri });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.cfg.ports.placement, env.cfg.bind, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
      env.log.flush();
    },
  };
}
