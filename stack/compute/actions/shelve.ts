// shelve_instance, shelve_offload_instance and unshelve_instance on a host, in Nova's order and
// words. Shelve powers the guest off and snapshots it (shelving_image_pending_upload →
// shelving_image_uploading), records shelved_at/shelved_image_id/shelved_host, and with
// [DEFAULT]shelved_offload_time = 0 (Nova's default) offloads at once: ports unbound, guest
// destroyed, placement allocation deleted, host and node cleared (SHELVED_OFFLOADED). Unshelve
// claims on the host the scheduler chose, binds the ports here, spawns from the snapshot, and
// deletes the snapshot.

import type { RequestContext } from '../../common/request-context.js';
import { POWER_STATE, type ImageMeta, type RequestSpec, type Selection } from '../../common/objects.js';
import { apiUrl } from '../../common/stack-config.js';
import { nowIso, secondsSince } from '../../common/time.js';
import { claim } from '../claims.js';
import type { BuildDeps } from '../build-instance.js';
import { withInstanceEvent } from './instance-event.js';
import { connectVolumesForUnshelve } from './volume-attach.js';
import { snapshotGuest } from './snapshot.js';
import { trustedCertsOf } from '../image-signature.js';

/** [DEFAULT]shelved_offload_time: 0, offload right after shelving. */
const SHELVED_OFFLOAD_TIME = 0;

async function powerOff(d: BuildDeps, ctx: RequestContext, uuid: string): Promise<void> {
  if (d.driver.guests.get(uuid)?.powerState === POWER_STATE.SHUTDOWN) return;
  await d.driver.powerOff(uuid);
  d.log.child('nova.virt.libvirt.driver').info(ctx, uuid, 'Instance shutdown successfully after 0 seconds.');
}

export async function shelveInstance(d: BuildDeps, ctx: RequestContext, uuid: string, imageId: string): Promise<void> {
  await withInstanceEvent(d, ctx, uuid, 'shelve_instance', async () => {
    d.log.child('nova.compute.manager').info(ctx, uuid, 'Shelving');
    await powerOff(d, ctx, uuid);
    const shelving = { image_pending_upload: 'shelving_image_pending_upload', image_uploading: 'shelving_image_uploading' } as const;
    await snapshotGuest(d, ctx, uuid, imageId, async (t) => {
      await d.conductor.instanceUpdate(ctx, uuid, { task_state: shelving[t as keyof typeof shelving] });
    }, 'shelving');
    await d.conductorActions.systemMetadataUpdate(ctx, uuid, { shelved_at: nowIso(), shelved_image_id: imageId, shelved_host: d.host });
    await d.conductor.instanceUpdate(ctx, uuid, {
      vm_state: 'shelved', task_state: SHELVED_OFFLOAD_TIME === 0 ? 'shelving_offloading' : null, power_state: POWER_STATE.SHUTDOWN,
    });
  });
  if (SHELVED_OFFLOAD_TIME === 0) await offload(d, ctx, uuid);
}

async function offload(d: BuildDeps, ctx: RequestContext, uuid: string): Promise<void> {
  d.log.child('nova.compute.manager').info(ctx, uuid, 'Shelve offloading');
  await powerOff(d, ctx, uuid);
  for (const p of await d.network.instancePorts(ctx, uuid)) await d.network.unbindPort(ctx, p.id);
  await d.driver.destroy(uuid);
  await d.placement.deleteAllocations(ctx, uuid);
  await d.conductor.instanceUpdate(ctx, uuid, { vm_state: 'shelved_offloaded', task_state: null, power_state: POWER_STATE.SHUTDOWN });
  d.tracker.remove(uuid);
  await d.conductor.instanceUpdate(ctx, uuid, { host: null, node: null });
  void d.tracker.report(ctx).catch(() => undefined);
}

