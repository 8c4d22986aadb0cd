// The other lifecycle operations on this host: terminate, reboot, stop, start, console log.
// Each logs Nova's messages and reports the new state through the conductor.

import type { RequestContext } from '../common/request-context.js';
import { POWER_STATE } from '../common/objects.js';
import { secondsSince as seconds } from '../common/time.js';
import type { BuildDeps } from './build-instance.js';
import { releaseVolumes } from './block-device-setup.js';


export async function terminateInstance(d: BuildDeps, ctx: RequestContext, uuid: string): Promise<void> {
  await shutdownAndDestroy(d, ctx, uuid, async () => d.conductor.actionEventStart(ctx, uuid, 'compute_terminate_instance', d.host),
    async () => d.conductor.actionEventFinish(ctx, uuid, 'compute_terminate_instance', d.host, 'Success', null));
}

/** ComputeManager._delete_instance: shutdown, network, volumes, allocation, then the row; `started`/`finished` are terminate_instance's event. */
export async function shutdownAndDestroy(d: BuildDeps, ctx: RequestContext, uuid: string, started?: () => Promise<void>, finished?: () => Promise<void>): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  const t0 = Date.now();
  mgr.info(ctx, uuid, 'Terminating instance');
  await started?.();
  await d.driver.destroy(uuid);
  mgr.info(ctx, uuid, `Took ${seconds(t0)} seconds to destroy the instance on the hypervisor.`);
  const tNet = Date.now();
  await d.network.deletePorts(ctx, uuid);
  await d.conductorActions.virtualInterfacesDestroyByInstance(ctx, uuid);
  mgr.info(ctx, uuid, `Took ${seconds(tNet)} seconds to deallocate network for instance.`);
  const volumes = (await d.conductor.bdmGetByInstance(ctx, uuid)).filter((b) => b.volume_id);
  if (volumes.length) await releaseVolumes(d, ctx, uuid, volumes);
  await d.placement.deleteAllocations(ctx, uuid);
  d.tracker.remove(uuid);
  await finished?.();
  await d.conductor.instanceDestroy(ctx, uuid);
  void d.tracker.report(ctx).catch(() => undefined);
}

export async function rebootInstance(d: BuildDeps, ctx: RequestContext, uuid: string, type: 'SOFT' | 'HARD'): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  mgr.info(ctx, uuid, 'Rebooting instance');
  await d.conductor.actionEventStart(ctx, uuid, 'compute_reboot_instance', d.host);
  await d.driver.powerOff(uuid);
  await d.driver.powerOn(uuid);
  d.log.child('nova.virt.libvirt.driver').info(ctx, uuid, `Instance ${type === 'HARD' ? 'rebooted' : 'soft rebooted'} successfully.`);
  await d.conductor.instanceUpdate(ctx, uuid, { vm_state: 'active', task_state: null, power_state: POWER_STATE.RUNNING });
  await d.conductor.actionEventFinish(ctx, uuid, 'compute_reboot_instance', d.host, 'Success', null);
}

export async function stopInstance(d: BuildDeps, ctx: RequestContext, uuid: string): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  mgr.info(ctx, uuid, 'Stopping instance...');
  await d.conductor.actionEventStart(ctx, uuid, 'compute_stop_instance', d.host);
  await d.driver.powerOff(uuid);
  d.log.child('nova.virt.libvirt.driver').info(ctx, uuid, 'Instance shutdown successfully after 0 seconds.');
  await d.conductor.instanceUpdate(ctx, uuid, { vm_state: 'stopped', task_state: null, power_state: POWER_STATE.SHUTDOWN });
  await d.conductor.actionEventFinish(ctx, uuid, 'compute_stop_instance', d.host, 'Success', null);
}

export async function startInstance(d: BuildDeps, ctx: RequestContext, uuid: string): Promise<void> {
  await d.conductor.actionEventStart(ctx, uuid, 'compute_start_instance', d.host);
  await d.driver.powerOn(uuid);
  d.log.child('nova.virt.libvirt.driver').info(ctx, uuid, 'Instance running successfully.');
  await d.conductor.instanceUpdate(ctx, uuid, { vm_state: 'active', task_state: null, power_state: POWER_STATE.RUNNING });
  await d.conductor.actionEventFinish(ctx, uuid, 'compute_start_instance', d.host, 'Success', null);
}
