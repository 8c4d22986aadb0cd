// Soft delete on the host: soft_delete_instance (libvirt has no soft_delete, so the guest is
// powered off without a clean shutdown and the instance is SOFT_DELETED), restore_instance (the
// guest powered on again, ACTIVE), and the periodic _reclaim_queued_deletes that deletes the
// soft-deleted instances older than reclaim_instance_interval ("Reclaiming deleted instance").

import { POWER_STATE } from '../../common/objects.js';
import type { RequestContext } from '../../common/request-context.js';
import type { BuildDeps } from '../build-instance.js';
import { shutdownAndDestroy } from '../instance-ops.js';
import { withInstanceEvent } from './instance-event.js';

export async function softDeleteInstance(d: BuildDeps, ctx: RequestContext, uuid: string): Promise<void> {
  await withInstanceEvent(d, ctx, uuid, 'soft_delete_instance', async () => {
    // _power_off_instance(clean_shutdown=False): libvirt's power_off destroys the domain at once.
    await d.driver.transition(uuid, POWER_STATE.SHUTDOWN, ['Stopped']);
    d.log.child('nova.virt.libvirt.driver').info(ctx, uuid, 'Instance destroyed successfully.');
    await d.conductor.instanceUpdate(ctx, uuid, { vm_state: 'soft-delete', task_state: null, power_state: POWER_STATE.SHUTDOWN });
  });
}

export async function restoreInstance(d: BuildDeps, ctx: RequestContext, uuid: string): Promise<void> {
  await withInstanceEvent(d, ctx, uuid, 'restore_instance', async () => {
    // _power_on: libvirt's power_on is a hard reboot of the domain.
    await d.driver.transition(uuid, POWER_STATE.RUNNING, ['Started', 'Resumed'], true);
    d.log.child('nova.virt.libvirt.driver').info(ctx, uuid, 'Instance rebooted successfully.');
    await d.conductor.instanceUpdate(ctx, uuid, { vm_state: 'active', task_state: null, power_state: POWER_STATE.RUNNING });
  });
}

/** The periodic task, with its periodic context; `intervalS` is reclaim_instance_interval. */
export async function reclaimQueuedDeletes(d: BuildDeps, ctx: RequestContext, intervalS: number): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  if (intervalS <= 0) {
    mgr.debug(ctx, null, 'CONF.reclaim_instance_interval <= 0, skipping...', { func: '_reclaim_queued_deletes', file: 'compute/manager.py', line: 11389 });
    return;
  }
  const queued = await d.conductorActions.queuedDeletes(ctx, d.host);
  for (const q of queued) {
    // _deleted_old_enough: deleted_at older than the interval.
    if (Date.now() - Date.parse(q.deleted_at) < intervalS * 1000) continue;
    mgr.info(ctx, q.uuid, 'Reclaiming deleted instance');
    try {
      await shutdownAndDestroy(d, ctx, q.uuid);
    } catch (e) {
      mgr.warning(ctx, q.uuid, `Periodic reclaim failed to delete instance: ${(e as Error).message}`);
    }
  }
}
