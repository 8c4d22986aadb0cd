// POST /servers: validate the request as Nova's API does (image, flavor, networks, zone,
// scheduler hints, key pair, quota), create the instance rows in vm_state building /
// task_state scheduling with a `create` action carrying this request's id, and hand each
// RequestSpec to the conductor (schedule_and_build_instances). Answers 202 right away.

import { checkAccessIp, checkServerName } from './server-validation.js';
import { randomBytes, randomUUID } from 'node:crypto';
import type { BlockDeviceMapping, ImageMeta, RequestSpec } from '../../common/objects.js';
import type { ApiDeps } from '../api-deps.js';
import { badRequest, conflict, forbidden, policyForbids } from '../http/api-error.js';
import { json, type ApiReply } from '../http/reply.js';
import { bodyObject, integerField, isObject, requiredString, type ApiRequest } from '../http/request.js';
import { nowIso } from '../../db/open-db.js';
import { canSee, type ImageRow } from '../image/image-view.js';
import { bootableZones } from './availability-zones.js';
import { requestedDisks } from './block-device-mapping.js';
import { flavorObject, lookupFlavor, type FlavorRow } from './flavors.js';
import { links } from './formats.js';
import { recordAction } from './instances.js';
import { checkInstanceQuota } from './quota-check.js';
import { quotaLimits } from './quotas.js';
import { findGroup } from './server-groups.js';
import { validateMetadata } from './server-metadata.js';
import { descriptionOf, refusePersonality, userDataOf } from './server-fields.js';
import { instanceHostname } from './hostname.js';
import { refuseHostnameForMany, requestedHostname } from './server-hostname.js';
import { requestedNetworks } from './requested-networks.js';
import { requestedTags } from './server-tags.js';
import { refuseCertsWithoutImage, requestedTrustedCerts } from './trusted-certs.js';
import { authorizeRequestedDestination, requestedDestination, requestedHostAndNode } from './requested-destination.js';

/** The request spec as Nova saves it: the requested destination is for this request only. */
const persistedSpec = (spec: RequestSpec) => JSON.stringify({ ...spec, requested_destination: undefined });

const lastSegment = (ref: string) => ref.replace(/\/+$/, '').split('/').pop() ?? ref;

/** The imageRef of the request; '' or none is allowed when block devices say what to boot. */
function imageRefOf(body: Record<string, unknown>): string | null {
  if (body.block_device_mapping_v2 !== undefined && (body.imageRef === undefined || body.imageRef === '')) return null;
  return lastSegment(requiredString(body, 'imageRef'));
}

function resolveImage(deps: ApiDeps, req: ApiRequest, ref: string): ImageRow {
  const row = deps.db.prepare('SELECT * FROM images WHERE id = ?').get(ref) as ImageRow | undefined;
  if (!row || !canSee(req, row)) throw badRequest(`Image ${ref} could not be found.`);
  if (row.status !== 'active') throw badRequest(`Image ${ref} is not active.`);
  return row;
}

function resolveFlavor(deps: ApiDeps, req: ApiRequest, body: Record<string, unknown>, image: ImageRow | null, rootVolumeGb: number | null): FlavorRow {
  const raw = body.flavorRef;
  if (typeof raw !== 'string' && typeof raw !== 'number') throw badRequest("Invalid input for field/attribute flavorRef. Value: None. 'flavorRef' is a required property");
  const ref = lastSegment(String(raw));
  const f = lookupFlavor(deps, req, ref);
  if (!f) throw badRequest(`Flavor ${ref} could not be found.`);
  if (f.disabled) throw badRequest('Flavor is disabled.');
  if (!image) return f;
  if (image.min_ram > f.memory_mb) throw badRequest("Flavor's memory is too small for requested image.");
  if (rootVolumeGb !== null) {
    // A volume-backed root disk is measured by its volume, not by the flavor.
    const volumeBytes = rootVolumeGb * 1024 ** 3;
    if (image.min_disk * 1024 ** 3 > volumeBytes) {
      throw badRequest(`Volume is smaller than the minimum size specified in image metadata. Volume size is ${volumeBytes} bytes, minimum size is ${image.min_disk * 1024 ** 3} bytes.`);
    }
    return f;
  }
  // compute.api._validate_flavor_image_nostatus: bytes against bytes; a 0 GB root disk is not checked.
  const dest = f.root_gb * 1024 ** 3;
  if (dest > 0 && image.size > dest) throw badRequest(`Flavor's disk is too small for requested image. Flavor disk is ${dest} bytes, image is ${image.size} bytes.`);
  if (dest > 0 && image.min_disk * 1024 ** 3 > dest) {
    throw badRequest(`Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is ${dest} bytes, minimum size is ${image.min_disk * 1024 ** 3} bytes.`);
  }
  return f;
}

