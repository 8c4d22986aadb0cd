// The flavor description of microversion 2.55: taken by POST /flavors (an additional property of
// `flavor` before), changed by PUT /flavors/{id} (the only field it takes, required), shown in
// every flavor answer; a string of at most 65535 printable characters, or null.

import type { ApiDeps } from '../api-deps.js';
import { badRequest } from '../http/api-error.js';
import { isObject, type ApiRequest } from '../http/request.js';
import { invalid, pyRepr } from './actions/action-spec.js';
import { isSupported } from './microversion.js';

const unexpected = (keys: string[]) => `Additional properties are not allowed (${keys.map((k) => `'${k}'`).join(', ')} ${keys.length > 1 ? 'were' : 'was'} unexpected)`;

/** flavors._flavor_description. */
function checkFlavorDescription(v: unknown): string | null {
  if (v === null) return null;
  if (typeof v !== 'string') throw invalid('description', v, `${pyRepr(v)} is not of type 'string', 'null'`);
  if ([...v].length > 65535) throw invalid('description', v, `${pyRepr(v)} is too long`);
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f-\x9f]/.test(v)) throw invalid('description', v, `${pyRepr(v)} does not match the description pattern (printable characters)`);
  return v;
}

/** The description of POST /flavors: null when not given (or below 2.55, where giving one is refused). */
export function createDescription(req: ApiRequest, flavor: Record<string, unknown>): string | null {
  if (!('description' in flavor)) return null;
  if (!isSupported(req, '2.55')) throw invalid('flavor', flavor, unexpected(['description']));
  return checkFlavorDescription(flavor.description);
}

/** The body of PUT /flavors/{id} (flavors.update). */
export function updateDescription(req: ApiRequest): string | null {
  const body = req.body;
  if (!isObject(body)) throw badRequest(`${pyRepr(body ?? null)} is not of type 'object'`);
  const flavor = body.flavor;
  if (flavor !== undefined) {
    if (!isObject(flavor)) throw invalid('flavor', flavor, `${pyRepr(flavor)} is not of type 'object'`);
    if ('description' in flavor) checkFlavorDescription(flavor.description);
    if (!('description' in flavor)) throw invalid('flavor', flavor, "'description' is a required property");
    const extra = Object.keys(flavor).filter((k) => k !== 'description');
    if (extra.length) throw invalid('flavor', flavor, unexpected(extra));
  }
  if (flavor === undefined) throw badRequest("'flavor' is a required property");
  const extra = Object.keys(body).filter((k) => k !== 'flavor');
  if (extra.length) throw badRequest(unexpected(extra));
  return (flavor as Record<string, unknown>).description as string | null;
}

/** The description in a flavor answer from 2.55. */
export const descriptionView = (req: ApiRequest, description: string | null) => (isSupported(req, '2.55') ? { description } : {});

export function saveDescription(deps: ApiDeps, id: string, description: string | null): void {
  deps.db.prepare('UPDATE flavors SET description = ? WHERE id = ?').run(description, id);
}
