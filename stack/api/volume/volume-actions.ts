// cinder-lite's POST /v3/volumes/{id}/action: os-begin_detaching, which Nova's detach sends (in-use
// and attached → detaching, refused otherwise as cinder's conditional update refuses it), and
// os-set_bootable (the bootable flag Nova checks on a root volume). Other actions are not served.

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
    if ('os-set_bootable' in body) {
      const arg = body['os-set_bootable'];
      const raw = isObject(arg) ? arg.bootable : undefined;
      const value = typeof raw === 'boolean' ? raw : typeof raw === 'string' && /^(true|false|1|0|yes|no|on|off|y|n|t|f)$/i.test(raw) ? /^(true|1|yes|on|y|t)$/i.test(raw) : null;
      if (value === null) throw badRequest(`Unrecognized value '${String(raw)}', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'`, 'badRequest');
      deps.db.prepare('UPDATE volumes SET bootable = ?, updated_at = ? WHERE id = ?').run(value ? 1 : 0, nowIso(), v.id);
      return empty(200);
    }
    throw badRequest(`There is no such action: ${Object.keys(body).join(', ')}`, 'badRequest');
  };
}
