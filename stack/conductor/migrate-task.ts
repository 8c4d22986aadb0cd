// The conductor's migrate_server for a resize or cold migration (ComputeTaskManager._cold_migrate
// and tasks/migrate.py's MigrationTask): a migration record in 'pre-migrating', the server's
// source allocation moved to the migration's uuid, the scheduler asked for a destination (which
// claims the new flavor for the server there), then prep_resize cast to that host. NoValidHost
// puts the migration in 'error', gives the allocation back to the server and leaves it ACTIVE
// (or STOPPED) with a fault, as Nova does.

import type { Flavor, RequestSpec, Selection } from '../common/objects.js';
import type { RequestContext } from '../common/request-context.js';
import { ExpectedError } from '../rpc/messaging-errors.js';
import { alternatesRepr } from './reschedule.js';
import type { MigrationRecord } from './migration-db.js';
import { errorOf, eventTraceback, replaceAllocationWithMigration, revertAllocationForMigration, setVmStateAndNotify, type MoveTaskDeps } from './move-common.js';
import { CONTROLLER_HOST } from '../common/db-heartbeat.js';

const EVENT = 'conductor_migrate_server';
const INNER_EVENT = 'cold_migrate';

export async function migrateServer(d: MoveTaskDeps, ctx: RequestContext, uuid: string, flavor: Flavor, spec: RequestSpec): Promise<void> {
  d.instances.eventStart(uuid, ctx.requestId, EVENT, CONTROLLER_HOST);
  d.instances.eventStart(uuid, ctx.requestId, INNER_EVENT, CONTROLLER_HOST);
  const inst = d.instances.get(uuid);
  if (!inst) return;
  const resize = inst.flavor_id !== flavor.id;
  let mig: MigrationRecord | null = null;
  let sourceRp: string | null = null;
  let selection: Selection;
  let hostList: Selection[];
  try {
    const oldFlavor = JSON.stringify(spec.flavor);
    mig = d.migrations.create({
      instance_uuid: uuid, status: 'pre-migrating', migration_type: resize ? 'resize' : 'migration', source_compute: inst.host, source_node: inst.node,
      old_instance_type_id: inst.flavor_id, new_instance_type_id: flavor.id, user_id: ctx.userId, project_id: ctx.projectId,
      old_flavor: oldFlavor, new_flavor: JSON.stringify(flavor),
    });
    sourceRp = await replaceAllocationWithMigration(d, ctx, inst, mig);
    spec.flavor = flavor;
    spec.retry = { num_attempts: 1, hosts: [] };
    [selection, ...hostList] = await d.scheduler.selectDestinations(ctx, spec);
  } catch (e) {
    // MigrationTask.rollback, then _cold_migrate's handler.
    if (mig) d.migrations.update(mig.id, { status: 'error' });
    if (mig && sourceRp) await revertAllocationForMigration(d, ctx, sourceRp, inst, mig);
    const err = errorOf(e);
    const vmState = inst.vm_state === 'stopped' ? 'stopped' : 'active';
    setVmStateAndNotify(d, ctx, uuid, 'migrate_server', vmState, err);
    const noHost = err.excClass === 'NoValidHost';
    const message = noHost ? `No valid host was found. No valid host found for ${resize ? 'resize' : 'cold migrate'}` : err.message;
    const tb = eventTraceback([
      ['conductor/manager.py', 346, 'migrate_server', 'self._cold_migrate(context, instance, flavor,'],
      ['conductor/manager.py', 423, '_cold_migrate', noHost ? 'raise exception.NoValidHost(reason=msg)' : 'task.execute()'],
    ], noHost ? 'NoValidHost' : err.excClass, message);
    d.instances.eventFinish(uuid, ctx.requestId, INNER_EVENT, 'Error', tb);
    d.instances.eventFinish(uuid, ctx.requestId, EVENT, 'Error', tb);
    throw noHost ? new ExpectedError('NoValidHost', message) : e;
  }
  d.instances.update(uuid, { availability_zone: inst.availability_zone });
  d.rootLog.child('nova.conductor.tasks.migrate').debug(ctx, uuid, `Calling prep_resize with selected host: ${selection.host}; Selected node: ${selection.nodename}; Alternates: ${alternatesRepr(hostList)}`,
    { func: '_execute', file: 'conductor/tasks/migrate.py', line: 325 });
  d.instances.eventFinish(uuid, ctx.requestId, INNER_EVENT, 'Success', null);
  d.instances.eventFinish(uuid, ctx.requestId, EVENT, 'Success', null);
  await d.compute.prepResize(ctx, selection.host, { uuid, flavor, migration: mig, request_spec: spec, host_list: hostList, limits: selection.limits });
}
