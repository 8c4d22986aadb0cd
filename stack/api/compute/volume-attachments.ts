// /servers/{id}/os-volume_attachments (nova.api.openstack.compute.volume_attachments): the server's
// volume block device mappings as attachments (id and volumeId are the volume, device the
// mapping's device name; tag from 2.70, delete_on_termination from 2.79; from 2.89 the cinder
// attachment_id and the mapping's bdm_uuid instead of id in list and show), attach (200 with the device the host chose), detach
// (202), and PUT, which below 2.85 only swaps and is for cinder's service user alone: anyone else
// is refused by the swap policy, and cinder-lite never migrates a volume, so even cinder would
// get "is not migrating". From 2.85 a PUT naming the path's volume updates the mapping (only
// delete_on_termination changes; the other keys of the answer must keep their values) under the
// update policy, and one naming another volume does that, then the swap. Shelved servers can
// attach and detach from 2.20.

import type { ApiDeps } from '../api-deps.js';
import { badRequest, conflict, notFound, policyForbids } from '../http/api-error.js';
import { empty, ok, type ApiReply } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { getVolume } from './cinder-api.js';
import { getInstance, type InstanceRow } from './instances.js';
import { isSupported } from './microversion.js';
import { attachVolume, cinderApiError, detachVolume, volumeBdm, type BdmRow } from './volume-attach-flow.js';
import { asBoolean } from './parameter-boolean.js';
import { parseAttach, parseSwap, parseUpdate, type UpdateRequest } from './volume-attachment-request.js';

const SHELVED = ['shelved', 'shelved_offloaded'];
const POLICY = 'os_compute_api:os-volumes-attachments';

/** _translate_attachment_detail_view: from 2.89 attachment_id and bdm_uuid, and no id. */
function view(req: ApiRequest, b: BdmRow) {
  const v289 = isSupported(req, '2.89');
  return {
    ...(v289 ? {} : { id: b.volume_id }), volumeId: b.volume_id, serverId: b.instance_uuid,
    ...(b.device_name ? { device: b.device_name } : {}),
    ...(isSupported(req, '2.70') ? { tag: b.tag } : {}),
    ...(isSupported(req, '2.79') ? { delete_on_termination: b.delete_on_termination === 1 } : {}),
    ...(v289 ? { attachment_id: b.attachment_id, bdm_uuid: b.uuid } : {}),
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

/** _update_volume_swap: only cinder's volume migration may swap; cinder-lite migrates no volume, so none has a migration_status. */
async function refuseSwap(deps: ApiDeps, req: ApiRequest): Promise<never> {
  const old = await getVolume(deps, req, req.params.volume_id).catch((e) => { throw cinderApiError(e); });
  throw conflict(`volume ${old.id} is not migrating; this API should only be called by Cinder`);
}

/** _update_volume_regular: the path's volume mapping; the keys other than delete_on_termination may not change. */
function updateRegular(deps: ApiDeps, inst: InstanceRow, u: UpdateRequest, volumeId: string): void {
  const bdm = volumeBdm(deps, inst.uuid, volumeId);
  if (!bdm) throw notFound(`No volume Block Device Mapping with id ${volumeId}.`);
  const g = u.given;
  const immutable: [string, unknown][] = [['id', volumeId], ['serverId', inst.uuid], ['device', bdm.device_name], ['tag', bdm.tag]];
  for (const [key, current] of immutable) {
    if (key in g && g[key] !== current) throw badRequest(`The ${key} property is not mutable`);
  }
  if (u.deleteOnTermination !== undefined) {
    deps.db.prepare('UPDATE block_device_mapping SET delete_on_termination = ? WHERE id = ?').run(asBoolean(u.deleteOnTermination) ? 1 : 0, bdm.id);
  }
}

function update(deps: ApiDeps) {
  return async (req: ApiRequest): Promise<ApiReply> => {
    const onlySwap = !isSupported(req, '2.85');
    const u = onlySwap ? { volumeId: parseSwap(req), given: {} } : parseUpdate(req);
    const inst = getInstance(deps, req, req.params.id);
    const swapping = onlySwap || u.volumeId !== req.params.volume_id;
    // The swap rule (the service role) for a swap; the update rule (the route's) otherwise.
    if (swapping && !req.ctx.roles.includes('service')) throw policyForbids(`${POLICY}:swap`);
    if (!onlySwap) updateRegular(deps, inst, u, req.params.volume_id);
    if (swapping) await refuseSwap(deps, req);
    return empty(202);
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
    { method: 'PUT', pattern: `${base}/{volume_id}`, calls: calls('update'), handler: update(deps) },
    { method: 'DELETE', pattern: `${base}/{volume_id}`, calls: calls('delete'), handler: remove(deps) },
  ];
}
