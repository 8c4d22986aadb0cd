// GET /os-migrations (admin) and the server's own migrations (/servers/{id}/migrations, 2.23+):
// the migration records with the fields of each microversion — the v2.1 set (flavor ids as the
// flavors' integer ids), migration_type and a link to an in-progress live migration from 2.23,
// uuid from 2.59 (when the list also pages by limit and a uuid marker and filters by
// changes-since; changes-before from 2.66; user_id and project_id from 2.80, shown and filtered on)
// — force_complete of a running live migration (2.22+) and DELETE of one
// (abort, 2.24+).

import type { MigrationRecord } from '../../conductor/migration-db.js';
import { MigrationDb } from '../../conductor/migration-db.js';
import type { ApiDeps } from '../api-deps.js';
import { badRequest, conflict, notFound } from '../http/api-error.js';
import { empty, ok, type ApiReply } from '../http/reply.js';
import { isObject, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { novaTime } from './formats.js';
import { getInstance, recordAction } from './instances.js';
import { isSupported } from './microversion.js';
import { pyRepr } from './actions/action-spec.js';
import { limitAndMarker, MAX_LIMIT, nextLink } from './pagination.js';
import { changesWindow, inWindow } from './changes-window.js';

const LIVE_IN_PROGRESS = ['queued', 'preparing', 'running', 'post-migrating'];

function flavorIntId(deps: ApiDeps, id: string | null): number | null {
  if (id === null) return null;
  return (deps.db.prepare('SELECT rowid AS n FROM flavors WHERE id = ?').get(id) as { n: number } | undefined)?.n ?? null;
}

function view(deps: ApiDeps, req: ApiRequest, m: MigrationRecord, links: boolean) {
  const out: Record<string, unknown> = {
    id: m.id, status: m.status, instance_uuid: m.instance_uuid, source_node: m.source_node, dest_node: m.dest_node,
    source_compute: m.source_compute, dest_compute: m.dest_compute, dest_host: m.dest_host,
    old_instance_type_id: flavorIntId(deps, m.old_instance_type_id), new_instance_type_id: flavorIntId(deps, m.new_instance_type_id),
    created_at: novaTime(m.created_at), updated_at: m.updated_at === null ? null : novaTime(m.updated_at),
  };
  if (isSupported(req, '2.23')) {
    out.migration_type = m.migration_type;
    if (links && m.migration_type === 'live-migration' && LIVE_IN_PROGRESS.includes(m.status)) {
      const path = `servers/${m.instance_uuid}/migrations/${m.id}`;
      out.links = [{ rel: 'self', href: `${deps.baseUrl}/compute/v2.1/${path}` }, { rel: 'bookmark', href: `${deps.baseUrl}/compute/${path}` }];
    }
  }
  if (isSupported(req, '2.59')) out.uuid = m.uuid;
  if (isSupported(req, '2.80')) { out.user_id = m.user_id; out.project_id = m.project_id; }
  return out;
}

/** server_migrations.output: a live migration in progress as the server's migrations API shows it. */
function serverMigrationView(req: ApiRequest, m: MigrationRecord) {
  const out: Record<string, unknown> = {
    created_at: novaTime(m.created_at), dest_compute: m.dest_compute, dest_host: m.dest_host, dest_node: m.dest_node,
    // The stack's migration records keep no byte counters (Nova's libvirt monitor stores them).
    disk_processed_bytes: null, disk_remaining_bytes: null, disk_total_bytes: null, id: m.id,
    memory_processed_bytes: null, memory_remaining_bytes: null, memory_total_bytes: null, server_uuid: m.instance_uuid,
    source_compute: m.source_compute, source_node: m.source_node, status: m.status, updated_at: m.updated_at === null ? null : novaTime(m.updated_at),
  };
  if (isSupported(req, '2.59')) out.uuid = m.uuid;
  if (isSupported(req, '2.80')) { out.user_id = m.user_id; out.project_id = m.project_id; }
  return out;
}

const V259_QUERY = ['hidden', 'host', 'instance_uuid', 'source_compute', 'status', 'migration_type', 'limit', 'marker', 'changes-since'];

/**
 * GET /os-migrations from 2.59: index_query_v259 (no other parameter; one limit, marker and
 * changes-since), newest first (created_at, id), changes-since on updated_at, after the marker
 * (a migration uuid), at most limit, and a next link whose marker is the last uuid.
 */
function pagedList(deps: ApiDeps, req: ApiRequest): ApiReply {
  const before = [...(isSupported(req, '2.66') ? ['changes-before'] : []), ...(isSupported(req, '2.80') ? ['user_id', 'project_id'] : [])];
  for (const name of ['limit', 'marker', 'changes-since', ...before]) {
    const all = req.query.getAll(name);
    if (all.length > 1) throw badRequest(`Invalid input for query parameters ${name}. Value: ${pyRepr(all)}. ${pyRepr(all)} is too long`);
  }
  const extra = [...new Set(req.query.keys())].filter((k) => !V259_QUERY.includes(k) && !before.includes(k));
  if (extra.length) throw badRequest(`Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
  const changes = changesWindow(req);
  const { limit, marker } = limitAndMarker(req);
  const newestFirst = (a: MigrationRecord, b: MigrationRecord) => b.created_at.localeCompare(a.created_at) || b.id - a.id;
  let rows = listed(deps, req).sort(newestFirst);
  rows = rows.filter((m) => inWindow(changes, m.updated_at));
  if (marker) {
    const at = deps.db.prepare('SELECT * FROM migrations WHERE uuid = ?').get(marker) as MigrationRecord | undefined;
    if (!at) throw badRequest(`Marker ${marker} could not be found.`);
    rows = rows.filter((m) => newestFirst(at, m) < 0);
  }
  const max = Math.min(limit ?? MAX_LIMIT, MAX_LIMIT);
  rows = limit === 0 ? [] : rows.slice(0, max);
  const out: Record<string, unknown> = { migrations: rows.map((m) => view(deps, req, m, true)) };
  if (max && rows.length === max) out.migrations_links = nextLink(deps.baseUrl, 'os-migrations', req, rows[rows.length - 1].uuid);
  return ok(out);
}

/** MigrationList.get_by_filters for the query's filters. */
function listed(deps: ApiDeps, req: ApiRequest): MigrationRecord[] {
  const where: string[] = [];
  const params: unknown[] = [];
  const q = (k: string) => req.query.get(k);
  if (q('host')) { where.push('(source_compute = ? OR dest_compute = ?)'); params.push(q('host'), q('host')); }
  if (q('status')) { where.push('status = ?'); params.push(q('status')); }
  if (q('instance_uuid')) { where.push('instance_uuid = ?'); params.push(q('instance_uuid')); }
  if (q('source_compute')) { where.push('source_compute = ?'); params.push(q('source_compute')); }
  if (q('migration_type')) { where.push('migration_type = ?'); params.push(q('migration_type')); }
  // The DB API filters on any user_id or project_id it is given (even empty): below 2.59 the
  // query schema let them through, from 2.59 to 2.79 it refuses them.
  if (q('user_id') !== null) { where.push('user_id = ?'); params.push(q('user_id')); }
  if (q('project_id') !== null) { where.push('project_id = ?'); params.push(q('project_id')); }
  return deps.db.prepare(`SELECT * FROM migrations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`).all(...params) as MigrationRecord[];
}

export function migrationRoutes(deps: ApiDeps): Route[] {
  const tooOld = () => notFound('The resource could not be found.');
  return [
    { method: 'GET', pattern: '/v2.1/os-migrations', calls: 'migrations.MigrationsController.index', handler: (req) => {
      if (isSupported(req, '2.59')) return pagedList(deps, req);
      return ok({ migrations: listed(deps, req).map((m) => view(deps, req, m, true)) });
    } },
    { method: 'GET', pattern: '/v2.1/servers/{id}/migrations', calls: 'server_migrations.ServerMigrationsController.index', handler: (req) => {
      if (!isSupported(req, '2.23')) throw tooOld();
      const inst = getInstance(deps, req, req.params.id);
      const rows = (deps.db.prepare("SELECT * FROM migrations WHERE instance_uuid = ? AND migration_type = 'live-migration' ORDER BY id").all(inst.uuid) as MigrationRecord[])
        .filter((m) => LIVE_IN_PROGRESS.includes(m.status));
      return ok({ migrations: rows.map((m) => serverMigrationView(req, m)) });
    } },
    { method: 'GET', pattern: '/v2.1/servers/{id}/migrations/{migration_id}', calls: 'server_migrations.ServerMigrationsController.show', handler: (req) => {
      if (!isSupported(req, '2.23')) throw tooOld();
      const inst = getInstance(deps, req, req.params.id);
      const id = req.params.migration_id;
      const m = /^\d+$/.test(id) ? new MigrationDb(deps.db).get(Number(id)) : null;
      if (!m || m.instance_uuid !== inst.uuid) throw notFound(`In-progress live migration ${id} is not found for server ${req.params.id}.`);
      if (m.migration_type !== 'live-migration') throw notFound(`Migration ${id} for server ${req.params.id} is not live-migration.`);
      if (!LIVE_IN_PROGRESS.includes(m.status)) throw notFound(`Live migration ${id} for server ${req.params.id} is not in progress.`);
      return ok({ migration: serverMigrationView(req, m) });
    } },
    { method: 'POST', pattern: '/v2.1/servers/{id}/migrations/{migration_id}/action', calls: 'server_migrations.ServerMigrationsController._force_complete', handler: async (req) => {
      if (!isSupported(req, '2.22')) throw tooOld();
      const body = req.body;
      // Errors at the top of the body are jsonschema's message alone, as Nova's validator reports them.
      if (!isObject(body)) throw badRequest(`${JSON.stringify(body ?? null)} is not of type 'object'`);
      if (!('force_complete' in body)) throw badRequest("'force_complete' is a required property");
      const extra = Object.keys(body).filter((k) => k !== 'force_complete');
      if (extra.length) throw badRequest(`Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
      if (body.force_complete !== null) throw badRequest(`Invalid input for field/attribute force_complete. Value: ${JSON.stringify(body.force_complete)}. ${JSON.stringify(body.force_complete)} is not of type 'null'`);
      const inst = getInstance(deps, req, req.params.id);
      if (inst.locked && !req.ctx.isAdmin) throw conflict(`Instance ${inst.uuid} is locked`);
      if (inst.vm_state !== 'active') throw conflict(`Cannot 'force_complete' instance ${inst.uuid} while it is in vm_state ${inst.vm_state}`);
      if (inst.task_state !== 'migrating') throw conflict(`Cannot 'force_complete' instance ${inst.uuid} while it is in task_state ${inst.task_state}`);
      deps.logs.nova.child('nova.compute.api').debug(req.ctx, inst.uuid, 'Going to try to force live migration to complete', { func: 'live_migrate_force_complete', file: 'compute/api.py', line: 5639 });
      const id = req.params.migration_id;
      const m = /^\d+$/.test(id) ? new MigrationDb(deps.db).get(Number(id)) : null;
      if (!m || m.instance_uuid !== inst.uuid) throw badRequest(`Migration ${id} not found for instance ${inst.uuid}`);
      if (m.status !== 'running') throw badRequest(`Migration ${id} state of instance ${inst.uuid} is ${m.status}. Cannot force complete while the migration is in this state.`);
      recordAction(deps.db, req.ctx, inst.uuid, 'live_migration_force_complete');
      await deps.moveCompute.liveMigrationForceComplete(req.ctx, m.source_compute!, inst.uuid, m.id);
      return empty(202);
    } },
    { method: 'DELETE', pattern: '/v2.1/servers/{id}/migrations/{migration_id}', calls: 'server_migrations.ServerMigrationsController.delete', handler: async (req) => {
      if (!isSupported(req, '2.24')) throw tooOld();
      const inst = getInstance(deps, req, req.params.id);
      // InstanceIsLocked is an InstanceInvalidState: both are 409; an unknown migration is 404.
      if (inst.locked && !req.ctx.isAdmin) throw conflict(`Instance ${inst.uuid} is locked`);
      if (inst.task_state !== 'migrating') throw conflict(`Cannot 'abort live migration' instance ${inst.uuid} while it is in task_state ${inst.task_state}`);
      const id = req.params.migration_id;
      const m = /^\d+$/.test(id) ? new MigrationDb(deps.db).get(Number(id)) : null;
      if (!m || m.instance_uuid !== inst.uuid) throw notFound(`Migration ${id} not found for instance ${inst.uuid}`);
      deps.logs.nova.child('nova.compute.api').debug(req.ctx, inst.uuid, `Going to cancel live migration ${m.id}`, { func: 'live_migrate_abort', file: 'compute/api.py', line: 5678 });
      const allowed = isSupported(req, '2.65') ? ['running', 'queued', 'preparing'] : ['running'];
      if (!allowed.includes(m.status)) {
        throw badRequest(`Migration ${m.id} state of instance ${inst.uuid} is ${m.status}. Cannot abort live migration while the migration is in this state.`);
      }
      recordAction(deps.db, req.ctx, inst.uuid, 'live_migration_cancel');
      await deps.moveCompute.liveMigrationAbort(req.ctx, m.source_compute!, inst.uuid, m.id);
      return empty(202);
    } },
  ];
}
