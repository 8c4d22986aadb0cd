// os-aggregates (admin only): create/list/show/update/delete and the add_host, remove_host and
// set_metadata actions. The `availability_zone` metadata key is what puts hosts in a zone.

import { randomUUID } from 'node:crypto';
import type { ApiDeps } from '../api-deps.js';
import { badRequest, conflict, notFound } from '../http/api-error.js';
import { ok, type ApiReply } from '../http/reply.js';
import { bodyObject, isObject, requiredString, type ApiRequest } from '../http/request.js';
import { isSupported } from './microversion.js';
import type { Route } from '../http/router.js';
import { nowIso } from '../../db/open-db.js';
import { novaTime } from './formats.js';
import { addHost, removeHost } from './aggregate-hosts.js';
import { logProcessStack } from './wsgi-log.js';
import { AGGREGATE_ACTION_POLICY, authorizeAction } from './policy.js';

interface AggregateRow { id: number; uuid: string; name: string; created_at: string; updated_at: string | null }

function metadataOf(deps: ApiDeps, id: number): Record<string, string> {
  const rows = deps.db.prepare('SELECT key, value FROM aggregate_metadata WHERE aggregate_id = ? ORDER BY key').all(id) as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

function view(deps: ApiDeps, req: ApiRequest, a: AggregateRow, withMembers = true) {
  const metadata = metadataOf(deps, a.id);
  const base: Record<string, unknown> = {
    id: a.id, ...(isSupported(req, '2.41') ? { uuid: a.uuid } : {}), name: a.name, availability_zone: metadata.availability_zone ?? null,
    created_at: novaTime(a.created_at), updated_at: novaTime(a.updated_at), deleted_at: null, deleted: false,
  };
  if (!withMembers) return base;
  const hosts = (deps.db.prepare('SELECT host FROM aggregate_hosts WHERE aggregate_id = ? ORDER BY host').all(a.id) as { host: string }[]).map((r) => r.host);
  return { ...base, hosts, metadata };
}

function getAggregate(deps: ApiDeps, id: string): AggregateRow {
  const a = deps.db.prepare('SELECT * FROM aggregates WHERE CAST(id AS TEXT) = ?').get(id) as AggregateRow | undefined;
  if (!a) throw notFound(`Aggregate ${id} could not be found.`);
  return a;
}

function setMetadata(deps: ApiDeps, a: AggregateRow, changes: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) deps.db.prepare('DELETE FROM aggregate_metadata WHERE aggregate_id = ? AND key = ?').run(a.id, key);
    else deps.db.prepare('INSERT OR REPLACE INTO aggregate_metadata (aggregate_id, key, value) VALUES (?, ?, ?)').run(a.id, key, String(value));
  }
  deps.db.prepare('UPDATE aggregates SET updated_at = ? WHERE id = ?').run(nowIso(), a.id);
}

function create(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const body = bodyObject(req, 'aggregate');
    const name = requiredString(body, 'name');
    const az = body.availability_zone;
    if (deps.db.prepare('SELECT 1 FROM aggregates WHERE name = ?').get(name)) throw conflict(`Aggregate ${name} already exists.`);
    const info = deps.db.prepare('INSERT INTO aggregates (uuid, name, created_at) VALUES (?, ?, ?)').run(randomUUID(), name, nowIso());
    const a = getAggregate(deps, String(info.lastInsertRowid));
    if (typeof az === 'string' && az !== '') setMetadata(deps, a, { availability_zone: az });
    return ok({ aggregate: view(deps, req, getAggregate(deps, String(a.id)), false) });
  };
}

function update(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const a = getAggregate(deps, req.params.id);
    const body = bodyObject(req, 'aggregate');
    if (typeof body.name === 'string') {
      const other = deps.db.prepare('SELECT id FROM aggregates WHERE name = ?').get(body.name) as { id: number } | undefined;
      if (other && other.id !== a.id) throw conflict(`Aggregate ${body.name} already exists.`);
      deps.db.prepare('UPDATE aggregates SET name = ?, updated_at = ? WHERE id = ?').run(body.name, nowIso(), a.id);
    }
    if ('availability_zone' in body) setMetadata(deps, a, { availability_zone: body.availability_zone ?? null });
    return ok({ aggregate: view(deps, req, getAggregate(deps, req.params.id)) });
  };
}

