// Cinder's volume and attachment views (API 3.x detail), from cinder-lite's rows.

import type { ApiRequest } from '../http/request.js';
import { atLeast } from './volume-microversion.js';

export interface VolumeRow {
  id: string; name: string | null; project_id: string; user_id: string; size: number; status: string; attach_status: string;
  image_id: string | null; availability_zone: string; bootable: number; created_at: string; updated_at: string;
  volume_type_id: string; volume_type: string;
}

export interface AttachmentRow {
  id: string; volume_id: string; instance_uuid: string; attach_status: string; connector: string | null;
  mountpoint: string | null; attach_mode: string; attached_at: string | null; created_at: string;
}

/** `2026-11-23T10:15:02.000000` as cinder's views print datetimes. */
const cinderTime = (iso: string | null) => (iso ? iso.replace(/Z$/, '').replace(/(\.\d{1,6})?$/, (m) => (m || '.').padEnd(7, '0')) : null);

export function canSeeVolume(req: ApiRequest, row: VolumeRow): boolean {
  return req.ctx.isAdmin || row.project_id === req.ctx.projectId;
}

export function volumeSummary(baseUrl: string, row: VolumeRow) {
  return { id: row.id, name: row.name, links: [{ rel: 'self', href: `${baseUrl}/volume/v3/volumes/${row.id}` }, { rel: 'bookmark', href: `${baseUrl}/volume/volumes/${row.id}` }] };
}

export function volumeDetail(baseUrl: string, req: ApiRequest, row: VolumeRow, attachments: AttachmentRow[]) {
  const view: Record<string, unknown> = {
    ...volumeSummary(baseUrl, row),
    status: row.status, size: row.size, availability_zone: row.availability_zone,
    created_at: cinderTime(row.created_at), updated_at: cinderTime(row.updated_at),
    attachments: attachments.filter((a) => a.attach_status === 'attached').map((a) => ({
      id: row.id, attachment_id: a.id, volume_id: row.id, server_id: a.instance_uuid, host_name: null,
      device: a.mountpoint, attached_at: cinderTime(a.attached_at),
    })),
    description: null, volume_type: row.volume_type, snapshot_id: null, source_volid: null, metadata: {},
    user_id: row.user_id, bootable: row.bootable ? 'true' : 'false', encrypted: false, replication_status: null,
    consistencygroup_id: null, multiattach: false,
    // The fields later microversions added to the detail view, from the version that added each.
    ...(atLeast(req, 13) ? { group_id: null } : {}),
    ...(atLeast(req, 21) ? { provider_id: null } : {}),
    ...(atLeast(req, 48) ? { service_uuid: null, shared_targets: true } : {}),
    ...(atLeast(req, 61) && req.ctx.isAdmin ? { cluster_name: null } : {}),
    ...(atLeast(req, 63) ? { volume_type_id: row.volume_type_id } : {}),
    ...(atLeast(req, 65) ? { consumes_quota: true } : {}),
  };
  if (row.image_id && row.bootable) view.volume_image_metadata = { image_id: row.image_id };
  if (req.ctx.isAdmin) {
    view['os-vol-tenant-attr:tenant_id'] = row.project_id;
    view['os-vol-host-attr:host'] = 'cinder-lite@lvm#lvm';
    view['os-vol-mig-status-attr:migstat'] = null;
    view['os-vol-mig-status-attr:name_id'] = null;
  }
  return view;
}

export function attachmentView(a: AttachmentRow, connectionInfo: Record<string, unknown> | null = null) {
  return {
    id: a.id, status: a.attach_status, instance: a.instance_uuid, volume_id: a.volume_id,
    attached_at: cinderTime(a.attached_at), detached_at: null, attach_mode: a.attach_mode, connection_info: connectionInfo ?? {},
  };
}
