// The request bodies of os-volume_attachments as Nova's schemas (schemas/volume_attachments.py)
// check them, with the validator's words: create (volumeId a uuid, device null or a path
// match_device accepts; tag from 2.49 and delete_on_termination, parameter_types.boolean, from
// 2.79, additional properties before) and update (volumeId only below 2.85; from 2.85 also the
// keys of the GET answer, device, tag, delete_on_termination, serverId and id, of which only
// delete_on_termination may change).

import { badRequest } from '../http/api-error.js';
import { isObject, type ApiRequest } from '../http/request.js';
import { invalid, pyRepr } from './actions/action-spec.js';
import { isSupported } from './microversion.js';
import { checkParameterBoolean } from './parameter-boolean.js';
import { checkDeviceTag } from './requested-networks.js';

/** match_device's pattern in nova/block_device.py, as the schema has it. */
export const DEVICE_PATTERN = '(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$';
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** deleteOnTermination is the value as given (Nova's attach answer echoes it), false when absent. */
export interface AttachRequest { volumeId: string; device: string | null; tag: string | null; deleteOnTermination: boolean | string }

const unexpected = (keys: string[]) => `Additional properties are not allowed (${keys.map((k) => `'${k}'`).join(', ')} ${keys.length > 1 ? 'were' : 'was'} unexpected)`;

/** The volumeAttachment object with only `allowed` keys and a uuid volumeId. */
function attachment(req: ApiRequest, allowed: string[]): Record<string, unknown> {
  const body = req.body;
  // Errors at the root of the body have no path: the validator's message alone.
  if (!isObject(body)) throw badRequest(`${pyRepr(body)} is not of type 'object'`);
  if (body.volumeAttachment === undefined) throw badRequest("'volumeAttachment' is a required property");
  const extra = Object.keys(body).filter((k) => k !== 'volumeAttachment');
  if (extra.length) throw badRequest(unexpected(extra));
  const a = body.volumeAttachment;
  if (!isObject(a)) throw invalid('volumeAttachment', a, `${pyRepr(a)} is not of type 'object'`);
  if (a.volumeId === undefined) throw invalid('volumeAttachment', a, "'volumeId' is a required property");
  const bad = Object.keys(a).filter((k) => !allowed.includes(k));
  if (bad.length) throw invalid('volumeAttachment', a, unexpected(bad));
  if (typeof a.volumeId !== 'string') throw invalid('volumeId', a.volumeId, `${pyRepr(a.volumeId)} is not of type 'string'`);
  if (!UUID.test(a.volumeId)) throw invalid('volumeId', a.volumeId, `${pyRepr(a.volumeId)} is not a 'uuid'`);
  return a;
}

export function parseAttach(req: ApiRequest): AttachRequest {
  const withTag = isSupported(req, '2.49');
  const withDelete = isSupported(req, '2.79');
  const a = attachment(req, ['volumeId', 'device', ...(withTag ? ['tag'] : []), ...(withDelete ? ['delete_on_termination'] : [])]);
  const device = a.device;
  if (device !== undefined && device !== null) {
    if (typeof device !== 'string') throw invalid('device', device, `${pyRepr(device)} is not of type 'string', 'null'`);
    if (!new RegExp(DEVICE_PATTERN).test(device)) throw invalid('device', device, `${pyRepr(device)} does not match '${DEVICE_PATTERN}'`);
  }
  const tag = a.tag === undefined ? null : checkDeviceTag(a.tag);
  const deleteOnTermination = a.delete_on_termination === undefined ? false : checkParameterBoolean('delete_on_termination', a.delete_on_termination);
  return { volumeId: a.volumeId as string, device: (device as string | null | undefined) ?? null, tag, deleteOnTermination };
}

/** PUT's body below 2.85: {volumeAttachment: {volumeId}}, the volume to swap to. */
export function parseSwap(req: ApiRequest): string {
  return attachment(req, ['volumeId']).volumeId as string;
}

/** PUT's body from 2.85 (update_v285); each key present as given, deleteOnTermination checked. */
export interface UpdateRequest { volumeId: string; given: Record<string, unknown>; deleteOnTermination?: boolean | string }

function checkUuid(field: string, value: unknown): void {
  if (typeof value !== 'string') throw invalid(field, value, `${pyRepr(value)} is not of type 'string'`);
  if (!UUID.test(value)) throw invalid(field, value, `${pyRepr(value)} is not a 'uuid'`);
}

export function parseUpdate(req: ApiRequest): UpdateRequest {
  const a = attachment(req, ['volumeId', 'device', 'tag', 'delete_on_termination', 'serverId', 'id']);
  const device = a.device;
  if (device !== undefined && device !== null) {
    if (typeof device !== 'string') throw invalid('device', device, `${pyRepr(device)} is not of type 'string', 'null'`);
    if (!new RegExp(DEVICE_PATTERN).test(device)) throw invalid('device', device, `${pyRepr(device)} does not match '${DEVICE_PATTERN}'`);
  }
  if (a.tag !== undefined) checkDeviceTag(a.tag);
  if (a.serverId !== undefined) checkUuid('serverId', a.serverId);
  if (a.id !== undefined) checkUuid('id', a.id);
  const deleteOnTermination = a.delete_on_termination === undefined ? undefined : checkParameterBoolean('delete_on_termination', a.delete_on_termination);
  return { volumeId: a.volumeId as string, given: a, deleteOnTermination };
}
