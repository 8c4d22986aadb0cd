// sort_key and sort_dir of GET /servers[/detail] as Nova reads them: common.get_sort_params
// (created_at desc when none is given), the schema's enum of valid keys (VALID_SORT_KEYS;
// `locked` becomes a real key at 2.73; from 2.75 the keys Nova ignored are refused),
// remove_invalid_sort_keys (an ignored key leaves with its direction; host and node are for
// admins) and the DB's process_sort_params (asc or desc only, no more directions than keys,
// created_at and id appended in the first direction).

import { badRequest, forbidden } from '../http/api-error.js';
import type { ApiRequest } from '../http/request.js';
import { pyRepr } from './actions/action-spec.js';
import type { InstanceRow } from './instances.js';
import { isSupported } from './microversion.js';

/** The keys Nova accepted before it validated them, ignored (SERVER_LIST_IGNORE_SORT_KEY). */
const IGNORED = ['architecture', 'cell_name', 'cleaned', 'default_ephemeral_device', 'default_swap_device', 'deleted', 'deleted_at',
  'disable_terminate', 'ephemeral_gb', 'ephemeral_key_uuid', 'id', 'key_data', 'launched_on', 'locked', 'memory_mb', 'os_type',
  'reservation_id', 'root_gb', 'shutdown_terminate', 'user_data', 'vcpus', 'vm_mode'];

/** Each valid key and the instance field it orders by; the stack keeps no auto_disk_config, config_drive or locked_by (all equal). */
const COLUMN: Record<string, (r: InstanceRow) => string | number | null> = {
  access_ip_v4: (r) => r.access_ip_v4, access_ip_v6: (r) => r.access_ip_v6, auto_disk_config: () => 0,
  availability_zone: (r) => r.availability_zone, config_drive: () => '', created_at: (r) => r.created_at,
  display_description: (r) => r.display_description, display_name: (r) => r.name, host: (r) => r.host, hostname: (r) => r.hostname,
  image_ref: (r) => r.image_ref, instance_type_id: (r) => r.flavor_id, kernel_id: (r) => r.kernel_id, key_name: (r) => r.key_name,
  launch_index: (r) => r.launch_index, launched_at: (r) => r.launched_at, locked_by: () => null, node: (r) => r.node,
  power_state: (r) => r.power_state, progress: (r) => r.progress, project_id: (r) => r.project_id, ramdisk_id: (r) => r.ramdisk_id,
  root_device_name: (r) => r.root_device_name, task_state: (r) => r.task_state, terminated_at: (r) => r.terminated_at,
  updated_at: (r) => r.updated_at, user_id: (r) => r.user_id, uuid: (r) => r.uuid, vm_state: (r) => r.vm_state,
  locked: (r) => r.locked, id: (r) => r.id,
};

const VALID = Object.keys(COLUMN).filter((k) => k !== 'locked' && k !== 'id');

function invalidInput(reason: string) {
  return badRequest(`Invalid input received: ${reason}`);
}

/** The keys the request's version accepts, and those it ignores. */
function keysAt(req: ApiRequest): { valid: string[]; ignored: string[] } {
  if (isSupported(req, '2.75')) return { valid: ['locked', ...VALID], ignored: [] };
  if (isSupported(req, '2.73')) return { valid: ['locked', ...VALID, ...IGNORED.filter((k) => k !== 'locked')], ignored: IGNORED.filter((k) => k !== 'locked') };
  return { valid: [...VALID, ...IGNORED], ignored: IGNORED };
}

/** A comparator of instance rows in the order the request asks for. */
export function serverOrder(req: ApiRequest): (a: InstanceRow, b: InstanceRow) => number {
  const { valid, ignored } = keysAt(req);
  const keys = req.query.getAll('sort_key').map((k) => k.trim());
  for (const k of req.query.getAll('sort_key')) {
    if (!valid.includes(k)) throw badRequest(`Invalid input for query parameters sort_key. Value: ${k}. ${pyRepr(k)} is not one of [${valid.map((v) => pyRepr(v)).join(', ')}]`);
  }
  const dirs = req.query.getAll('sort_dir').map((d) => d.trim());
  if (!keys.length) keys.push('created_at');
  if (!dirs.length) dirs.push('desc');
  for (const key of [...keys]) {
    if (ignored.includes(key)) {
      const at = keys.indexOf(key);
      if (dirs.length > at) dirs.splice(at, 1);
      keys.splice(at, 1);
    } else if ((key === 'host' || key === 'node') && !req.ctx.isAdmin) {
      throw forbidden(`Only administrators can sort servers by ${key}`);
    }
  }
  const first = dirs[0] ?? 'asc';
  if (dirs.some((d) => d !== 'asc' && d !== 'desc')) throw invalidInput("Unknown sort direction, must be 'desc' or 'asc'");
  while (dirs.length < keys.length) dirs.push(first);
  if (dirs.length > keys.length) throw invalidInput('Sort direction size exceeds sort key size');
  for (const key of ['created_at', 'id']) {
    if (!keys.includes(key)) { keys.push(key); dirs.push(first); }
  }
  const order = keys.map((k, i) => ({ get: COLUMN[k], sign: dirs[i] === 'desc' ? -1 : 1 }));
  return (a, b) => {
    for (const { get, sign } of order) {
      const x = get(a), y = get(b);
      if (x === y) continue;
      // NULL sorts first in ascending order, as in the database.
      if (x === null) return -sign;
      if (y === null) return sign;
      return (x < y ? -1 : 1) * sign;
    }
    return 0;
  };
}
