// compute.API's attach_volume and detach_volume behind os-volume_attachments: the lock and state
// checks, the volume in cinder, then either the server's host (reserve_block_device_name is a
// call that makes the mapping, attachment_create reserves the volume, attach_volume is a cast;
// any failure before the cast destroys the mapping again) or, for a shelved offloaded server
// that has no host, the mapping and the attachment made here with an `api_` event. Refusals are
// ApiErrors with Nova's status and words.

import type { RequestContext } from '../../common/request-context.js';
import { ExpectedError } from '../../rpc/messaging-errors.js';
import { nowIso } from '../../db/open-db.js';
import type { ApiDeps } from '../api-deps.js';
import { ApiError, badRequest, conflict, notFound } from '../http/api-error.js';
import type { ApiRequest } from '../http/request.js';
import { attachmentComplete, attachmentCreate, beginDetaching, CinderRefusal, getVolume, type CinderVolume } from './cinder-api.js';
import { recordAction, type InstanceRow } from './instances.js';
import { localCleanupBdmVolumes } from './local-bdm-cleanup.js';
import { asBoolean } from './parameter-boolean.js';
import { checkLock } from './server-delete.js';
import { computeService, isServiceUp } from './service-state.js';
import type { AttachRequest } from './volume-attachment-request.js';

/** check_instance_state of attach_volume and detach_volume: these vm_states, no task. */
const ATTACHABLE = ['active', 'paused', 'stopped', 'resized', 'soft-delete', 'shelved', 'shelved_offloaded'];
const COMPUTE_ERRORS: Record<string, number> = { InvalidVolume: 400, VolumeTaggedAttachNotSupported: 400, TooManyDiskDevices: 403 };

export interface BdmRow { id: number; instance_uuid: string; volume_id: string | null; device_name: string | null; tag: string | null; boot_index: number | null; attachment_id: string | null; delete_on_termination: number; uuid: string }

export function checkAttachState(inst: InstanceRow, method: 'attach_volume' | 'detach_volume'): void {
  if (!ATTACHABLE.includes(inst.vm_state)) throw conflict(`Cannot '${method}' instance ${inst.uuid} while it is in vm_state ${inst.vm_state}`);
  if (inst.task_state !== null) throw conflict(`Cannot '${method}' instance ${inst.uuid} while it is in task_state ${inst.task_state}`);
}

/** A cinder refusal as the API answers it: VolumeNotFound 404, InvalidInput 400, anything else 500. */
export function cinderApiError(e: unknown): unknown {
  if (!(e instanceof CinderRefusal)) return e;
  if (e.status === 404) return notFound(e.message);
  if (e.status === 400) return badRequest(e.message);
  return e;
}

export const volumeBdm = (deps: ApiDeps, uuid: string, volumeId: string) =>
  deps.db.prepare('SELECT * FROM block_device_mapping WHERE instance_uuid = ? AND volume_id = ?').get(uuid, volumeId) as BdmRow | undefined;

/** _check_volume_already_attached: a volume that is not multiattach has no mapping on any live server. */
function checkNotAttached(deps: ApiDeps, volume: CinderVolume): void {
  const holders = deps.db.prepare(`SELECT b.instance_uuid FROM block_device_mapping b JOIN instances i ON i.uuid = b.instance_uuid
    WHERE b.volume_id = ? AND i.deleted_at IS NULL ORDER BY b.id`).pluck().all(volume.id) as string[];
  if (holders.length && !volume.multiattach) throw badRequest(`Invalid volume: volume ${volume.id} is already attached to instances: ${holders.join(' ')}`);
}

/** An `api_<method>` event of the request's action (wrap_instance_event(prefix='api')), Success. */
function apiEvent(deps: ApiDeps, ctx: RequestContext, uuid: string, event: string, result: 'Success' | 'Error'): void {
  const action = deps.db.prepare('SELECT id FROM instance_actions WHERE instance_uuid = ? AND request_id = ? ORDER BY id DESC LIMIT 1').pluck().get(uuid, ctx.requestId) as number | undefined;
  if (action === undefined) return;
  const now = nowIso();
  deps.db.prepare('INSERT INTO instance_actions_events (action_id, event, start_time, finish_time, result, host) VALUES (?, ?, ?, ?, ?, ?)').run(action, event, now, now, result, 'controller');
  deps.db.prepare('UPDATE instance_actions SET updated_at = ? WHERE id = ?').run(now, action);
}

