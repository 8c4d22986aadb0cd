// The `networks` of POST /servers as Nova's API takes them: the request schema of the
// microversion (each item {uuid, port, fixed_ip} and nothing else; a device `tag` at 2.32 to
// 2.36, and again from 2.42; from 2.37 `networks` is required, item uuids must be UUIDs, and
// it may be 'auto' or 'none'), then the networks themselves (visible to the project, or the
// only one there is when none is named or 'auto' is asked).

import type { ApiDeps } from '../api-deps.js';
import { badRequest, conflict } from '../http/api-error.js';
import { isObject, type ApiRequest } from '../http/request.js';
import { pyRepr } from './actions/action-spec.js';
import { isSupported } from './microversion.js';

export interface RequestedNetworks {
  ids: string[];
  /** The device tag of each requested network (null when none); kept in the request spec. */
  tags: (string | null)[];
  /** 'none' (2.37): no network at all. */
  noAllocate?: boolean;
}

const TAG_PATTERN = '^[^,/]*$';
/** oslo's is_uuid_like, the jsonschema 'uuid' format (dashes optional, any case). */
const uuidLike = (v: string) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(v);
const MAX_TAG_LENGTH = 60;

/** Whether the microversion's create schema takes a device tag on a network (create_v232/v233/v242). */
export const networkTagAllowed = (req: ApiRequest) => isSupported(req, '2.32', '2.36') || isSupported(req, '2.42');
/** Whether it takes one on a block device: 2.32 only (a bug dropped it at 2.33), then from 2.42. */
export const bdmTagAllowed = (req: ApiRequest) => isSupported(req, '2.32', '2.32') || isSupported(req, '2.42');

const invalid = (field: string | number, value: unknown, why: string) => badRequest(`Invalid input for field/attribute ${field}. Value: ${pyRepr(value, false)}. ${why}`);

/** parameter_types.tag, as jsonschema words a failure. */
export function checkDeviceTag(tag: unknown): string {
  if (typeof tag !== 'string') throw invalid('tag', tag, `${pyRepr(tag)} is not of type 'string'`);
  if (!new RegExp(TAG_PATTERN).test(tag)) throw invalid('tag', tag, `${pyRepr(tag)} does not match '${TAG_PATTERN}'`);
  if (tag.length < 1) throw invalid('tag', tag, `${pyRepr(tag)} is too short`);
  if ([...tag].length > MAX_TAG_LENGTH) throw invalid('tag', tag, `${pyRepr(tag)} is too long`);
  return tag;
}

function visibleNetworkIds(deps: ApiDeps, req: ApiRequest): string[] {
  const rows = deps.db.prepare('SELECT id, project_id, shared FROM networks ORDER BY created_at, id').all() as { id: string; project_id: string | null; shared: number }[];
  return rows.filter((n) => n.shared === 1 || req.ctx.isAdmin || n.project_id === req.ctx.projectId).map((n) => n.id);
}

export function requestedNetworks(deps: ApiDeps, req: ApiRequest, body: Record<string, unknown>): RequestedNetworks {
  const visible = visibleNetworkIds(deps, req);
  const v237 = isSupported(req, '2.37');
  /** _ports_needed_per_instance: the project's only network, when none is named. */
  const unnamed = (): RequestedNetworks => {
    if (visible.length > 1) throw conflict('Multiple possible networks found, use a Network ID to be more specific.');
    return { ids: visible, tags: visible.map(() => null) };
  };
  if (body.networks === undefined) {
    if (v237) throw invalid('server', body, "'networks' is a required property");
    return unnamed();
  }
  if (v237) {
    const n = body.networks;
    const keys = ['fixed_ip', 'port', 'uuid', ...(networkTagAllowed(req) ? ['tag'] : [])];
    const listOk = Array.isArray(n) && n.every((x) => isObject(x) && Object.keys(x).every((k) => keys.includes(k))
      && (x.uuid === undefined || (typeof x.uuid === 'string' && uuidLike(x.uuid))));
    if (!listOk && n !== 'auto' && n !== 'none') throw invalid('networks', n, `${pyRepr(n)} is not valid under any of the given schemas`);
    if (n === 'none') return { ids: [], tags: [], noAllocate: true };
    if (n === 'auto') {
      // No network to use: neutron would have to build one (auto-allocated-topology), which it cannot here.
      if (visible.length === 0) throw badRequest(`Unable to automatically allocate a network for project ${req.ctx.projectId}`);
      return unnamed();
    }
  }
  if (!Array.isArray(body.networks)) throw invalid('networks', body.networks, `${pyRepr(body.networks)} is not of type 'array'`);
  const allowed = ['fixed_ip', 'port', 'uuid', ...(networkTagAllowed(req) ? ['tag'] : [])];
  const items = body.networks.map((n, i) => {
    if (!isObject(n)) throw invalid(i, n, `${pyRepr(n)} is not of type 'object'`);
    if (n.uuid !== undefined && typeof n.uuid !== 'string') throw invalid('uuid', n.uuid, `${pyRepr(n.uuid)} is not of type 'string'`);
    if (n.tag !== undefined && allowed.includes('tag')) checkDeviceTag(n.tag);
    const extra = Object.keys(n).filter((k) => !allowed.includes(k));
    if (extra.length) throw invalid(i, n, `Additional properties are not allowed (${extra.map((k) => pyRepr(k)).join(', ')} ${extra.length === 1 ? 'was' : 'were'} unexpected)`);
    return n;
  });
  const ids = items.map((n) => {
    if (n.port !== undefined) throw badRequest('Booting with a pre-created port is not supported by this stack; pass a network uuid.');
    const uuid = String(n.uuid ?? '');
    if (!visible.includes(uuid)) throw badRequest(`Network ${uuid} could not be found.`);
    return uuid;
  });
  return { ids, tags: items.map((n) => (typeof n.tag === 'string' ? n.tag : null)) };
}
