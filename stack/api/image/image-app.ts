// glance-lite under /image: the version list, /v2/images (list with filters, create, show, update, delete)
// and /v2/images/{id}/file (download, upload). Unknown ids and names answer 404 in plain text, as glance does; the
// access lines go to glance-api.log in eventlet's format.

import type { ApiDeps } from '../api-deps.js';
import { ACCESS_FORMATS, accessLogger, urlInsideService } from '../http/access-log.js';
import { ApiError, forbidden, notFound, unauthorized } from '../http/api-error.js';
import { authTokenRejection, empty, json, ok, text, type ApiReply } from '../http/reply.js';
import { header, type ApiRequest } from '../http/request.js';
import { Router, type Route } from '../http/router.js';
import type { ServiceApp } from '../http/service-app.js';
import { tracebackLines } from '../http/traceback.js';
import { imageBytes } from './image-file.js';
import { createImage, uploadImage } from './image-create.js';
import { deleteImageData, storedImageBytes } from './image-store.js';
import { listedImages } from './image-list.js';
import { patchImage } from './image-patch.js';

const OVERSIZED_VIRTUAL_SIZE = 20 * 1024 ** 3;
import { canSee, imageView, type ImageRow } from './image-view.js';
import { glancePolicyDenied, IMAGE_POLICY } from './policy.js';

const PREFIX = '/image';
const REASONS: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict' };
const VERSIONS = ['2.9', '2.8', '2.7', '2.6', '2.5', '2.4', '2.3', '2.2', '2.1', '2.0'];

function versions(deps: ApiDeps) {
  return {
    versions: VERSIONS.map((v, i) => ({
      id: `v${v}`, status: i === 0 ? 'CURRENT' : 'SUPPORTED', links: [{ rel: 'self', href: `${deps.baseUrl}${PREFIX}/v2/` }],
    })),
  };
}

function findImage(deps: ApiDeps, req: ApiRequest): ImageRow {
  const row = deps.db.prepare('SELECT * FROM images WHERE id = ?').get(req.params.id) as ImageRow | undefined;
  if (!row || !canSee(req, row)) throw notFound(`No image found with ID ${req.params.id}`);
  return row;
}

function listImages(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const { rows, next } = listedImages(deps.db.prepare('SELECT * FROM images ORDER BY rowid').all() as ImageRow[], req);
    return ok({ images: rows.map(imageView), first: '/v2/images', schema: '/v2/schemas/images', ...(next ? { next } : {}) });
  };
}

function deleteImage(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const row = findImage(deps, req);
    if (!req.ctx.isAdmin && row.owner !== req.ctx.projectId) throw forbidden('You are not authorized to complete delete action.');
    deps.db.prepare('DELETE FROM images WHERE id = ?').run(row.id);
    deleteImageData(deps.cfg.stateDir, row.id);
    return empty(204);
  };
}

function downloadImage(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    // The token-expired fault: a user's token (not a service user's) reaches its expiry while the
    // build waited; from now on keystonemiddleware refuses it as any expired token.
    const token = req.ctx.authToken ? deps.tokens.validate(req.ctx.authToken) : null;
    if (token && token.projectName !== 'service' && deps.userTokenOutlived()) {
      deps.tokens.expire(token.id);
      throw unauthorized();
    }
    const row = findImage(deps, req);
    if (row.status !== 'active') return empty(204);
    const stored = storedImageBytes(deps.cfg.stateDir, row.id);
    if (stored) return { status: 200, binary: stored };
    if (!deps.imageAvailable(row.id)) {
      deps.logs.glance.child('glance.api.v2.image_data').error(req.ctx, null, `Failed to retrieve image data for image ${row.id}: the store is unavailable`);
      return text(503, '503 Service Unavailable\n\nThe server is currently unavailable. Please try again at a later time.\n\n');
    }
    // The image-too-big fault: the image's data is a disk larger than it looks (20 GiB virtual).
    return { status: 200, binary: imageBytes(row.id, row.size, row.disk_format, deps.oversizedImage() ? OVERSIZED_VIRTUAL_SIZE : undefined) };
  };
}

export function imageApp(deps: ApiDeps): ServiceApp {
  const log = deps.logs.glance;
  const negotiation = log.child('glance.api.middleware.version_negotiation');
  const routes: Route[] = [
    { method: 'GET', pattern: '/', handler: () => json(300, versions(deps)) },
    { method: 'GET', pattern: '/versions', handler: () => ok(versions(deps)) },
    { method: 'GET', pattern: '/v2/images', handler: listImages(deps) },
    { method: 'GET', pattern: '/v2/images/{id}', handler: (req) => ok(imageView(findImage(deps, req))) },
    { method: 'POST', pattern: '/v2/images', handler: createImage(deps) },
    { method: 'PATCH', pattern: '/v2/images/{id}', handler: patchImage(deps) },
    { method: 'DELETE', pattern: '/v2/images/{id}', handler: deleteImage(deps) },
    { method: 'GET', pattern: '/v2/images/{id}/file', handler: downloadImage(deps) },
    { method: 'PUT', pattern: '/v2/images/{id}/file', handler: uploadImage(deps) },
  ];
  return {
    name: 'image',
    prefix: PREFIX,
    router: new Router(routes),
    policy: IMAGE_POLICY,
    policyDenied: (entry) => glancePolicyDenied(entry.action),
    requestIdHeaders: (id) => ({ 'x-openstack-request-id': id }),
    logRequest(req) {
      if (req.path === '/') return;
      negotiation.debug(null, null, `Determining version of request: ${req.method} ${urlInsideService(req.rawUrl, PREFIX).split('?')[0]} Accept: ${header(req, 'accept') ?? '*/*'}`,
        { func: 'process_request', file: '/usr/lib/python3/dist-packages/glance/api/middleware/version_negotiation.py', line: 44 });
    },
    renderError(err: ApiError): ApiReply {
      if (err.status === 401) return authTokenRejection(err.message);
      return text(err.status, `${err.status} ${REASONS[err.status] ?? 'Error'}\n\n${err.message}\n\n   `);
    },
    renderUnexpected(err: Error, req: ApiRequest): ApiReply {
      log.child('glance.common.wsgi').exception(req.ctx, null, `Caught error: ${err.message}`, tracebackLines(err));
      return text(500, '500 Internal Server Error\n\nThe server has either erred or is incapable of performing the requested operation.\n\n   ');
    },
    logAccess: accessLogger(log.child('eventlet.wsgi.server'), ACCESS_FORMATS.eventlet, PREFIX),
  };
}
