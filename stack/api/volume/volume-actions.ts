// cinder-lite's POST /v3/volumes/{id}/action for the two volume actions Nova's detach uses:
// os-begin_detaching (in-use and attached → detaching, refused otherwise as cinder's
// conditional update refuses it) and os-roll_detaching (detaching → in-use, when the guest
// would not let the device go). Other actions are not served.

import type { ApiDeps } from '../api-deps.js';
import { badRequest } from '../http/api-error.js';
import { empty, type ApiReply } from '../http/reply.js';
import { isObject, type ApiRequest } from '../http/request.js';
import { nowIso } from '../../db/open-db.js';
import { findVolume } from './volumes.js';

const BEGIN_DETACHING_REFUSED = "Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach.";

export function volumeAction(deps: ApiDeps) {
  const api = deps.logs.cinder.child('cinder.volume.api');
  return (req: ApiRequest): ApiReply => {
    const body = isObject(req.body) ? req.body : {};
    const v = findVolume(deps, req, req.params.id);
    const setStatus = (status: string) => deps.db.prepare('UPDATE volumes SET status = ?, updated_at = ? WHERE id = ?').run(status, nowIso(), v.id);
    if ('os-begin_detaching' in body) {
      if (v.status !== 'in-use' || v.attach_status !== 'attached') {
        api.error(req.ctx, null, BEGIN_DETACHING_REFUSED);
        throw badRequest(`Invalid volume: ${BEGIN_DETACHING_REFUSED}`, 'badRequest');
      }
      setStatus('detaching');
      return empty(202);
    }
    if ('os-roll_detaching' in body) {
      if (v.status === 'detaching') setStatus('in-use');
      return empty(202);
    }
    throw badRequest(`There is no such action: ${Object.keys(body).join(', ')}`, 'badRequest');
  };
}
