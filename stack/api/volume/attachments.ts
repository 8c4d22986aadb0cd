// cinder-lite's attachments API (3.27+; complete since 3.44), the "new style" attach flow Nova
// uses since Queens: create reserves the volume for an instance, update with the host's
// connector returns the connection info (attaching) unless the volume-attach-failure fault makes the
// backend's export fail, complete marks it in-use, delete detaches.

import { randomUUID } from 'node:crypto';
import type { ApiDeps } from '../api-deps.js';
import { ApiError, badRequest, notFound } from '../http/api-error.js';
import { empty, ok, type ApiReply } from '../http/reply.js';
import { bodyObject, isObject, type ApiRequest } from '../http/request.js';
import { nowIso } from '../../db/open-db.js';
import { findVolume } from './volumes.js';
import { attachmentView, canSeeVolume, type AttachmentRow, type VolumeRow } from './volume-view.js';

function findAttachment(deps: ApiDeps, req: ApiRequest): { a: AttachmentRow; v: VolumeRow } {
  const a = deps.db.prepare('SELECT * FROM volume_attachments WHERE id = ?').get(req.params.id) as AttachmentRow | undefined;
  const v = a ? deps.db.prepare('SELECT * FROM volumes WHERE id = ?').get(a.volume_id) as VolumeRow | undefined : undefined;
  if (!a || !v || !canSeeVolume(req, v)) throw notFound(`VolumeAttachment ${req.params.id} could not be found.`, 'itemNotFound');
  return { a, v };
}

/** The iSCSI target an LVM backend would export the volume on. */
function connectionInfo(v: VolumeRow, attachmentId: string): Record<string, unknown> {
  return {
    driver_volume_type: 'iscsi',
    data: { target_discovered: false, target_iqn: `iqn.2010-10.org.openstack:volume-${v.id}`, target_portal: '127.0.0.1:3260', target_lun: 0, volume_id: v.id, auth_method: 'CHAP', encrypted: false, qos_specs: null, access_mode: 'rw', cacheable: false },
    attachment_id: attachmentId, serial: v.id,
  };
}

const setVolume = (deps: ApiDeps, id: string, status: string, attach: string) =>
  deps.db.prepare('UPDATE volumes SET status = ?, attach_status = ?, updated_at = ? WHERE id = ?').run(status, attach, nowIso(), id);

export function createAttachment(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const body = bodyObject(req, 'attachment');
    const volumeId = String(body.volume_uuid ?? '');
    const instance = String(body.instance_uuid ?? '');
    if (!volumeId || !instance) throw badRequest('Invalid input received: Must specify volume_uuid and instance_uuid.', 'badRequest');
    const v = findVolume(deps, req, volumeId);
    if (!['available', 'reserved', 'in-use'].includes(v.status) || (v.status !== 'available' && v.attach_status === 'attached')) {
      throw badRequest(`Invalid volume: Volume ${v.id} status must be available or downloading to reserve, but the current status is ${v.status}.`, 'badRequest');
    }
    const connector = isObject(body.connector) ? body.connector : null;
    const a: AttachmentRow = {
      id: randomUUID(), volume_id: v.id, instance_uuid: instance, attach_status: connector ? 'attaching' : 'reserved', connector: connector ? JSON.stringify(connector) : null,
      mountpoint: null, attach_mode: body.mode === 'ro' ? 'ro' : 'rw', attached_at: null, created_at: nowIso(),
    };
    deps.db.transaction(() => {
      deps.db.prepare(`INSERT INTO volume_attachments (id, volume_id, instance_uuid, attach_status, connector, mountpoint, attach_mode, attached_at, created_at)
        VALUES (@id, @volume_id, @instance_uuid, @attach_status, @connector, @mountpoint, @attach_mode, @attached_at, @created_at)`).run(a);
      setVolume(deps, v.id, connector ? 'attaching' : 'reserved', 'detached');
    })();
    return ok({ attachment: attachmentView(a, connector ? connectionInfo(v, a.id) : null) });
  };
}