export function shelveOffloadInstance(d: BuildDeps, ctx: RequestContext, uuid: string): Promise<void> {
  return withInstanceEvent(d, ctx, uuid, 'shelve_offload_instance', () => offload(d, ctx, uuid));
}

/** _delete_snapshot_of_shelved_instance: the snapshot is not needed once the guest runs again. */
async function deleteShelvedSnapshot(d: BuildDeps, ctx: RequestContext, uuid: string, imageId: string): Promise<void> {
  const res = await fetch(apiUrl(d.cfg, `/image/v2/images/${imageId}`), {
    method: 'DELETE', headers: { 'X-Auth-Token': ctx.authToken ?? '', 'X-OpenStack-Request-ID': ctx.globalRequestId ?? ctx.requestId }, signal: AbortSignal.timeout(10_000),
  }).catch((e: Error) => e);
  if (res instanceof Error || (res.status !== 204 && res.status !== 404)) {
    d.log.child('nova.compute.manager').error(ctx, uuid, `Failed to delete snapshot ${imageId} from shelved instance (${res instanceof Error ? res.message : res.status}).`);
  }
}

export async function unshelveInstance(d: BuildDeps, ctx: RequestContext, uuid: string, spec: RequestSpec, selection: Selection, image: ImageMeta): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  await withInstanceEvent(d, ctx, uuid, 'unshelve_instance', async () => {
    mgr.info(ctx, uuid, 'Unshelving');
    await d.conductor.instanceUpdate(ctx, uuid, { task_state: 'spawning' });
    try {
      claim(d.log.child('nova.compute.claims'), ctx, uuid, d.host, spec.flavor, d.tracker.usage, selection.limits);
      d.tracker.add(uuid, spec.flavor);
      await d.conductor.instanceUpdate(ctx, uuid, { host: d.host, node: d.host });
      const [port] = await d.network.instancePorts(ctx, uuid);
      const vifEvent = port ? `network-vif-plugged-${port.id}` : '';
      const plugged = port ? d.events.prepare(uuid, vifEvent) : null;
      if (port) await d.network.bindPort(ctx, uuid, port.id, d.host);
      const disks = await connectVolumesForUnshelve(d, ctx, uuid);
      d.log.child('nova.virt.libvirt.driver').info(ctx, uuid, 'Creating image(s)');
      await d.images.fetch(ctx, uuid, image, trustedCertsOf(d.conductor, ctx, uuid));
      const tSpawn = Date.now();
      await d.driver.spawn(ctx, uuid, uuid.slice(0, 8), spec.flavor, port?.mac_address ?? null, async () => {
        if (plugged) await d.events.wait(plugged, d.cfg.vifPluggingTimeoutMs, `network-vif-plugged for port ${port!.id}`);
      });
      for (const disk of disks) d.driver.attachDisk(uuid, disk.device, disk.volumeId);
      mgr.info(ctx, uuid, `Took ${secondsSince(tSpawn)} seconds to spawn the instance on the hypervisor.`);
    } catch (e) {
      const err = e as Error;
      mgr.exception(ctx, uuid, 'Instance failed to spawn', [`${err.name}: ${err.message}`]);
      d.events.forget(uuid);
      await d.driver.destroy(uuid).catch(() => undefined);
      await d.placement.deleteAllocations(ctx, uuid).catch(() => undefined);
      d.tracker.remove(uuid);
      await d.conductor.instanceUpdate(ctx, uuid, { host: null, node: null });
      throw e;
    }
    await deleteShelvedSnapshot(d, ctx, uuid, image.id);
    await d.conductorActions.systemMetadataUpdate(ctx, uuid, { shelved_at: null, shelved_image_id: null, shelved_host: null });
    await d.conductor.instanceUpdate(ctx, uuid, { vm_state: 'active', task_state: null, power_state: POWER_STATE.RUNNING, launched_at: nowIso() });
    void d.tracker.report(ctx).catch(() => undefined);
  });
}
