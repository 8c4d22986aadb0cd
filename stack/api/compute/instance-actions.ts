// os-instance-actions: the actions recorded for a server (newest first) and one action with its
// events; admins see the events with tracebacks, others from 2.51 without. From 2.21 a deleted
// server's actions are still found.

import type { ApiDeps } from '../api-deps.js';
import { notFound } from '../http/api-error.js';
import { ok } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { novaTime } from './formats.js';
import { getInstance } from './instances.js';
import { isSupported } from './microversion.js';

interface ActionRow { id: number; instance_uuid: string; action: string; request_id: string; user_id: string | null; project_id: string | null; start_time: string; message: string | null }
interface EventRow { event: string; start_time: string; finish_time: string | null; result: string | null; traceback: string | null }

function view(a: ActionRow) {
  return {
    action: a.action, instance_uuid: a.instance_uuid, request_id: a.request_id, user_id: a.user_id, project_id: a.project_id,
    start_time: novaTime(a.start_time), message: a.message,
  };
}

export function instanceActionRoutes(deps: ApiDeps): Route[] {
  const calls = (m: string) => `instance_actions.InstanceActionsController.${m}`;
  return [
    { method: 'GET', pattern: '/v2.1/servers/{id}/os-instance-actions', calls: calls('index'), handler: (req) => {
      const inst = getInstance(deps, req, req.params.id, isSupported(req, '2.21'));
      const rows = deps.db.prepare('SELECT * FROM instance_actions WHERE instance_uuid = ? ORDER BY start_time DESC, id DESC').all(inst.uuid) as ActionRow[];
      return ok({ instanceActions: rows.map(view) });
    } },
    { method: 'GET', pattern: '/v2.1/servers/{id}/os-instance-actions/{request_id}', calls: calls('show'), handler: (req) => {
      const inst = getInstance(deps, req, req.params.id, isSupported(req, '2.21'));
      const a = deps.db.prepare('SELECT * FROM instance_actions WHERE instance_uuid = ? AND request_id = ? ORDER BY id DESC LIMIT 1')
        .get(inst.uuid, req.params.request_id) as ActionRow | undefined;
      if (!a) throw notFound(`Action for request_id ${req.params.request_id} on instance ${inst.uuid} not found`);
      const action: Record<string, unknown> = view(a);
      // os_compute_api:os-instance-actions:events (admin) shows the events with their tracebacks at
      // every version; from 2.51 everyone who may see the action sees its events, without tracebacks.
      const showTraceback = req.ctx.isAdmin;
      if (showTraceback || isSupported(req, '2.51')) {
        const events = deps.db.prepare('SELECT event, start_time, finish_time, result, traceback FROM instance_actions_events WHERE action_id = ? ORDER BY id').all(a.id) as EventRow[];
        action.events = events.map((e) => ({
          event: e.event, start_time: novaTime(e.start_time), finish_time: novaTime(e.finish_time), result: e.result, ...(showTraceback ? { traceback: e.traceback } : {}),
        }));
      }
      return ok({ instanceAction: action });
    } },
  ];
}
