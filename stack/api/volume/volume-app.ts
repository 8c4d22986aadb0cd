// cinder-lite under /volume: the version document, volumes (with the begin/roll detaching actions), attachments, quota sets and limits of the
// block storage API v3, with microversions (`OpenStack-API-Version: volume 3.x`; attachments
// from 3.27, attachment complete from 3.44), cinder's fault bodies, and cinder-api.log lines
// (cinder.api.openstack.wsgi's request and result lines, eventlet's access line).

import type { ApiDeps } from '../api-deps.js';
import { ACCESS_FORMATS, accessLogger } from '../http/access-log.js';
import { notFound, badRequest, type ApiError } from '../http/api-error.js';
import { authTokenRejection, json, ok, type ApiReply } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import { MAX, MIN, requested, versionString } from './volume-microversion.js';
import { Router, type Route } from '../http/router.js';
import type { ServiceApp } from '../http/service-app.js';
import { tracebackLines } from '../http/traceback.js';
import { attachmentAction, createAttachment, deleteAttachment, listAttachments, showAttachment, updateAttachment } from './attachments.js';
import { limits } from './limits.js';
import { cinderPolicyDenied, VOLUME_POLICY } from './policy.js';
import { createVolume, deleteVolume, listVolumes, showQuotas, showVolume } from './volumes.js';
import { volumeAction } from './volume-actions.js';
import type { VolumeWorker } from './volume-worker.js';
import { volumeTypeRoutes } from './volume-types.js';

const PREFIX = '/volume';
const FAULT_KEYS: Record<number, string> = { 400: 'badRequest', 403: 'forbidden', 404: 'itemNotFound', 405: 'HTTPMethodNotAllowed', 409: 'conflictingRequest' };
/** Routes that need at least this microversion (cinder answers 404 below it). */
const NEEDS: [RegExp, number][] = [[/^\/v3\/attachments\/\{id\}\/action$/, 44], [/^\/v3\/attachments/, 27]];

function versions(deps: ApiDeps) {
  return {
    versions: [{
      id: 'v3.0', status: 'CURRENT', version: versionString(MAX), min_version: versionString(MIN), updated: '2023-09-01T00:00:00Z',
      links: [{ rel: 'self', href: `${deps.baseUrl}${PREFIX}/v3/` }],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
    }],
  };
}

export function volumeApp(deps: ApiDeps, worker: VolumeWorker): ServiceApp {
  const log = deps.logs.cinder;
  const wsgi = log.child('cinder.api.openstack.wsgi');
  const served = new WeakMap<ApiRequest, number[]>();
  const access = accessLogger(log.child('eventlet.wsgi.server'), ACCESS_FORMATS.eventlet, PREFIX);
  const routes: Route[] = [
    { method: 'GET', pattern: '/', handler: () => json(300, versions(deps)) },
    { method: 'GET', pattern: '/v3', handler: () => ok({ version: versions(deps).versions[0] }) },
    { method: 'POST', pattern: '/v3/volumes', handler: createVolume(deps, worker) },
    { method: 'GET', pattern: '/v3/volumes', handler: listVolumes(deps, false) },
    { method: 'GET', pattern: '/v3/volumes/detail', handler: listVolumes(deps, true) },
    { method: 'GET', pattern: '/v3/volumes/{id}', handler: showVolume(deps) },
    { method: 'DELETE', pattern: '/v3/volumes/{id}', handler: deleteVolume(deps) },
    { method: 'POST', pattern: '/v3/volumes/{id}/action', handler: volumeAction(deps) },
    { method: 'POST', pattern: '/v3/attachments', handler: createAttachment(deps) },
    { method: 'GET', pattern: '/v3/attachments', handler: listAttachments(deps) },
    { method: 'GET', pattern: '/v3/attachments/{id}', handler: showAttachment(deps) },
    { method: 'PUT', pattern: '/v3/attachments/{id}', handler: updateAttachment(deps) },
    { method: 'POST', pattern: '/v3/attachments/{id}/action', handler: attachmentAction(deps) },
    { method: 'DELETE', pattern: '/v3/attachments/{id}', handler: deleteAttachment(deps) },
    ...volumeTypeRoutes(deps),
    { method: 'GET', pattern: '/v3/os-quota-sets/{project_id}', handler: showQuotas(deps, false) },
    { method: 'GET', pattern: '/v3/os-quota-sets/{project_id}/defaults', handler: showQuotas(deps, true) },
    { method: 'GET', pattern: '/v3/limits', handler: (req) => limits(deps, req, requested(req)[1]) },
  ];
  const fullUrl = (req: ApiRequest) => `${deps.baseUrl}${req.rawUrl}`;
  return {
    name: 'volume',
    prefix: PREFIX,
    router: new Router(routes),
    policy: VOLUME_POLICY,
    policyDenied: (entry) => cinderPolicyDenied(entry.action),
    requestIdHeaders: (id) => ({ 'x-openstack-request-id': id, 'x-compute-request-id': id }),
    beforeHandler(req, route) {
      const v = requested(req);
      served.set(req, v);
      const need = NEEDS.find(([re]) => re.test(route.pattern));
      if (need && v[1] < need[1]) throw notFound('The resource could not be found.', 'itemNotFound');
      if (route.pattern !== '/') wsgi.info(req.ctx, null, `${req.method} ${fullUrl(req)}`);
    },
    responseHeaders(req): Record<string, string> {
      const v = served.get(req);
      return v ? { 'OpenStack-API-Version': `volume ${versionString(v)}`, Vary: 'OpenStack-API-Version' } : {};
    },
    renderError(err: ApiError, req: ApiRequest): ApiReply {
      if (err.status === 401) return authTokenRejection(err.message);
      if (served.has(req)) wsgi.info(req.ctx, null, `HTTP exception thrown: ${err.message}`);
      const key = err.kind && err.kind !== 'PolicyNotAuthorized' ? err.kind : FAULT_KEYS[err.status] ?? 'computeFault';
      return json(err.status, { [key]: { code: err.status, message: err.message } });
    },
    renderUnexpected(err: Error, req: ApiRequest): ApiReply {
      log.child('cinder.api.middleware.fault').exception(req.ctx, null, `Caught error: <class '${err.name}'> ${err.message}`, tracebackLines(err));
      return json(500, { computeFault: { code: 500, message: 'The server has either erred or is incapable of performing the requested operation.' } });
    },
    logAccess(e) {
      if (served.has(e.req) && e.status < 400) wsgi.info(e.req.ctx, null, `${fullUrl(e.req)} returned with HTTP ${e.status}`);
      access(e);
    },
  };
}

