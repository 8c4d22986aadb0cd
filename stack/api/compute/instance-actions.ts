// os-instance-actions: the actions recorded for a server (newest first) and one action with its
// events; admins see the events with tracebacks, others from 2.51 without. From 2.21 a deleted
// server's actions are still found. From 2.58 the list pages by limit and marker (a request id)
// with a next link, filters by changes-since (changes-before from 2.66), and both answers carry updated_at (the last event's
// start or finish). From 2.62 events carry their host (for admins) and hostId; from 2.84, for admins
// (events:details), each event's details (the failure's message, null otherwise).

import type { ApiDeps } from '../api-deps.js';
import { badRequest, notFound } from '../http/api-error.js';
import { ok, type ApiReply } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { pyRepr } from './actions/action-spec.js';
import { hostId, novaTime } from './formats.js';
import { getInstance, type InstanceRow } from './instances.js';
import { isSupported } from './microversion.js';
import { limitAndMarker, MAX_LIMIT, nextLink } from './pagination.js';
import { changesWindow, inWindow, type ChangesWindow } from './changes-window.js';

interface ActionRow {
  id: number; instance_uuid: string; action: string; request_id: string; user_id: string | null; project_id: string | null;
  start_time: string; message: string | null; updated_at: string | null;
}
interface EventRow { event: string; start_time: string; finish_time: string | null; result: string | null; traceback: string | null; host: string | null; details: string | null }

function view(req: ApiRequest, a: ActionRow) {
  return {
    action: a.action, instance_uuid: a.instance_uuid, request_id: a.request_id, user_id: a.user_id, project_id: a.project_id,
    start_time: novaTime(a.start_time), message: a.message, ...(isSupported(req, '2.58') ? { updated_at: novaTime(a.updated_at) } : {}),
  };
}

/** index_query_v258: limit, marker and changes-since (index_query_v266: and changes-before), one value each, nothing else. */
function listQuery(req: ApiRequest): { limit?: number; marker?: string; changes: ChangesWindow } {
  const names = ['limit', 'marker', 'changes-since', ...(isSupported(req, '2.66') ? ['changes-before'] : [])];
  for (const name of names) {
    const all = req.query.getAll(name);
    if (all.length > 1) throw badRequest(`Invalid input for query parameters ${name}. Value: ${pyRepr(all)}. ${pyRepr(all)} is too long`);
  }
  const extra = [...new Set(req.query.keys())].filter((k) => !names.includes(k));
  if (extra.length) throw badRequest(`Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
  return { ...limitAndMarker(req), changes: changesWindow(req) };
}

function index(deps: ApiDeps, req: ApiRequest): ApiReply {
  const inst = getInstance(deps, req, req.params.id, isSupported(req, '2.21'));
  let rows = deps.db.prepare('SELECT * FROM instance_actions WHERE instance_uuid = ? ORDER BY start_time DESC, id DESC').all(inst.uuid) as ActionRow[];
  if (!isSupported(req, '2.58')) return ok({ instanceActions: rows.map((a) => view(req, a)) });
  const { limit, marker, changes } = listQuery(req);
  if (marker !== undefined) {
    // The page starts after the marker's place in the whole list, whatever the filter;
    // actions_get reuses its marker variable for the lookup, so a missing one is reported as None.
    const at = rows.findIndex((a) => a.request_id === marker);
    if (at < 0) throw badRequest('Marker None could not be found.');
    rows = rows.slice(at + 1);
  }
  rows = rows.filter((a) => inWindow(changes, a.updated_at));
  const max = Math.min(limit ?? MAX_LIMIT, MAX_LIMIT);
  rows = limit === 0 ? [] : rows.slice(0, max);
  const out: Record<string, unknown> = { instanceActions: rows.map((a) => view(req, a)) };
  if (max && rows.length === max) out.links = nextLink(deps.baseUrl, `servers/${req.params.id}/os-instance-actions`, req, rows[rows.length - 1].request_id);
  return ok(out);
}

function show(deps: ApiDeps, req: ApiRequest): ApiReply {
  const inst: InstanceRow = getInstance(deps, req, req.params.id, isSupported(req, '2.21'));
  const a = deps.db.prepare('SELECT * FROM instance_actions WHERE instance_uuid = ? AND request_id = ? ORDER BY id DESC LIMIT 1')
    .get(inst.uuid, req.params.request_id) as ActionRow | undefined;
  if (!a) throw notFound(`Action for request_id ${req.params.request_id} on instance ${inst.uuid} not found`);
  const action: Record<string, unknown> = view(req, a);
  // os_compute_api:os-instance-actions:events (admin) shows the events with their tracebacks at
  // every version; from 2.51 everyone who may see the action sees its events, without tracebacks.
  const showTraceback = req.ctx.isAdmin;
  if (showTraceback || isSupported(req, '2.51')) {
    const events = deps.db.prepare('SELECT event, start_time, finish_time, result, traceback, host, details FROM instance_actions_events WHERE action_id = ? ORDER BY id').all(a.id) as EventRow[];
    // 2.62: the event's host for those who see tracebacks, its hostId for everyone.
    const v262 = isSupported(req, '2.62');
    // 2.84: the failure's message, for those os_compute_api:os-instance-actions:events:details allows (admins).
    const showDetails = isSupported(req, '2.84') && req.ctx.isAdmin;
    action.events = events.map((e) => ({
      event: e.event, start_time: novaTime(e.start_time), finish_time: novaTime(e.finish_time), result: e.result, ...(showTraceback ? { traceback: e.traceback } : {}),
      ...(v262 && showTraceback ? { host: e.host } : {}), ...(v262 ? { hostId: hostId(a.project_id ?? inst.project_id, e.host) } : {}),
      ...(showDetails ? { details: e.details } : {}),
    }));
  }
  return ok({ instanceAction: action });
}

export function instanceActionRoutes(deps: ApiDeps): Route[] {
  const calls = (m: string) => `instance_actions.InstanceActionsController.${m}`;
  return [
    { method: 'GET', pattern: '/v2.1/servers/{id}/os-instance-actions', calls: calls('index'), handler: (req) => index(deps, req) },
    { method: 'GET', pattern: '/v2.1/servers/{id}/os-instance-actions/{request_id}', calls: calls('show'), handler: (req) => show(deps, req) },
  ];
}