/** `availability_zone` is "zone", "zone:host" or "zone:host:node" (the last two force a host; admin only). */
function resolveZone(deps: ApiDeps, req: ApiRequest, body: Record<string, unknown>, hints: Record<string, string>): string | null {
  const raw = body.availability_zone;
  // Nova uses [DEFAULT]default_schedule_zone for a boot that names no zone, without checking it.
  if (raw === undefined || raw === null || raw === '') return deps.defaultScheduleZone();
  if (typeof raw !== 'string') throw badRequest(`Invalid input for field/attribute availability_zone. Value: ${JSON.stringify(raw)}.`);
  const [zone, host, node] = raw.split(':');
  if (host) {
    if (!req.ctx.isAdmin) throw policyForbids('os_compute_api:servers:create:forced_host');
    hints.force_host = host;
    if (node) hints.force_node = node;
  }
  if (zone && !bootableZones(deps.db).has(zone)) throw badRequest('The requested availability zone is not available');
  return zone || null;
}

/** os:scheduler_hints (values may be lists; the RequestSpec keeps the first of each). */
function schedulerHints(req: ApiRequest): Record<string, string> {
  const top = isObject(req.body) ? req.body['os:scheduler_hints'] ?? req.body['OS-SCH-HNT:scheduler_hints'] : undefined;
  if (top === undefined) return {};
  if (!isObject(top)) throw badRequest(`Invalid input for field/attribute os:scheduler_hints. Value: ${JSON.stringify(top)}.`);
  const hints: Record<string, string> = {};
  for (const [k, v] of Object.entries(top)) hints[k] = String(Array.isArray(v) ? v[0] : v);
  return hints;
}

function imageMeta(row: ImageRow | null): ImageMeta {
  if (!row) return { id: '', name: '', size: 0, disk_format: 'raw', min_ram: 0, min_disk: 0, properties: {} };
  return { id: row.id, name: row.name, size: row.size, disk_format: row.disk_format, min_ram: row.min_ram, min_disk: row.min_disk, properties: JSON.parse(row.properties || '{}') };
}

