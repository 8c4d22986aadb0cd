// nova.volume.cinder's client as the compute API uses it for volume attach and detach: cinder-lite
// over HTTP with the caller's token (volumes, the attachments API at 3.44, begin_detaching),
// its refusals translated as Nova's decorators translate cinderclient's: a 404 is
// VolumeNotFound, a 400 InvalidInput ("Invalid input received: <cinderclient's text>"),
// anything else cinderclient's ClientException.

import { httpJson } from '../../common/http-json.js';
import { apiUrl } from '../../common/stack-config.js';
import type { ApiDeps } from '../api-deps.js';
import type { ApiRequest } from '../http/request.js';

export interface CinderVolume { id: string; status: string; availability_zone: string; multiattach: boolean; migration_status?: string | null;
  attachments: { server_id: string; attachment_id: string; device: string | null }[] }

/** How nova.volume.cinder raises a refusal: the exception class (InvalidInput, VolumeNotFound, ClientException) and its message. */
export class CinderRefusal extends Error {
  constructor(readonly status: number, readonly excClass: string, message: string, readonly clientText: string) {
    super(message);
    this.name = excClass;
  }
}

const ATTACHMENTS = '3.44';

async function cinder<T>(deps: ApiDeps, req: ApiRequest, method: string, suffix: string, notFound: string, body?: unknown, microversion?: string): Promise<T> {
  const headers: Record<string, string> = microversion ? { 'OpenStack-API-Version': `volume ${microversion}` } : {};
  const r = await httpJson<any>(method, apiUrl(deps.cfg, `/volume/v3/${suffix}`), body, { token: req.ctx.authToken, requestId: req.ctx.globalRequestId ?? req.ctx.requestId, headers, timeoutMs: 10_000 });
  if (r.status < 400) return r.body as T;
  const fault = r.body && typeof r.body === 'object' ? Object.values(r.body as Record<string, { message?: string }>)[0] : undefined;
  // cinderclient's ClientException prints "<message> (HTTP <code>) (Request-ID: <cinder's id>)".
  const requestId = r.headers.get('x-openstack-request-id');
  const clientText = `${fault?.message ?? String(r.body)} (HTTP ${r.status})${requestId ? ` (Request-ID: ${requestId})` : ''}`;
  if (r.status === 404) throw new CinderRefusal(404, 'VolumeNotFound', notFound, clientText);
  if (r.status === 400) throw new CinderRefusal(400, 'InvalidInput', `Invalid input received: ${clientText}`, clientText);
  throw new CinderRefusal(r.status, 'ClientException', clientText, clientText);
}

export const getVolume = (deps: ApiDeps, req: ApiRequest, id: string) =>
  cinder<{ volume: CinderVolume }>(deps, req, 'GET', `volumes/${id}`, `Volume ${id} could not be found.`).then((b) => b.volume);

/** attachment_create without a connector: the volume is reserved for the instance. */
export const attachmentCreate = (deps: ApiDeps, req: ApiRequest, volumeId: string, instanceUuid: string) =>
  cinder<{ attachment: { id: string } }>(deps, req, 'POST', 'attachments', `Volume ${volumeId} could not be found.`,
    { attachment: { volume_uuid: volumeId, instance_uuid: instanceUuid, connector: null } }, ATTACHMENTS).then((b) => b.attachment);

export const attachmentComplete = (deps: ApiDeps, req: ApiRequest, id: string) =>
  cinder<unknown>(deps, req, 'POST', `attachments/${id}/action`, `Volume attachment ${id} could not be found.`, { 'os-complete': null }, ATTACHMENTS);

export const attachmentDelete = (deps: ApiDeps, req: ApiRequest, id: string) =>
  cinder<unknown>(deps, req, 'DELETE', `attachments/${id}`, `Volume attachment ${id} could not be found.`, undefined, ATTACHMENTS);

export const deleteVolume = (deps: ApiDeps, req: ApiRequest, id: string) =>
  cinder<unknown>(deps, req, 'DELETE', `volumes/${id}`, `Volume ${id} could not be found.`);

export const beginDetaching = (deps: ApiDeps, req: ApiRequest, volumeId: string) =>
  cinder<unknown>(deps, req, 'POST', `volumes/${volumeId}/action`, `Volume ${volumeId} could not be found.`, { 'os-begin_detaching': null });
