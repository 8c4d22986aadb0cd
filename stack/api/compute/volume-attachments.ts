// /servers/{id}/os-volume_attachments (nova.api.openstack.compute.volume_attachments): the server's
// volume block device mappings as attachments (id and volumeId are the volume, device the
// mapping's device name; tag from 2.70, delete_on_termination from 2.79), attach (200 with the device the host chose), detach
// (202), and PUT, which below 2.85 only swaps and is for cinder's service user alone: anyone else
// is refused by the swap policy, and cinder-lite never migrates a volume, so even cinder would
// get "is not migrating". Shelved servers can attach and detach from 2.20.

import type { ApiDeps } from '../api-deps.js';
import { badRequest, conflict, notFound, policyForbids } from '../http/api-error.js';
import { empty, ok, type ApiReply } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { getVolume } from './cinder-api.js';
import { getInstance, type InstanceRow } from './instances.js';
import { isSupported } from './microversion.js';
import { attachVolume, cinderApiError, detachVolume, volumeBdm, type BdmRow } from './volume-attach-flow.js';
import { parseAttach, parseSwap } from './volume-attachment-request.js';

const SHELVED = ['shelved', 'shelved_offloaded'];
const POLICY = 'os_compute_api:os-volumes-attachments';

function view(req: ApiRequest, b: BdmRow) {
  return {
    id: b.volume_id, volumeId: b.volume_id, serverId: b.instance_uuid,
    ...(b.device_name ? { device: b.device_name } : {}),
    ...(isSupported(req, '2.70') ? { tag: b.tag } : {}),
    ...(isSupported(req, '2.79') ? { delete_on_termination: b.delete_on_termination === 1 } : {}),
  };
}

/** _check_request_version: a shelved server's volumes change only from 2.20. */
function checkShelvedVersion(req: ApiRequest, inst: InstanceRow, method: string): void {
  if (SHELVED.includes(inst.vm_state) && !isSupported(req, '2.20')) throw conflict(`Cannot '${method}' instance ${inst.uuid} while it is in vm_state ${inst.vm_state}`);
}

/** common.limited: offset and limit of the query (non-negative integers), as the list pages. */
function limited<T>(req: ApiRequest, rows: T[]): T[] {
  const num = (name: string): number | null => {
    const v = req.query.get(name);
    if (v === null) return null;
    if (!/^\d+$/.test(v)) throw badRequest(`${name} param must be an integer`);
    return Number(v);
  };
  const offset = num('offset') ?? 0;
  const limit = num('limit');
  return rows.slice(offset, limit === null ? undefined : offset + Math.min(limit, 1000));
}

function notAttached(serverId: string, volumeId: string) {
  return notFound(`Instance ${serverId} is not attached to volume ${volumeId}`);
}

function index(deps: ApiDeps) {
  return async (req: ApiRequest): Promise<ApiReply> => {
    const inst = getInstance(deps, req, req.params.id);
    const bdms = deps.db.prepare('SELECT * FROM block_device_mapping WHERE instance_uuid = ? ORDER BY id').all(inst.uuid) as BdmRow[];
    return ok({ volumeAttachments: limited(req, bdms).filter((b) => b.volume_id).map((b) => view(req, b)) });
  };
}

function show(deps: ApiDeps) {
  return async (req: ApiRequest): Promise<ApiReply> => {
    const inst = getInstance(deps, req, req.params.id);
    const bdm = volumeBdm(deps, inst.uuid, req.params.volume_id);
    if (!bdm) throw notAttached(req.params.id, req.params.volume_id);
    return ok({ volumeAttachment: view(req, bdm) });
  };
}

function create(deps: ApiDeps) {
  return async (req: ApiRequest): Promise<ApiReply> => {
    const a = parseAttach(req);
    const inst = getInstance(deps, req, req.params.id);
    checkShelvedVersion(req, inst, 'attach_volume');
    const device = await attachVolume(deps, req, inst, a);
    // As Nova, the answer echoes the request's delete_on_termination as given.
    return ok({ volumeAttachment: { id: a.volumeId, serverId: req.params.id, volumeId: a.volumeId, device,
      ...(isSupported(req, '2.70') ? { tag: a.tag } : {}), ...(isSupported(req, '2.79') ? { delete_on_termination: a.deleteOnTermination } : {}) } });
  };
}

function swap(deps: ApiDeps) {
  return async (req: ApiRequest): Promise<ApiReply> => {
    parseSwap(req);
    getInstance(deps, req, req.params.id);
    // Below 2.85 PUT only swaps: os-volumes-attachments:swap, the service role alone.
    if (!req.ctx.roles.includes('service')) throw policyForbids(`${POLICY}:swap`);
    const old = await getVolume(deps, req, req.params.volume_id).catch((e) => { throw cinderApiError(e); });
    // Only cinder's volume migration may swap; cinder-lite migrates no volume, so none has a migration_status.
    throw conflict(`volume ${old.id} is not migrating; this API should only be called by Cinder`);
  };
}

function remove(deps: ApiDeps) {
  return async (req: ApiRequest): Promise<ApiReply> => {
    const inst = getInstance(deps, req, req.params.id);
    const volumeId = req.params.volume_id;
    checkShelvedVersion(req, inst, 'detach_volume');
    const volume = await getVolume(deps, req, volumeId).catch((e) => { throw cinderApiError(e); });
    const bdm = volumeBdm(deps, inst.uuid, volumeId);
    if (!bdm) throw notAttached(req.params.id, volumeId);
    if (bdm.boot_index === 0) throw badRequest('Cannot detach a root device volume');
    await detachVolume(deps, req, inst, volume, bdm);
    return empty(202);
  };
}

export function volumeAttachmentRoutes(deps: ApiDeps): Route[] {
  const calls = (m: string) => `volume_attachments.VolumeAttachmentController.${m}`;
  const base = '/v2.1/servers/{id}/os-volume_attachments';
  return [
    { method: 'GET', pattern: base, calls: calls('index'), handler: index(deps) },
    { method: 'GET', pattern: `${base}/{volume_id}`, calls: calls('show'), handler: show(deps) },
    { method: 'POST', pattern: base, calls: calls('create'), handler: create(deps) },
    { method: 'PUT', pattern: `${base}/{volume_id}`, calls: calls('update'), handler: swap(deps) },
    { method: 'DELETE', pattern: `${base}/{volume_id}`, calls: calls('delete'), handler: remove(deps) },
  ];
}
