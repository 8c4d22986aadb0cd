// block_device_mapping_v2 of POST /servers as Nova's API checks it: the request schema (types,
// enums, patterns), BlockDeviceDict.from_api (device UUIDs, image → local only for the --image
// root disk), _validate_bdm (images and volumes exist, a size for image → volume, the boot
// sequence 0, 1, …; a root volume of a boot without an image must be bootable; from 2.67 a volume_type cinder knows by id or name, kept by its name), each
// refused with the 400 Nova answers.

import type { BlockDeviceMapping } from '../../common/objects.js';
import type { ApiDeps } from '../api-deps.js';
import { badRequest } from '../http/api-error.js';
import { isObject, type ApiRequest } from '../http/request.js';
import { canSee, type ImageRow } from '../image/image-view.js';
import type { VolumeRow } from '../volume/volume-view.js';
import { pyRepr } from './actions/action-spec.js';
import { bdmTagAllowed, checkDeviceTag } from './requested-networks.js';
import { isSupported } from './microversion.js';
import { allVolumeTypes } from '../volume/volume-types.js';

const FIELDS = new Set(['virtual_name', 'volume_id', 'snapshot_id', 'volume_size', 'device_name', 'delete_on_termination', 'no_device', 'connection_info',
  'source_type', 'uuid', 'image_id', 'destination_type', 'guest_format', 'device_type', 'disk_bus', 'boot_index']);
const SOURCES = ['volume', 'image', 'snapshot', 'blank'];
const DESTINATIONS = ['local', 'volume'];
const TRUE = new Set([true, 'true', 'True', 'TRUE', '1', 'yes', 'on', 'y', 't']);
const FALSE = new Set([false, 'false', 'False', 'FALSE', '0', 'no', 'off', 'n', 'f']);

const show = (v: unknown) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));
const schemaError = (field: string, v: unknown, why: string) => badRequest(`Invalid input for field/attribute ${field}. Value: ${show(v)}. ${why}`);
const invalidBdm = (details: string) => badRequest(`Block Device Mapping is Invalid: ${details}`);

function checkSchema(item: unknown, index: number, tagAllowed: boolean, volumeTypeAllowed: boolean): Record<string, unknown> {
  if (!isObject(item)) throw schemaError('block_device_mapping_v2', item, `${show(item)} is not of type 'object'`);
  if (tagAllowed && item.tag !== undefined) checkDeviceTag(item.tag);
  const extra = Object.keys(item).filter((k) => !FIELDS.has(k) && !(tagAllowed && k === 'tag') && !(volumeTypeAllowed && k === 'volume_type'));
  if (extra.length) throw badRequest(`Invalid input for field/attribute ${index}. Value: ${pyRepr(item, false)}. Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length === 1 ? 'was' : 'were'} unexpected)`);
  if (item.source_type !== undefined && !SOURCES.includes(String(item.source_type))) throw schemaError('source_type', item.source_type, `${show(item.source_type)} is not one of ${JSON.stringify(SOURCES).replace(/"/g, "'")}`);
  if (item.destination_type !== undefined && !DESTINATIONS.includes(String(item.destination_type))) throw schemaError('destination_type', item.destination_type, `${show(item.destination_type)} is not one of ${JSON.stringify(DESTINATIONS).replace(/"/g, "'")}`);
  const bi = item.boot_index;
  if (bi !== undefined && bi !== null && !((typeof bi === 'number' && Number.isInteger(bi)) || (typeof bi === 'string' && /^-?[0-9]+$/.test(bi)))) {
    throw schemaError('boot_index', bi, typeof bi === 'string' ? `'${bi}' does not match '^-?[0-9]+$'` : `${show(bi)} is not of type 'integer', 'string', 'null'`);
  }
  const vs = item.volume_size;
  if (vs !== undefined) {
    if (!((typeof vs === 'number' && Number.isInteger(vs)) || (typeof vs === 'string' && /^[0-9]+$/.test(vs)))) throw schemaError('volume_size', vs, typeof vs === 'string' ? `'${vs}' does not match '^[0-9]+$'` : `${show(vs)} is not of type 'integer', 'string'`);
    if (Number(vs) < 1) throw schemaError('volume_size', vs, `${show(vs)} is less than the minimum of 1`);
  }
  const dot = item.delete_on_termination;
  if (dot !== undefined && !TRUE.has(dot as never) && !FALSE.has(dot as never)) throw schemaError('delete_on_termination', dot, `${show(dot)} is not one of [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no', 'n', 'f']`);
  // parameter_types.volume_type (2.67).
  const vt = item.volume_type;
  if (vt !== undefined && vt !== null && typeof vt !== 'string') throw schemaError('volume_type', vt, `${show(vt)} is not of type 'string', 'null'`);
  if (typeof vt === 'string' && vt.length > 255) throw schemaError('volume_type', vt, `${show(vt)} is too long`);
  if (item.uuid !== undefined && !(typeof item.uuid === 'string' && /^[a-zA-Z0-9._-]{1,255}$/.test(item.uuid))) throw schemaError('uuid', item.uuid, `${show(item.uuid)} does not match '^[a-zA-Z0-9._-]*$'`);
  return item;
}