function remove(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const a = getAggregate(deps, req.params.id);
    if (deps.db.prepare('SELECT 1 FROM aggregate_hosts WHERE aggregate_id = ?').get(a.id)) {
      throw badRequest(`Cannot perform action 'delete' on aggregate ${a.id}. Reason: Host aggregate is not empty.`);
    }
    deps.db.transaction(() => {
      deps.db.prepare('DELETE FROM aggregate_metadata WHERE aggregate_id = ?').run(a.id);
      deps.db.prepare('DELETE FROM aggregates WHERE id = ?').run(a.id);
    })();
    return { status: 200 };
  };
}

type Action = (deps: ApiDeps, a: AggregateRow, arg: Record<string, unknown>, req: ApiRequest) => void | Promise<void>;

/** POST /os-aggregates/{id}/action: body key → [controller method, effect]. */
const ACTIONS: Record<string, { calls: string; run: Action }> = {
  add_host: { calls: 'aggregates.AggregateController._add_host', run: (deps, a, arg, req) => addHost(deps, req.ctx, a, String(arg.host ?? '')) },
  remove_host: { calls: 'aggregates.AggregateController._remove_host', run: (deps, a, arg, req) => removeHost(deps, req.ctx, a, String(arg.host ?? '')) },
  set_metadata: { calls: 'aggregates.AggregateController._set_metadata', run: (deps, a, arg) => {
    if (!isObject(arg.metadata)) throw badRequest("Invalid input for field/attribute metadata. Value: None. 'metadata' is a required property");
    setMetadata(deps, a, arg.metadata);
  } },
};

function action(deps: ApiDeps) {
  return async (req: ApiRequest): Promise<ApiReply> => {
    const [key] = isObject(req.body) ? Object.keys(req.body) : [];
    const act = key ? ACTIONS[key] : undefined;
    if (!act || !isObject(req.body)) throw badRequest(`There is no such action: ${key ?? ''}`);
    authorizeAction(req.ctx, AGGREGATE_ACTION_POLICY[key]);
    logProcessStack(deps.logs.nova.child('nova.api.openstack.wsgi'), req, 'action', act.calls);
    const a = getAggregate(deps, req.params.id);
    const arg = req.body[key];
    if (!isObject(arg)) throw badRequest(`Invalid input for field/attribute ${key}. Value: ${JSON.stringify(arg ?? null)}.`);
    await act.run(deps, a, arg, req);
    return ok({ aggregate: view(deps, req, getAggregate(deps, req.params.id)) });
  };
}

export function aggregateRoutes(deps: ApiDeps): Route[] {
  const base = '/v2.1/os-aggregates';
  const calls = (m: string) => `aggregates.AggregateController.${m}`;
  const all = () => deps.db.prepare('SELECT * FROM aggregates ORDER BY id').all() as AggregateRow[];
  return [
    { method: 'GET', pattern: base, calls: calls('index'), handler: (req) => ok({ aggregates: all().map((a) => view(deps, req, a)) }) },
    { method: 'POST', pattern: base, calls: calls('create'), handler: create(deps) },
    { method: 'GET', pattern: `${base}/{id}`, calls: calls('show'), handler: (req) => ok({ aggregate: view(deps, req, getAggregate(deps, req.params.id)) }) },
    { method: 'PUT', pattern: `${base}/{id}`, calls: calls('update'), handler: update(deps) },
    { method: 'DELETE', pattern: `${base}/{id}`, calls: calls('delete'), handler: remove(deps) },
    { method: 'POST', pattern: `${base}/{id}/action`, handler: action(deps) },
  ];
}
