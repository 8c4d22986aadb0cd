// POST /os-server-external-events (admin; neutron-lite calls it with the service token): each
// event goes to the compute host of its instance as ComputeAPI.externalInstanceEvent. Events of
// unknown instances answer 404 each, of instances without a host 422; the response is 200 when
// all were accepted, 207 when only some were, 404 when none was.

import type { ApiDeps } from '../api-deps.js';
import { badRequest, notFound } from '../http/api-error.js';
import { json, type ApiReply } from '../http/reply.js';
import { isObject, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import type { InstanceRow } from './instances.js';

const EVENT_NAMES = ['network-changed', 'network-vif-plugged', 'network-vif-unplugged', 'network-vif-deleted', 'volume-extended', 'power-update', 'accelerator-request-bound'];

interface EventIn { name: string; server_uuid: string; tag?: string; status?: string }

function parseEvents(body: unknown): EventIn[] {
  const events = isObject(body) ? body.events : undefined;
  if (!Array.isArray(events) || events.length === 0) throw badRequest("Invalid input for field/attribute events. Value: None. 'events' is a required property");
  return events.map((e) => {
    if (!isObject(e) || typeof e.server_uuid !== 'string' || !EVENT_NAMES.includes(String(e.name))) {
      throw badRequest(`Invalid input for field/attribute events. Value: ${JSON.stringify(e)}.`);
    }
    return e as unknown as EventIn;
  });
}

function create(deps: ApiDeps) {
  const log = deps.logs.nova.child('nova.api.openstack.compute.server_external_events');
  return async (req: ApiRequest): Promise<ApiReply> => {
    const results: Record<string, unknown>[] = [];
    for (const e of parseEvents(req.body)) {
      const out: Record<string, unknown> = { name: e.name, server_uuid: e.server_uuid, status: e.status ?? 'completed', ...(e.tag ? { tag: e.tag } : {}) };
      const inst = deps.db.prepare('SELECT uuid, host FROM instances WHERE uuid = ? AND deleted_at IS NULL').get(e.server_uuid) as Pick<InstanceRow, 'uuid' | 'host'> | undefined;
      if (!inst) {
        log.debug(req.ctx, null, `Dropping event ${e.name}:${e.tag ?? ''} for unknown instance ${e.server_uuid}`, { func: 'create', file: 'api/openstack/compute/server_external_events.py', line: 100 });
        results.push({ ...out, code: 404, status: 'failed' });
        continue;
      }
      if (!inst.host) {
        log.debug(req.ctx, null, `Unable to find a host for instance ${inst.uuid}. Event ${e.name} ignored.`, { func: 'create', file: 'api/openstack/compute/server_external_events.py', line: 113 });
        results.push({ ...out, code: 422, status: 'failed' });
        continue;
      }
      log.info(req.ctx, null, `Creating event ${e.name}:${e.tag ?? ''} for instance ${inst.uuid} on ${inst.host}`);
      await deps.compute.externalInstanceEvent(req.ctx, inst.host, inst.uuid, e.name, e.tag ?? '');
      results.push({ ...out, code: 200 });
    }
    const accepted = results.filter((r) => r.code === 200).length;
    if (accepted === 0) throw notFound('No instances found for any event');
    return json(accepted === results.length ? 200 : 207, { events: results });
  };
}

export function externalEventRoutes(deps: ApiDeps): Route[] {
  return [{
    method: 'POST', pattern: '/v2.1/os-server-external-events', calls: 'server_external_events.ServerExternalEventsController.create', handler: create(deps),
  }];
}
