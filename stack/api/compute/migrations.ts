// GET /os-migrations (admin) and the server's own migrations (/servers/{id}/migrations, 2.23+):
// the migration records with the fields of each microversion — the v2.1 set (flavor ids as the
// flavors' integer ids), migration_type and a link to an in-progress live migration from 2.23,
// uuid from 2.59 — and DELETE of a running live migration (abort, 2.24+).

import type { MigrationRecord } from '../../conductor/migration-db.js';
import { MigrationDb } from '../../conductor/migration-db.js';
import type { ApiDeps } from '../api-deps.js';
import { badRequest, notFound } from '../http/api-error.js';
import { empty, ok } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { novaTime } from './formats.js';
import { getInstance, recordAction } from './instances.js';
import { isSupported } from './microversion.js';

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
  return deps.db.prepare(`SELECT * FROM migrations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`).all(...params) as MigrationRecord[];
}

/** The server's live migration `id` in progress, or Nova's 404. */
function inProgressLive(deps: ApiDeps, uuid: string, id: string): MigrationRecord {
  const m = /^\d+$/.test(id) ? new MigrationDb(deps.db).get(Number(id)) : null;
  if (!m || m.instance_uuid !== uuid || m.migration_type !== 'live-migration' || !LIVE_IN_PROGRESS.includes(m.status)) {
    throw notFound(`In-progress live migration ${id} is not found for server ${uuid}.`);
  }
  return m;
}

export function migrationRoutes(deps: ApiDeps): Route[] {
  const tooOld = () => notFound('The resource could not be found.');
  return [
    { method: 'GET', pattern: '/v2.1/os-migrations', calls: 'migrations.MigrationsController.index', handler: (req) => {
      return ok({ migrations: listed(deps, req).map((m) => view(deps, req, m, true)) });
    } },
    { method: 'GET', pattern: '/v2.1/servers/{id}/migrations', calls: 'server_migrations.ServerMigrationsController.index', handler: (req) => {
      if (!isSupported(req, '2.23')) throw tooOld();
      const inst = getInstance(deps, req, req.params.id);
      const rows = (deps.db.prepare("SELECT * FROM migrations WHERE instance_uuid = ? AND migration_type = 'live-migration' ORDER BY id").all(inst.uuid) as MigrationRecord[])
        .filter((m) => LIVE_IN_PROGRESS.includes(m.status));
      return ok({ migrations: rows.map((m) => { const v = view(deps, req, m, false); delete v.migration_type; delete v.old_instance_type_id; delete v.new_instance_type_id; return { ...v, server_uuid: m.instance_uuid, memory_total_bytes: null, memory_processed_bytes: null, memory_remaining_bytes: null, disk_total_bytes: null, disk_processed_bytes: null, disk_remaining_bytes: null }; }) });
    } },
    { method: 'DELETE', pattern: '/v2.1/servers/{id}/migrations/{migration_id}', calls: 'server_migrations.ServerMigrationsController.delete', handler: async (req) => {
      if (!isSupported(req, '2.24')) throw tooOld();
      const inst = getInstance(deps, req, req.params.id);
      if (inst.locked && !req.ctx.isAdmin) throw badRequest(`Instance ${inst.uuid} is locked`);
      if (inst.task_state !== 'migrating') throw badRequest(`Cannot 'abort live migration' instance ${inst.uuid} while it is in task_state ${inst.task_state}`);
      const m = inProgressLive(deps, inst.uuid, req.params.migration_id);
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
