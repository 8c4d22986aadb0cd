// snapshot_instance: the guest's disk uploaded to the image record the API created, with Nova's
// task states (image_snapshot → image_pending_upload → image_uploading → None) and the manager's
// and libvirt's lines. A running or paused guest is snapshotted live, any other cold. The fake
// guest's disk is its base image in the _base cache, so that is what glance receives.

import fs from 'node:fs';
import type { RequestContext } from '../../common/request-context.js';
import { POWER_STATE, type ImageMeta, type TaskState } from '../../common/objects.js';
import { apiUrl } from '../../common/stack-config.js';
import { secondsSince } from '../../common/time.js';
import type { BuildDeps } from '../build-instance.js';

/** The guest's disk: the base image it was built from, fetched again if the cache lost it. */
async function guestDisk(d: BuildDeps, ctx: RequestContext, uuid: string): Promise<string> {
  const inst = await d.conductor.instanceGet(ctx, uuid);
  const spec = JSON.parse((inst as unknown as { request_spec?: string })?.request_spec ?? '{}') as { image?: ImageMeta };
  if (!spec.image) throw new Error(`Instance ${uuid} has no image to snapshot`);
  return d.images.fetch(ctx, uuid, spec.image);
}

async function upload(d: BuildDeps, ctx: RequestContext, imageId: string, file: string): Promise<void> {
  const res = await fetch(apiUrl(d.cfg, `/image/v2/images/${imageId}/file`), {
    method: 'PUT', body: fs.readFileSync(file),
    headers: { 'Content-Type': 'application/octet-stream', 'X-Auth-Token': ctx.authToken ?? '', 'X-OpenStack-Request-ID': ctx.globalRequestId ?? ctx.requestId },
    signal: AbortSignal.timeout(120_000),
  });
  if (res.status === 404) throw Object.assign(new Error(`Image ${imageId} could not be found.`), { name: 'ImageNotFound' });
  if (res.status !== 204) throw new Error(`Image upload of ${imageId} failed: glance answered ${res.status}`);
}

/** The snapshot itself; `state` sets the instance's task state as the driver's update_task_state does. */
export async function snapshotGuest(d: BuildDeps, ctx: RequestContext, uuid: string, imageId: string, state: (t: TaskState, expected: TaskState) => Promise<void>, expected: TaskState): Promise<void> {
  const virt = d.log.child('nova.virt.libvirt.driver');
  const power = d.driver.guests.get(uuid)?.powerState;
  const disk = await guestDisk(d, ctx, uuid);
  await state('image_pending_upload', expected);
  virt.info(ctx, uuid, power === POWER_STATE.RUNNING || power === POWER_STATE.PAUSED ? 'Beginning live snapshot process' : 'Beginning cold snapshot process');
  const extract = d.cfg.driver.snapshot ?? d.cfg.driver.spawn;
  if (extract > 0) await new Promise((res) => setTimeout(res, extract));
  virt.info(ctx, uuid, 'Snapshot extracted, beginning image upload');
  await state('image_uploading', 'image_pending_upload');
  await upload(d, ctx, imageId, disk);
  virt.info(ctx, uuid, 'Snapshot image upload complete');
}

/** _snapshot_instance: the manager's lines around the driver's snapshot, from `expected` to no task. */
export async function snapshotWithLogs(d: BuildDeps, ctx: RequestContext, uuid: string, imageId: string, expected: TaskState): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  const power = d.driver.guests.get(uuid)?.powerState ?? POWER_STATE.NOSTATE;
  await d.conductor.instanceUpdate(ctx, uuid, { power_state: power });
  mgr.info(ctx, uuid, 'instance snapshotting');
  if (power !== POWER_STATE.RUNNING) mgr.warning(ctx, uuid, `trying to snapshot a non-running instance: (state: ${power} expected: ${POWER_STATE.RUNNING})`);
  const t0 = Date.now();
  await snapshotGuest(d, ctx, uuid, imageId, async (t) => { await d.conductor.instanceUpdate(ctx, uuid, { task_state: t }); }, expected);
  mgr.info(ctx, uuid, `Took ${secondsSince(t0)} seconds to snapshot the instance on the hypervisor.`);
  await d.conductor.instanceUpdate(ctx, uuid, { task_state: null });
}

export async function snapshotInstance(d: BuildDeps, ctx: RequestContext, uuid: string, imageId: string): Promise<void> {
  await d.conductor.instanceUpdate(ctx, uuid, { task_state: 'image_snapshot' });
  await snapshotWithLogs(d, ctx, uuid, imageId, 'image_snapshot');
}