/** _attach_volume_shelved_offloaded: a mapping without a device, the attachment completed without a connector. */
async function attachShelvedOffloaded(deps: ApiDeps, req: ApiRequest, inst: InstanceRow, volume: CinderVolume, deleteOnTermination: boolean): Promise<null> {
  const id = Number(deps.db.prepare(`INSERT INTO block_device_mapping (instance_uuid, boot_index, source_type, destination_type, volume_id, delete_on_termination, created_at)
    VALUES (?, NULL, 'volume', 'volume', ?, ?, ?)`).run(inst.uuid, volume.id, deleteOnTermination ? 1 : 0, nowIso()).lastInsertRowid);
  try {
    const attachment = await attachmentCreate(deps, req, volume.id, inst.uuid);
    deps.db.prepare('UPDATE block_device_mapping SET attachment_id = ? WHERE id = ?').run(attachment.id, id);
    recordAction(deps.db, req.ctx, inst.uuid, 'attach_volume');
    await attachmentComplete(deps, req, attachment.id);
    apiEvent(deps, req.ctx, inst.uuid, 'api_attach_volume', 'Success');
  } catch (e) {
    deps.db.prepare('DELETE FROM block_device_mapping WHERE id = ?').run(id);
    throw cinderApiError(e);
  }
  return null;
}

/** attach_volume: the device name the mapping got (null for a shelved offloaded server). */
export async function attachVolume(deps: ApiDeps, req: ApiRequest, inst: InstanceRow, a: AttachRequest): Promise<string | null> {
  checkLock(req, inst);
  checkAttachState(inst, 'attach_volume');
  const volume = await getVolume(deps, req, a.volumeId).catch((e) => { throw cinderApiError(e); });
  checkNotAttached(deps, volume);
  if (inst.vm_state === 'shelved_offloaded') {
    if (a.tag !== null) throw badRequest('Tagged volume attachment is not supported for shelved-offloaded instances.');
    return attachShelvedOffloaded(deps, req, inst, volume, asBoolean(a.deleteOnTermination));
  }
  let bdm: { id: number; device_name: string };
  try {
    bdm = await deps.actions.call(req.ctx, inst.host!, 'reserve_block_device_name', { uuid: inst.uuid, volume_id: volume.id, device: a.device, tag: a.tag });
  } catch (e) {
    if (e instanceof ExpectedError && COMPUTE_ERRORS[e.excClass]) throw new ApiError(COMPUTE_ERRORS[e.excClass], e.message);
    throw e;
  }
  // _create_volume_bdm: the mapping the host reserved gets the request's delete_on_termination.
  if (asBoolean(a.deleteOnTermination)) deps.db.prepare('UPDATE block_device_mapping SET delete_on_termination = 1 WHERE id = ?').run(bdm.id);
  try {
    const attachment = await attachmentCreate(deps, req, volume.id, inst.uuid);
    deps.db.prepare('UPDATE block_device_mapping SET attachment_id = ? WHERE id = ?').run(attachment.id, bdm.id);
    recordAction(deps.db, req.ctx, inst.uuid, 'attach_volume');
    await deps.actions.cast(req.ctx, inst.host!, 'attach_volume', { uuid: inst.uuid, volume_id: volume.id });
  } catch (e) {
    deps.db.prepare('DELETE FROM block_device_mapping WHERE id = ?').run(bdm.id);
    if (e instanceof CinderRefusal && e.status !== 400) {
      deps.logs.nova.child('nova.volume.cinder').error(req.ctx, inst.uuid, `Create attachment failed for volume ${volume.id}. Error: ${e.clientText} Code: ${e.status}`);
    }
    throw cinderApiError(e);
  }
  return bdm.device_name;
}

/** detach_volume: 202 once the host has the cast (or, shelved offloaded, once the mapping is gone). */
export async function detachVolume(deps: ApiDeps, req: ApiRequest, inst: InstanceRow, volume: CinderVolume, bdm: BdmRow): Promise<void> {
  checkLock(req, inst);
  checkAttachState(inst, 'detach_volume');
  if (inst.vm_state === 'shelved_offloaded') {
    recordAction(deps.db, req.ctx, inst.uuid, 'detach_volume');
    await localCleanupBdmVolumes(deps, req, inst.uuid, [bdm]);
    apiEvent(deps, req.ctx, inst.uuid, 'api_detach_volume', 'Success');
    return;
  }
  // check_instance_host(check_is_up=True)
  const service = inst.host ? computeService(deps.db, inst.host) : undefined;
  if (service && !isServiceUp(deps.cfg, service)) throw conflict('Service is unavailable at this time.');
  try {
    await beginDetaching(deps, req, volume.id);
  } catch (e) {
    if (e instanceof CinderRefusal && e.status === 400) throw badRequest(`Invalid volume: ${e.message}`);
    throw cinderApiError(e);
  }
  recordAction(deps.db, req.ctx, inst.uuid, 'detach_volume');
  const attachmentId = volume.attachments.find((x) => x.server_id === inst.uuid)?.attachment_id ?? null;
  await deps.actions.cast(req.ctx, inst.host!, 'detach_volume', { uuid: inst.uuid, volume_id: volume.id, attachment_id: attachmentId });
}
