// Server fields the create, update and rebuild bodies share, validated as Nova's schemas do:
// user_data (base64, 65535 characters at most) and description (2.19: printable, 255 at most,
// null clears it; below 2.19 a new server's description is its name).

import { badRequest } from '../http/api-error.js';
import type { ApiRequest } from '../http/request.js';
import { isSupported } from './microversion.js';
import { pyRepr } from './actions/action-spec.js';

const invalid = (field: string, value: unknown, why: string) => badRequest(`Invalid input for field/attribute ${field}. Value: ${String(value)}. ${why}`);

/** jsonschema's 'base64' format as Nova registers it: base64.b64decode with validation. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function userDataOf(body: Record<string, unknown>): string | null {
  const v = body.user_data;
  if (v === undefined) return null;
  if (typeof v !== 'string') throw invalid('user_data', v, `${JSON.stringify(v)} is not of type 'string'`);
  if (v.length > 65535) throw invalid('user_data', v, `'${v}' is too long`);
  if (!BASE64.test(v)) throw invalid('user_data', v, `'${v}' is not a 'base64'`);
  return v;
}

/** create_v257 and later have no `personality`: an additional property of `server`. */
export function refusePersonality(req: ApiRequest, server: Record<string, unknown>): void {
  if ('personality' in server && isSupported(req, '2.57')) {
    throw badRequest(`Invalid input for field/attribute server. Value: ${pyRepr(server)}. Additional properties are not allowed ('personality' was unexpected)`);
  }
}

/** parameter_types.description: printable characters (no control characters), at most 255. */
export function checkDescription(v: unknown): string | null {
  if (v === null) return null;
  if (typeof v !== 'string') throw invalid('description', v, `${JSON.stringify(v)} is not of type 'string', 'null'`);
  if (v.length > 255) throw invalid('description', v, `'${v}' is too long`);
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f-\x9f]/.test(v)) throw invalid('description', v, `'${v}' does not match the description pattern (printable characters)`);
  return v;
}

/** The description a new server gets. */
export function descriptionOf(req: ApiRequest, body: Record<string, unknown>, name: string): string | null {
  if (!isSupported(req, '2.19')) return name;
  return body.description === undefined ? null : checkDescription(body.description);
}
