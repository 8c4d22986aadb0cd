// The server document (with what each microversion adds): status derived from vm_state and task_state with Nova's state map,
// addresses from the instance's ports, admin-only OS-EXT-SRV-ATTR fields, and the latest fault
// of an instance in ERROR.

import type { RequestContext } from '../../common/request-context.js';
import type { ApiDeps } from '../api-deps.js';
import type { ApiRequest } from '../http/request.js';
import { isSupported } from './microversion.js';
import { computeService, isServiceUp } from './service-state.js';
import { zoneOfHost } from './availability-zones.js';
import { bookmark, hostId, isoSeconds, links, novaTime } from './formats.js';
import type { InstanceRow } from './instances.js';
import { trustedCertsView } from './trusted-certs.js';
import { flavorObject, type FlavorRow } from './flavors.js';
import type { Flavor } from '../../common/objects.js';
import { instanceTags } from './server-tags.js';
import { lockedReason } from './actions/lock.js';

/** nova.api.openstack.common's state map: vm_state → {task_state → status, default}. */
const STATUS_BY_STATE: Record<string, Record<string, string>> = {
  active: {
    default: 'ACTIVE', rebooting: 'REBOOT', reboot_pending: 'REBOOT', reboot_started: 'REBOOT', rebooting_hard: 'HARD_REBOOT',
    reboot_pending_hard: 'HARD_REBOOT', reboot_started_hard: 'HARD_REBOOT', updating_password: 'PASSWORD', rebuilding: 'REBUILD',
    rebuild_block_device_mapping: 'REBUILD', rebuild_spawning: 'REBUILD', migrating: 'MIGRATING', resize_prep: 'RESIZE',
    resize_migrating: 'RESIZE', resize_migrated: 'RESIZE', resize_finish: 'RESIZE',
  },
  building: { default: 'BUILD' },
  stopped: { default: 'SHUTOFF', resize_prep: 'RESIZE', resize_migrating: 'RESIZE', resize_migrated: 'RESIZE', resize_finish: 'RESIZE', rebuilding: 'REBUILD', rebuild_block_device_mapping: 'REBUILD', rebuild_spawning: 'REBUILD' },
  resized: { default: 'VERIFY_RESIZE', resize_reverting: 'REVERT_RESIZE' },
  paused: { default: 'PAUSED', migrating: 'MIGRATING' },
  suspended: { default: 'SUSPENDED' },
  rescued: { default: 'RESCUE' },
  error: { default: 'ERROR', rebuilding: 'REBUILD', rebuild_block_device_mapping: 'REBUILD', rebuild_spawning: 'REBUILD' },
  deleted: { default: 'DELETED' },
  'soft-delete': { default: 'SOFT_DELETED' },
  shelved: { default: 'SHELVED' },
  shelved_offloaded: { default: 'SHELVED_OFFLOADED' },
};

/** Every status the map gives (what a `status` filter may name). */
export const KNOWN_STATUSES = new Set(Object.values(STATUS_BY_STATE).flatMap((m) => Object.values(m)));

/** task_and_vm_state_from_status: whether a status stands for a vm_state whatever its task ('default' among its task states). */
export const statusIgnoresTask = (status: string) => Object.values(STATUS_BY_STATE).some((m) => m.default === status.toUpperCase());

export function serverStatus(vmState: string, taskState: string | null): string {
  const map = STATUS_BY_STATE[vmState];
  if (!map) return 'UNKNOWN';
  return (taskState && map[taskState]) || map.default;
}

/** Statuses in which Nova reports `progress`. */
const PROGRESS_STATUSES = new Set(['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING']);

interface AddressRow { network_name: string; ip_address: string; mac_address: string }