/** from_api: the mapping in Nova's internal form; `imageSpecified` when the request has an imageRef. */
function fromApi(item: Record<string, unknown>, imageSpecified: boolean): BlockDeviceMapping {
  const source = (item.source_type ?? 'blank') as BlockDeviceMapping['source_type'];
  const destination = (item.destination_type ?? (source === 'blank' ? 'local' : 'volume')) as BlockDeviceMapping['destination_type'];
  const uuid = typeof item.uuid === 'string' ? item.uuid : null;
  if (source === 'blank' && uuid) throw invalidBdm('Invalid device UUID.');
  if (source !== 'blank' && !uuid) throw invalidBdm('Missing device UUID.');
  const bootIndex = item.boot_index === undefined || item.boot_index === null ? null : Number(item.boot_index);
  if (source === 'image' && destination === 'local' && !(imageSpecified && bootIndex === 0)) throw invalidBdm('Mapping image to local is not supported.');
  // from_api reads the destination as given (no default) for these two.
  if (item.destination_type === 'local' && item.volume_type) throw invalidBdm('Specifying a volume_type with destination_type=local is not supported.');
  if (item.source_type === 'volume' && item.volume_type) throw invalidBdm('Specifying volume type to existing volume is not supported.');
  return {
    boot_index: bootIndex, source_type: source, destination_type: destination,
    image_id: source === 'image' ? uuid : null, volume_id: source === 'volume' ? uuid : null,
    volume_size: item.volume_size === undefined ? null : Number(item.volume_size),
    delete_on_termination: item.delete_on_termination === undefined ? destination === 'local' : TRUE.has(item.delete_on_termination as never),
    device_name: typeof item.device_name === 'string' ? item.device_name : null,
    ...(typeof item.tag === 'string' ? { tag: item.tag } : {}),
    ...(typeof item.volume_type === 'string' && item.volume_type ? { volume_type: item.volume_type } : {}),
  };
}

/** _check_requested_volume_type: the type must be one of cinder's (by id or name); the mapping keeps its name. */
function checkVolumeType(deps: ApiDeps, req: ApiRequest, b: BlockDeviceMapping): void {
  if (!b.volume_type) return;
  const types = allVolumeTypes(deps.db).filter((t) => t.is_public || req.ctx.isAdmin);
  const t = types.find((x) => x.id === b.volume_type || x.name === b.volume_type);
  if (!t) throw badRequest(`Volume type ${b.volume_type} could not be found.`);
  b.volume_type = t.name;
}

export interface RequestedDisks {
  /** Every mapping, the --image root disk (image → local, boot index 0) included. */
  bdms: BlockDeviceMapping[];
  /** The root disk is a volume (boot index 0 has destination volume). */
  bfv: boolean;
  /** The image the root volume is made from, or whose metadata a root volume carries. */
  rootImage: ImageRow | null;
}

/** block_device_mapping_v2 of the request, checked; an empty list when the request has none. */
export function requestedDisks(deps: ApiDeps, req: ApiRequest, body: Record<string, unknown>, imageRef: string | null): RequestedDisks {
  const raw = body.block_device_mapping_v2;
  if (raw === undefined) return { bdms: [], bfv: false, rootImage: null };
  if (!Array.isArray(raw)) throw schemaError('block_device_mapping_v2', raw, `${show(raw)} is not of type 'array'`);
  const bdms = raw.map((item, i) => fromApi(checkSchema(item, i, bdmTagAllowed(req), isSupported(req, '2.67')), imageRef !== null));
  let rootImage: ImageRow | null = null;
  for (const b of bdms) {
    checkVolumeType(deps, req, b);
    if (b.image_id !== null) {
      const row = deps.db.prepare('SELECT * FROM images WHERE id = ?').get(b.image_id) as ImageRow | undefined;
      if (!row || !canSee(req, row) || row.status !== 'active') throw invalidBdm(`failed to get image ${b.image_id}.`);
      if (b.destination_type === 'volume' && !b.volume_size) throw badRequest("Images with destination_type 'volume' need to have a non-zero size specified");
      if (b.boot_index === 0) rootImage = row;
    } else if (b.volume_id !== null) {
      const v = deps.db.prepare('SELECT * FROM volumes WHERE id = ?').get(b.volume_id) as VolumeRow | undefined;
      if (!v || !(req.ctx.isAdmin || v.project_id === req.ctx.projectId)) throw invalidBdm(`failed to get volume ${b.volume_id}.`);
      if (v.status !== 'available') throw badRequest(`Invalid volume: volume '${v.id}' status must be 'available'. Currently in '${v.status}'`);
      // _get_bdm_image_metadata (a boot without imageRef): the root volume must be bootable.
      if (b.boot_index === 0 && imageRef === null && !v.bootable) throw badRequest(`Block Device ${v.id} is not bootable.`);
      if (b.boot_index === 0 && v.image_id) rootImage = deps.db.prepare('SELECT * FROM images WHERE id = ?').get(v.image_id) as ImageRow | null ?? null;
    } else if (b.source_type === 'snapshot') {
      throw invalidBdm(`failed to get snapshot ${String(raw.find((r) => isObject(r) && r.source_type === 'snapshot')?.uuid ?? '')}.`);
    } else if (b.destination_type === 'volume' && !b.volume_size) {
      throw badRequest("Blank volumes (source: 'blank', dest: 'volume') need to have non-zero size");
    }
  }
  const indexes = bdms.map((b) => b.boot_index).filter((i): i is number => i !== null && i >= 0).sort((a, b) => a - b);
  if (indexes.length === 0 || indexes.some((i, n) => i !== n)) {
    throw invalidBdm('Boot sequence for the instance and image/block device mapping combination is not valid.');
  }
  const root = bdms.find((b) => b.boot_index === 0)!;
  return { bdms, bfv: root.destination_type === 'volume', rootImage };
}
