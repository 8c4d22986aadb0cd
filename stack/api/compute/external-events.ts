// POST /os-server-external-events (admin or service; neutron-lite calls it with the service
// token): the body checked against the create schema of the request's microversion, then each
// event goes to the compute host of its instance as ComputeAPI.externalInstanceEvent. An event
// of an unknown instance fails with 404, one without the tag its name needs with 400, one of an
// instance without a host with 422; the answer is 200 when all were accepted, else 207. A
// volume-extended event records an extend_volume instance action, as Nova does; a power-update
// (2.76) a start (POWER_ON) or stop (POWER_OFF) action, and any other tag is skipped with a warning;
// an accelerator-request-bound (2.82, tag: the ARQ) records nothing and goes to the host as is.

import type { ApiDeps } from '../api-deps.js';
import { badRequest } from '../http/api-error.js';
import { json, type ApiReply } from '../http/reply.js';
import { isObject, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { invalid, pyRepr } from './actions/action-spec.js';
import { recordAction, type InstanceRow } from './instances.js';
import { isSupported } from './microversion.js';

/** The event names of the create schemas and the microversion that added each. */
const EVENT_NAMES: readonly [string, string][] = [
  ['network-changed', '2.1'], ['network-vif-plugged', '2.1'], ['network-vif-unplugged', '2.1'], ['network-vif-deleted', '2.1'],
  ['volume-extended', '2.51'], ['power-update', '2.76'], ['accelerator-request-bound', '2.82'],
];
const EVENT_STATUSES = ['failed', 'completed', 'in-progress'];
/** ServerExternalEventsController's TAG_REQUIRED (of the names the stack knows). */
const TAG_REQUIRED = ['volume-extended', 'power-update', 'accelerator-request-bound'];
/** compute.api.external_instance_event: the instance action a power-update's tag begins. */
const POWER_ACTIONS: Record<string, 'start' | 'stop'> = { POWER_ON: 'start', POWER_OFF: 'stop' };
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

interface EventIn { name: string; server_uuid: string; tag?: string; status?: string }

const oneOf = (names: readonly string[]) => `[${names.map((n) => `'${n}'`).join(', ')}]`;
const unexpected = (keys: string[]) => `Additional properties are not allowed (${keys.map((k) => `'${k}'`).join(', ')} ${keys.length > 1 ? 'were' : 'was'} unexpected)`;

/** jsonschema's first error, in the schema's order: each item's properties, then required, then additional ones. */
function parseEvents(req: ApiRequest): EventIn[] {
  const body = req.body;
  // Errors at the top of the body have no path: Nova's validator gives jsonschema's message alone.
  if (!isObject(body)) throw badRequest(`${pyRepr(body)} is not of type 'object'`);
  const events = body.events;
  if (events !== undefined) {
    if (!Array.isArray(events)) throw invalid('events', events, `${pyRepr(events)} is not of type 'array'`);
    if (events.length === 0) throw invalid('events', events, '[] should be non-empty');
    const names = EVENT_NAMES.filter(([, v]) => isSupported(req, v)).map(([n]) => n);
    events.forEach((e, i) => {
      if (!isObject(e)) throw invalid(String(i), e, `${pyRepr(e)} is not of type 'object'`);
      if ('name' in e && (typeof e.name !== 'string' || !names.includes(e.name))) throw invalid('name', e.name, `${pyRepr(e.name)} is not one of ${oneOf(names)}`);
      if ('server_uuid' in e) {
        if (typeof e.server_uuid !== 'string') throw invalid('server_uuid', e.server_uuid, `${pyRepr(e.server_uuid)} is not of type 'string'`);
        if (!UUID.test(e.server_uuid)) throw invalid('server_uuid', e.server_uuid, `${pyRepr(e.server_uuid)} is not a 'uuid'`);
      }
      if ('status' in e && (typeof e.status !== 'string' || !EVENT_STATUSES.includes(e.status))) throw invalid('status', e.status, `${pyRepr(e.status)} is not one of ${oneOf(EVENT_STATUSES)}`);
      if ('tag' in e) {
        if (typeof e.tag !== 'string') throw invalid('tag', e.tag, `${pyRepr(e.tag)} is not of type 'string'`);
        if ([...e.tag].length > 255) throw invalid('tag', e.tag, `${pyRepr(e.tag)} is too long`);
      }
      for (const k of ['name', 'server_uuid']) if (!(k in e)) throw invalid(String(i), e, `'${k}' is a required property`);
      const extra = Object.keys(e).filter((k) => !['name', 'server_uuid', 'status', 'tag'].includes(k));
      if (extra.length) throw invalid(String(i), e, unexpected(extra));
    });
  }
  if (events === undefined) throw badRequest("'events' is a required property");
  const extra = Object.keys(body).filter((k) => k !== 'events');
  if (extra.length) throw badRequest(unexpected(extra));
  return events as EventIn[];
}

/** The InstanceExternalEvent object as Python's repr shows it (its data field unset). */
const eventRepr = (e: EventIn) => `InstanceExternalEvent(data=<?>,instance_uuid=${e.server_uuid},name='${e.name}',status='${e.status ?? 'completed'}',tag='${e.tag}')`;

function create(deps: ApiDeps) {
  const log = deps.logs.nova.child('nova.api.openstack.compute.server_external_events');
  const at = (line: number) => ({ func: 'create', file: 'api/openstack/compute/server_external_events.py', line });
  return async (req: ApiRequest): Promise<ApiReply> => {
    const results: Record<string, unknown>[] = [];
    const accepted: { e: EventIn; host: string }[] = [];
    for (const e of parseEvents(req)) {
      const out: Record<string, unknown> = { ...e };
      results.push(out);
      const tag = e.tag ?? 'None';
      const inst = deps.db.prepare('SELECT uuid, host FROM instances WHERE uuid = ? AND deleted_at IS NULL').get(e.server_uuid) as Pick<InstanceRow, 'uuid' | 'host'> | undefined;
      if (!inst) {
        log.debug(req.ctx, null, `Dropping event ${e.name}:${tag} for unknown instance ${e.server_uuid}`, at(109));
        Object.assign(out, { status: 'failed', code: 404 });
      } else if (TAG_REQUIRED.includes(e.name) && !e.tag) {
        log.debug(req.ctx, null, `Event tag is missing for instance ${inst.uuid}. Dropping event ${e.name}`, at(119));
        Object.assign(out, { status: 'failed', code: 400 });
      } else if (inst.host) {
        log.info(req.ctx, null, `Creating event ${e.name}:${tag} for instance ${inst.uuid} on ${inst.host}`);
        Object.assign(out, { status: 'completed', code: 200 });
        accepted.push({ e, host: inst.host });
      } else {
        log.debug(req.ctx, null, `Unable to find a host for instance ${inst.uuid}. Dropping event ${e.name}`, at(139));
        Object.assign(out, { status: 'failed', code: 422 });
      }
    }
    for (const { e, host } of accepted) {
      // Volume extend starts in cinder's API; the action lets the user follow it to completion.
      if (e.name === 'volume-extended') recordAction(deps.db, req.ctx, e.server_uuid, 'extend_volume');
      if (e.name === 'power-update') {
        const action = POWER_ACTIONS[e.tag ?? ''];
        if (!action) {
          // Accepted by the API (200), but never sent to the compute.
          deps.logs.nova.child('nova.compute.api').warning(req.ctx, null, `Invalid power state ${e.tag}. Cannot process the event ${eventRepr(e)}. Skipping it.`);
          continue;
        }
        recordAction(deps.db, req.ctx, e.server_uuid, action);
      }
      await deps.compute.externalInstanceEvent(req.ctx, host, e.server_uuid, e.name, e.tag ?? '');
    }
    return json(accepted.length === results.length ? 200 : 207, { events: results });
  };
}

export function externalEventRoutes(deps: ApiDeps): Route[] {
  return [{
    method: 'POST', pattern: '/v2.1/os-server-external-events', calls: 'server_external_events.ServerExternalEventsController.create', handler: create(deps),
  }];
}