/** extend_address=False (PUT and rebuild below 2.75) leaves out each address's type and MAC. */
export function addresses(deps: ApiDeps, uuid: string, extended = true): Record<string, unknown[]> {
  const rows = deps.db.prepare(`SELECT n.name AS network_name, p.ip_address, p.mac_address FROM ports p JOIN networks n ON n.id = p.network_id
    WHERE p.device_id = ? ORDER BY p.created_at, p.id`).all(uuid) as AddressRow[];
  const out: Record<string, unknown[]> = {};
  for (const r of rows) {
    (out[r.network_name] ??= []).push(extended ? { version: 4, addr: r.ip_address, 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': r.mac_address } : { version: 4, addr: r.ip_address });
  }
  return out;
}

function fault(deps: ApiDeps, ctx: RequestContext, uuid: string): Record<string, unknown> | undefined {
  const f = deps.db.prepare('SELECT code, message, details, created_at FROM instance_faults WHERE instance_uuid = ? ORDER BY id DESC LIMIT 1')
    .get(uuid) as { code: number; message: string; details: string; created_at: string } | undefined;
  if (!f) return undefined;
  const view: Record<string, unknown> = { code: f.code, created: isoSeconds(f.created_at), message: f.message };
  if (ctx.isAdmin || f.code !== 500) view.details = f.details;
  return view;
}


export function serverSummary(deps: ApiDeps, row: InstanceRow) {
  return { id: row.uuid, name: row.name, links: links(deps.baseUrl, 'servers', row.uuid) };
}

/** os-extended-volumes: the attached volumes, with delete_on_termination from 2.3. */
function volumesAttached(deps: ApiDeps, req: ApiRequest, uuid: string): Record<string, unknown>[] {
  const withFlag = isSupported(req, '2.3');
  return (deps.db.prepare('SELECT volume_id, delete_on_termination FROM block_device_mapping WHERE instance_uuid = ? AND volume_id IS NOT NULL ORDER BY boot_index IS NULL, boot_index, id')
    .all(uuid) as { volume_id: string; delete_on_termination: number }[]).map((b) => (withFlag ? { id: b.volume_id, delete_on_termination: b.delete_on_termination === 1 } : { id: b.volume_id }));
}

/** compute.api.get_instance_host_status: the state of the compute service on the instance's host. */
function hostStatus(deps: ApiDeps, row: InstanceRow): string {
  const svc = row.host ? computeService(deps.db, row.host) : undefined;
  if (!svc) return '';
  if (svc.forced_down) return 'DOWN';
  if (svc.disabled) return 'MAINTENANCE';
  return isServiceUp(deps.cfg, svc) ? 'UP' : 'UNKNOWN';
}

/** The names of the groups neutron binds to the server's ports (none: Nova leaves the key out). */
function securityGroups(deps: ApiDeps, uuid: string): { name: string }[] {
  const rows = deps.db.prepare(`SELECT g.name FROM ports p JOIN port_security_groups b ON b.port_id = p.id JOIN security_groups g ON g.id = b.security_group_id
    WHERE p.device_id = ? ORDER BY p.created_at, p.id, b.rowid`).all(uuid) as { name: string }[];
  return [...new Set(rows.map((r) => r.name))].map((name) => ({ name }));
}

/**
 * 2.47: the server's flavor itself (its current flavor, or the one it booted with when that
 * flavor is gone); extra_specs shown as os_compute_api:servers:show:flavor-extra-specs allows
 * (project readers and admins by default: every caller who can see the server).
 */
function embeddedFlavor(deps: ApiDeps, row: InstanceRow): Record<string, unknown> {
  const current = deps.db.prepare('SELECT * FROM flavors WHERE id = ?').get(row.flavor_id) as FlavorRow | undefined;
  const f: Flavor = current ? flavorObject(current) : (JSON.parse(row.request_spec) as { flavor: Flavor }).flavor;
  return { vcpus: f.vcpus, ram: f.memory_mb, disk: f.root_gb, ephemeral: f.ephemeral_gb, swap: f.swap, original_name: f.name, extra_specs: f.extra_specs };
}

/**
 * Which parts the view leaves out: PUT and rebuild below 2.75 show no extension attributes;
 * only show, PUT and rebuild have the server's groups (2.71), not the detailed list.
 */
export interface ViewOptions { basic?: boolean; showUserData?: boolean; showServerGroups?: boolean }

/** InstanceGroup.get_by_instance_uuid: the uuid of the group the server is a member of, or none. */
function serverGroupsOf(deps: ApiDeps, uuid: string): string[] {
  return (deps.db.prepare('SELECT g.uuid FROM server_group_members m JOIN server_groups g ON g.id = m.group_id WHERE m.instance_uuid = ? ORDER BY g.id LIMIT 1')
    .all(uuid) as { uuid: string }[]).map((g) => g.uuid);
}

export function serverDetail(deps: ApiDeps, req: ApiRequest, row: InstanceRow, opts: ViewOptions = {}): Record<string, unknown> {
  const ctx = req.ctx;
  const status = serverStatus(row.vm_state, row.task_state);
  const view: Record<string, unknown> = {
    id: row.uuid, name: row.name, status, tenant_id: row.project_id, user_id: row.user_id,
    metadata: JSON.parse(row.metadata || '{}'), hostId: hostId(row.project_id, row.host),
    // A server booted from volume has no image: Nova shows "".
    image: row.image_ref ? { id: row.image_ref, links: bookmark(deps.baseUrl, 'images', row.image_ref) } : '',
    flavor: isSupported(req, '2.47') ? embeddedFlavor(deps, row) : { id: row.flavor_id, links: bookmark(deps.baseUrl, 'flavors', row.flavor_id) },
    created: isoSeconds(row.created_at), updated: isoSeconds(row.updated_at),
    addresses: addresses(deps, row.uuid, !opts.basic), accessIPv4: row.access_ip_v4 ?? '', accessIPv6: row.access_ip_v6 ?? '',
    links: links(deps.baseUrl, 'servers', row.uuid),
    'OS-DCF:diskConfig': 'MANUAL',
  };
  if (PROGRESS_STATUSES.has(status)) view.progress = row.progress;
  const f = status === 'ERROR' || status === 'DELETED' ? fault(deps, ctx, row.uuid) : undefined;
  if (f) view.fault = f;
  if (!opts.basic) {
    Object.assign(view, {
      'OS-EXT-AZ:availability_zone': row.host ? zoneOfHost(deps.db, row.host) : row.availability_zone ?? '',
      config_drive: '', key_name: row.key_name,
      'OS-SRV-USG:launched_at': novaTime(row.launched_at), 'OS-SRV-USG:terminated_at': novaTime(row.terminated_at),
      'OS-EXT-STS:task_state': row.task_state, 'OS-EXT-STS:vm_state': row.vm_state, 'OS-EXT-STS:power_state': row.power_state,
      'os-extended-volumes:volumes_attached': volumesAttached(deps, req, row.uuid),
    });
    const groups = securityGroups(deps, row.uuid);
    if (groups.length) view.security_groups = groups;
    // os_compute_api:os-extended-server-attributes is admin-only by default.
    if (ctx.isAdmin) {
      view['OS-EXT-SRV-ATTR:host'] = row.host;
      view['OS-EXT-SRV-ATTR:instance_name'] = `instance-${row.id.toString(16).padStart(8, '0')}`;
      view['OS-EXT-SRV-ATTR:hypervisor_hostname'] = row.node;
      if (isSupported(req, '2.3')) {
        Object.assign(view, {
          'OS-EXT-SRV-ATTR:hostname': row.hostname, 'OS-EXT-SRV-ATTR:kernel_id': row.kernel_id, 'OS-EXT-SRV-ATTR:launch_index': row.launch_index,
          'OS-EXT-SRV-ATTR:ramdisk_id': row.ramdisk_id, 'OS-EXT-SRV-ATTR:reservation_id': row.reservation_id, 'OS-EXT-SRV-ATTR:root_device_name': row.root_device_name,
        });
        if (opts.showUserData !== false) view['OS-EXT-SRV-ATTR:user_data'] = row.user_data;
      }
    }
    // 2.90: the hostname for everyone who sees the server (admins have it with the other attributes).
    if (isSupported(req, '2.90') && !('OS-EXT-SRV-ATTR:hostname' in view)) view['OS-EXT-SRV-ATTR:hostname'] = row.hostname;
    // os_compute_api:servers:show:host_status is admin-only by default.
    if (isSupported(req, '2.16') && ctx.isAdmin) view.host_status = hostStatus(deps, row);
  }
  if (isSupported(req, '2.9')) view.locked = row.locked === 1;
  if (isSupported(req, '2.73')) view.locked_reason = lockedReason(deps.db, row.uuid);
  if (isSupported(req, '2.19')) view.description = row.display_description;
  // Nova destroys a server's tags with it.
  if (isSupported(req, '2.26')) view.tags = row.deleted_at === null ? instanceTags(deps.db, row.uuid) : [];
  if (isSupported(req, '2.63')) view.trusted_image_certificates = trustedCertsView(row.trusted_certs);
  if (opts.showServerGroups && isSupported(req, '2.71')) view.server_groups = serverGroupsOf(deps, row.uuid);
  return view;
}
