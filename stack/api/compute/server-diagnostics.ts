// GET /servers/{id}/diagnostics (nova.api.openstack.compute.server_diagnostics): a call to the
// server's host: the driver's own blob below 2.48, the standardized Diagnostics view from 2.48.
// A server with no host is 409 "not ready"; one whose guest is not running is the compute's
// InstanceInvalidState, answered 409 in the controller's words.

import type { ApiDeps } from '../api-deps.js';
import { conflict } from '../http/api-error.js';
import { ok, type ApiReply } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { RemoteError } from '../../rpc/messaging-errors.js';
import { getInstance } from './instances.js';
import { isSupported } from './microversion.js';

async function index(deps: ApiDeps, req: ApiRequest): Promise<ApiReply> {
  const inst = getInstance(deps, req, req.params.id);
  if (!inst.host) throw conflict(`Instance ${inst.uuid} is not ready`);
  const method = isSupported(req, '2.48') ? 'get_instance_diagnostics' : 'get_diagnostics';
  try {
    return ok(await deps.actions.call(req.ctx, inst.host, method, { uuid: inst.uuid, power_state: inst.power_state, launched_at: inst.launched_at }));
  } catch (e) {
    // raise_http_conflict_for_instance_invalid_state, with the action named get_diagnostics at every version.
    const state = e instanceof RemoteError && e.excClass.endsWith('InstanceInvalidState') ? / in (power state) (\w+)\./.exec(e.message) : null;
    if (state) throw conflict(`Cannot 'get_diagnostics' instance ${req.params.id} while it is in ${state[1]} ${state[2]}`);
    throw e;
  }
}

export function serverDiagnosticsRoutes(deps: ApiDeps): Route[] {
  return [{
    method: 'GET', pattern: '/v2.1/servers/{id}/diagnostics', calls: 'server_diagnostics.ServerDiagnosticsController.index',
    handler: (req) => index(deps, req),
  }];
}
