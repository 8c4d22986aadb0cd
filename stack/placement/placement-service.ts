// The placement service: an HTTP server on loopback under /placement that checks the token,
// picks the microversion, dispatches to the route table and writes placement's access line
// (`placement.requestlog`) when each request ends. The caller's X-OpenStack-Request-ID becomes
// the request id of the context, so placement's lines carry the scheduler's request id.

import http from 'node:http';
import { newRequestId, type RequestContext } from '../common/request-context.js';
import type { OsloLogger } from '../common/oslo-logger.js';
import type { RunningService, ServiceEnv } from '../common/service-env.js';
import { openDb, type Db } from '../db/open-db.js';
import { PLACEMENT_SCHEMA } from '../db/schema.js';
import { stableId } from '../db/seed.js';
import type { ApiResponse, HttpMethod } from './api-types.js';
import { MAX_VERSION, MIN_VERSION, requestedVersion, VERSION_HEADER, type Microversion } from './microversion.js';
import { errorBody, PlacementError } from './placement-errors.js';
import { ROUTES, UNAUTHENTICATED } from './routes.js';

const PREFIX = '/placement';
const MAX_BODY = 1 << 20;
const REQUEST_ID = /^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Placement only hears from services here; it acts as nova's service user. */
const SERVICE_USER = stableId('user', 'nova');
const SERVICE_PROJECT = stableId('project', 'service');
/** keystonemiddleware's answer to a request without a token. */
const UNAUTHORIZED_BODY = { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } };

export interface PlacementOptions {
  serviceToken: string;
}

function requestContext(header: string | string[] | undefined): RequestContext {
  const given = Array.isArray(header) ? header[0] : header;
  const requestId = given && REQUEST_ID.test(given) ? given : newRequestId();
  return { requestId, globalRequestId: null, userId: SERVICE_USER, projectId: SERVICE_PROJECT, roles: ['admin', 'service'], isAdmin: true };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new PlacementError(413, 'Request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function tokenAccepted(token: string | string[] | undefined, opts: PlacementOptions): boolean {
  const t = Array.isArray(token) ? token[0] : token;
  // The service token, or any token at all: nothing but the stack's services calls placement.
  return t === opts.serviceToken || (t !== undefined && t.length > 0);
}

async function dispatch(db: Db, log: OsloLogger, opts: PlacementOptions, req: http.IncomingMessage, ctx: RequestContext, version: Microversion): Promise<ApiResponse> {
  const url = new URL(req.url ?? '/', 'http://placement');
  if (url.pathname !== PREFIX && !url.pathname.startsWith(`${PREFIX}/`)) throw new PlacementError(404, '');
  const path = url.pathname.slice(PREFIX.length).replace(/(.)\/$/, '$1') || '/';
  const route = ROUTES.find((r) => r.pattern.test(path));
  if (!route) throw new PlacementError(404, '');
  if (!UNAUTHENTICATED.has(path) && !tokenAccepted(req.headers['x-auth-token'], opts)) return { status: 401, body: UNAUTHORIZED_BODY };
  const endpoint = route.methods[(req.method ?? 'GET') as HttpMethod];
  if (!endpoint) {
    throw new PlacementError(405, 'The method specified is not allowed for this resource.', undefined, { Allow: Object.keys(route.methods).join(', ') });
  }
  if (endpoint.minVersion && !version.matches(endpoint.minVersion)) throw new PlacementError(404, '');
  let body: unknown;
  if (endpoint.json) {
    const type = req.headers['content-type'] ?? '';
    if (!type.includes('application/json')) throw new PlacementError(415, `The media type ${type || 'None'} is not supported, use application/json`);
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
  return http.createServer((req, res) => {
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
}

export async function startPlacementService(env: ServiceEnv): Promise<RunningService> {
  const db = openDb(env.cfg.placementDb, PLACEMENT_SCHEMA);
  const server = createPlacementServer(db, env.log, { serviceToken: env.cfg.serviceToken });
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
