// The conductor's rebuild_instance for an evacuation (ComputeTaskManager.rebuild_instance with
// recreate): the scheduler picks a destination other than the dead source (the server's
// allocation there is added to the one it still holds on the source), then rebuild_instance is
// cast to it. NoValidHost sets the migration to 'error' and the server to ERROR, as Nova does.

import type { RequestSpec } from '../common/objects.js';
import type { RequestContext } from '../common/request-context.js';
import { ExpectedError } from '../rpc/messaging-errors.js';
import { errorOf, eventTraceback, nodeUuidOf, setVmStateAndNotify, type MoveTaskDeps } from './move-common.js';
import { CONTROLLER_HOST } from '../common/db-heartbeat.js';

/** ComputeTaskManager.rebuild_instance reports under EventReporter('rebuild_server'). */
const EVENT = 'rebuild_server';

export async function evacuateInstance(d: MoveTaskDeps, ctx: RequestContext, uuid: string, host: string | null, migrationId: number, onSharedStorage: boolean | null, spec: RequestSpec): Promise<void> {
  d.instances.eventStart(uuid, ctx.requestId, EVENT, CONTROLLER_HOST);
  const inst = d.instances.get(uuid);
  const mig = d.migrations.get(migrationId);
  if (!inst || !mig) return;
  let dest = host;
  let limits = null;
  if (!dest) {
    spec.ignore_hosts = [inst.host ?? ''];
    spec.retry = { num_attempts: 1, hosts: [] };
    try {
      const [selection] = await d.scheduler.selectDestinations(ctx, spec);
      dest = selection.host;
      limits = selection.limits;
    } catch (e) {
      const err = errorOf(e);
      d.migrations.update(mig.id, { status: 'error' });
      setVmStateAndNotify(d, ctx, uuid, 'rebuild_server', 'error', err);
      d.rootLog.child('nova.conductor.manager').warning(ctx, uuid, `Rebuild failed: ${err.message}`);
      d.instances.eventFinish(uuid, ctx.requestId, EVENT, 'Error', eventTraceback([
        ['conductor/manager.py', 1296, 'rebuild_instance', 'host_lists = self._schedule_instances(context,'],
      ], err.excClass, err.message));
      if (e instanceof ExpectedError) throw e;
      throw new ExpectedError(err.excClass, err.message);
    }
  }
  if (host) {
    // A forced host skips the scheduler: claim_resources_on_destination adds the destination to
    // what the server holds (its source allocation stays until the source host cleans up).
    const current = await d.allocs.get(ctx, uuid);
    const sourceRp = nodeUuidOf(d.db, inst.host ?? '');
    const destRp = nodeUuidOf(d.db, host);
    const resources = sourceRp ? current.allocations[sourceRp]?.resources : undefined;
    if (resources && destRp) {
      const allocations = { ...Object.fromEntries(Object.entries(current.allocations).map(([rp, a]) => [rp, { resources: a.resources }])), [destRp]: { resources } };
      const r = await d.placement.putAllocations(ctx, uuid, allocations, inst.project_id, inst.user_id, current.consumer_generation ?? null);
      if (r.status !== 204) {
        const reason = `Unable to move instance ${uuid} to host ${host}. There is not enough capacity on the host for the instance.`;
        d.rootLog.child('nova.scheduler.utils').error(ctx, null, reason);
        d.migrations.update(mig.id, { status: 'error' });
        setVmStateAndNotify(d, ctx, uuid, 'rebuild_server', 'error', { excClass: 'NoValidHost', message: `No valid host was found. ${reason}` });
        d.instances.eventFinish(uuid, ctx.requestId, EVENT, 'Error', eventTraceback([['conductor/manager.py', 1241, 'rebuild_instance', 'scheduler_utils.claim_resources_on_destination(']], 'NoValidHost', `No valid host was found. ${reason}`));
        throw new ExpectedError('NoValidHost', `No valid host was found. ${reason}`);
      }
    }
  }
  d.instances.eventFinish(uuid, ctx.requestId, EVENT, 'Success', null);
  await d.compute.rebuildInstance(ctx, dest, uuid, mig, spec.flavor, limits, onSharedStorage);
}