export function listAttachments(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const rows = (deps.db.prepare('SELECT a.*, v.project_id FROM volume_attachments a JOIN volumes v ON v.id = a.volume_id ORDER BY a.created_at').all() as (AttachmentRow & { project_id: string })[])
      .filter((r) => req.ctx.isAdmin || r.project_id === req.ctx.projectId)
      .filter((r) => !req.query.has('instance_id') || r.instance_uuid === req.query.get('instance_id'))
      .filter((r) => !req.query.has('volume_id') || r.volume_id === req.query.get('volume_id'));
    return ok({ attachments: rows.map((r) => ({ id: r.id, status: r.attach_status, instance: r.instance_uuid, volume_id: r.volume_id })) });
  };
}

export function showAttachment(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const { a, v } = findAttachment(deps, req);
    return ok({ attachment: attachmentView(a, a.connector ? connectionInfo(v, a.id) : null) });
  };
}

/**
 * The volume-attach-failure fault: the backend cannot export the volume to the host's connector
 * (tgtadm fails to create the target), which cinder-volume reports and cinder-api answers 500.
 */
function exportFailed(deps: ApiDeps, req: ApiRequest, v: VolumeRow): ApiError {
  const backend = `Create export for volume failed (Failed to create iscsi target for volume volume-${v.id}.).`;
  deps.logs.cinderVolume.child('cinder.volume.manager').error(req.ctx, null, backend);
  const message = `Unable to update attachment.(Bad or unexpected response from the storage volume backend API: ${backend}).`;
  deps.logs.cinder.child('cinder.api.v3.attachments').exception(req.ctx, null, message, [
    'Traceback (most recent call last):',
    '  File "/usr/lib/python3/dist-packages/cinder/api/v3/attachments.py", line 264, in update',
    '    self.volume_api.attachment_update(context,',
    `cinder.exception.VolumeBackendAPIException: Bad or unexpected response from the storage volume backend API: ${backend}`,
  ]);
  return new ApiError(500, message, 'computeFault');
}

export function updateAttachment(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const { a, v } = findAttachment(deps, req);
    const body = bodyObject(req, 'attachment');
    if (!isObject(body.connector)) throw badRequest('Invalid input received: Connector is required.', 'badRequest');
    if (deps.exportFails()) throw exportFailed(deps, req, v);
    const mountpoint = typeof body.connector.mountpoint === 'string' ? body.connector.mountpoint : a.mountpoint;
    deps.db.transaction(() => {
      deps.db.prepare(`UPDATE volume_attachments SET connector = ?, mountpoint = ?, attach_status = 'attaching' WHERE id = ?`).run(JSON.stringify(body.connector), mountpoint, a.id);
      setVolume(deps, v.id, 'attaching', 'detached');
    })();
    return ok({ attachment: attachmentView({ ...a, attach_status: 'attaching', mountpoint }, connectionInfo(v, a.id)) });
  };
}

/** POST /attachments/{id}/action {"os-complete": null}: the attach is done, the volume in-use. */
export function attachmentAction(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const { a, v } = findAttachment(deps, req);
    if (!isObject(req.body) || !('os-complete' in req.body)) throw badRequest('There is no such action: ' + Object.keys(isObject(req.body) ? req.body : {}).join(', '), 'badRequest');
    deps.db.transaction(() => {
      deps.db.prepare(`UPDATE volume_attachments SET attach_status = 'attached', attached_at = ? WHERE id = ?`).run(nowIso(), a.id);
      setVolume(deps, v.id, 'in-use', 'attached');
    })();
    return empty(204);
  };
}

export function deleteAttachment(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const { a, v } = findAttachment(deps, req);
    const left = deps.db.transaction(() => {
      deps.db.prepare('DELETE FROM volume_attachments WHERE id = ?').run(a.id);
      const rest = deps.db.prepare('SELECT * FROM volume_attachments WHERE volume_id = ?').all(v.id) as AttachmentRow[];
      if (rest.length === 0) setVolume(deps, v.id, 'available', 'detached');
      return rest;
    })();
    return ok({ attachments: left.map((r) => attachmentView(r)) });
  };
}