function saveBlockDeviceMappings(deps: ApiDeps, uuid: string, bdms: BlockDeviceMapping[], now: string): void {
  const insert = deps.db.prepare(`INSERT INTO block_device_mapping (instance_uuid, boot_index, source_type, destination_type, image_id, volume_id, volume_size,
    delete_on_termination, device_name, tag, volume_type, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const b of bdms) insert.run(uuid, b.boot_index, b.source_type, b.destination_type, b.image_id, b.volume_id, b.volume_size, b.delete_on_termination ? 1 : 0, b.device_name, b.tag ?? null, b.volume_type ?? null, now);
}

const randomPassword = () => [...randomBytes(12)].map((b) => 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'[b % 56]).join('');
const reservationId = () => `r-${[...randomBytes(8)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('')}`;

/**
 * security_groups: [{name}] — each must name (or be the id of) one of the project's groups in
 * neutron (its `default` always exists); Nova's 400 otherwise. None asked: undefined (the default).
 */
function requestedSecurityGroups(deps: ApiDeps, req: ApiRequest, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw badRequest(`Invalid input for field/attribute security_groups. Value: ${JSON.stringify(value)}. ${JSON.stringify(value)} is not of type 'array'`);
  const names = value.map((g) => {
    if (!isObject(g) || typeof g.name !== 'string') throw badRequest(`Invalid input for field/attribute security_groups. Value: ${JSON.stringify(value)}. 'name' is a required property`);
    return g.name;
  });
  const project = req.ctx.projectId ?? '';
  for (const n of names) {
    const known = n === 'default' || deps.db.prepare('SELECT 1 FROM security_groups WHERE project_id = ? AND (name = ? OR id = ?)').get(project, n, n);
    if (!known) throw badRequest(`Security group ${n} not found for project ${project}.`);
  }
  return [...new Set(names)];
}

export function createServer(deps: ApiDeps) {
  const apiLog = deps.logs.nova.child('nova.compute.api');
  return async (req: ApiRequest): Promise<ApiReply> => {
    const ctx = req.ctx;
    const body = bodyObject(req, 'server');
    const name = checkServerName(requiredString(body, 'name'));
    const tags = requestedTags(req, body);
    const asked = requestedHostAndNode(req, body);
    const hostname = requestedHostname(req, body);
    refusePersonality(req, body);
    const trustedCerts = requestedTrustedCerts(req, body);
    const accessIPv4 = checkAccessIp('accessIPv4', body.accessIPv4) ?? null;
    const accessIPv6 = checkAccessIp('accessIPv6', body.accessIPv6) ?? null;
    const securityGroups = requestedSecurityGroups(deps, req, body.security_groups);
    const imageRef = imageRefOf(body);
    if (imageRef === null) refuseCertsWithoutImage(trustedCerts);
    const disks = requestedDisks(deps, req, body, imageRef);
    const image = imageRef !== null ? resolveImage(deps, req, imageRef) : disks.rootImage;
    const rootBdm = disks.bdms.find((b) => b.boot_index === 0);
    const flavor = resolveFlavor(deps, req, body, image, disks.bfv ? rootBdm?.volume_size ?? null : null);
    const bdms = disks.bdms.filter((b) => !(b.source_type === 'image' && b.destination_type === 'local'));
    const networks = requestedNetworks(deps, req, body);
    const networkIds = networks.ids;
    const hints = schedulerHints(req);
    const zone = resolveZone(deps, req, body, hints);
    authorizeRequestedDestination(req, asked, hints.force_host !== undefined);
    const group = hints.group ? findGroup(deps, req, hints.group) : undefined;
    if (hints.group && !group) throw badRequest(`Invalid input for field/attribute group. Value: ${hints.group}. Instance group ${hints.group} could not be found.`);
    const keyName = typeof body.key_name === 'string' ? body.key_name : null;
    if (keyName && !deps.db.prepare('SELECT 1 FROM keypairs WHERE user_id = ? AND name = ?').get(ctx.userId ?? '', keyName)) throw badRequest('Invalid key_name provided.');
    const metadata = body.metadata === undefined ? {} : validateMetadata(body.metadata, quotaLimits(deps, ctx.projectId ?? '').metadata_items);
    const userData = userDataOf(body);
    const description = descriptionOf(req, body, name);
    const minCount = integerField(body, 'min_count', { min: 1, fallback: 1 });
    const maxCount = integerField(body, 'max_count', { min: 1, fallback: minCount });
    if (minCount > maxCount) throw badRequest('min_count must be <= max_count');
    refuseHostnameForMany(hostname, maxCount);
    const destination = await requestedDestination(deps, req, asked);
    const count = checkInstanceQuota(deps, ctx, flavor, minCount, maxCount);
    if (group) {
      const members = (deps.db.prepare('SELECT COUNT(*) AS n FROM server_group_members WHERE group_id = ?').get(group.id) as { n: number }).n;
      if (members + count > quotaLimits(deps, ctx.projectId ?? '').server_group_members) throw forbidden('Quota exceeded, too many servers in group');
    }
    apiLog.debug(ctx, null, `Going to run ${count} instances...`, { func: '_provision_instances', file: 'compute/api.py', line: 1029 });

    const reservation = reservationId();
    const now = nowIso();
    const specs: RequestSpec[] = [];
    deps.db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const uuid = randomUUID();
        const spec: RequestSpec = {
          instance_uuid: uuid, project_id: ctx.projectId ?? '', user_id: ctx.userId ?? '', flavor: flavorObject(flavor), image: imageMeta(image),
          availability_zone: zone, scheduler_hints: { ...hints }, network_ids: networkIds, ...(networks.tags.some((t) => t !== null) ? { network_tags: networks.tags } : {}), ...(networks.noAllocate ? { no_allocate: true } : {}), retry: { num_attempts: 0, hosts: [] },
          ...(securityGroups ? { security_groups: securityGroups } : {}),
          ...(destination ? { requested_destination: { ...destination } } : {}),
          ...(disks.bfv ? { is_bfv: true } : {}), ...(bdms.length ? { block_device_mapping: bdms } : {}),
        };
        deps.db.prepare(`INSERT INTO instances (uuid, name, project_id, user_id, image_ref, flavor_id, vm_state, task_state, power_state,
          availability_zone, key_name, metadata, created_at, updated_at, reservation_id, request_spec, hostname, launch_index, kernel_id, ramdisk_id,
          user_data, display_description, access_ip_v4, access_ip_v6, trusted_certs)
          VALUES (?, ?, ?, ?, ?, ?, 'building', 'scheduling', 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
          uuid, count > 1 ? `${name}-${i + 1}` : name, spec.project_id, spec.user_id, imageRef ?? '', flavor.id, zone, keyName,
          JSON.stringify(metadata), now, now, reservation, persistedSpec(spec), hostname ?? instanceHostname(name, uuid, count, i), i,
          spec.image.properties.kernel_id ?? '', spec.image.properties.ramdisk_id ?? '', userData, description, accessIPv4, accessIPv6,
          trustedCerts && JSON.stringify(trustedCerts));
        if (bdms.length) saveBlockDeviceMappings(deps, uuid, bdms, now);
        // Nova keeps them with the build request (shown at once) and the conductor creates them with the instance.
        for (const t of tags) deps.db.prepare('INSERT OR IGNORE INTO tags (resource_id, tag) VALUES (?, ?)').run(uuid, t);
        recordAction(deps.db, ctx, uuid, 'create');
        if (group) deps.db.prepare('INSERT INTO server_group_members (group_id, instance_uuid) VALUES (?, ?)').run(group.id, uuid);
        specs.push(spec);
      }
    })();
    for (const spec of specs) await deps.conductor.scheduleAndBuildInstances(ctx, spec);

    if (body.return_reservation_id === true) return json(202, { reservation_id: reservation });
    const first = specs[0].instance_uuid;
    return json(202, { server: {
      id: first, links: links(deps.baseUrl, 'servers', first), adminPass: typeof body.adminPass === 'string' ? body.adminPass : randomPassword(),
      'OS-DCF:diskConfig': 'MANUAL', security_groups: (securityGroups ?? ['default']).map((n) => ({ name: n })),
    } });
  };
}
