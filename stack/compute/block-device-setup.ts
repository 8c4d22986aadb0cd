// _prep_block_device for a build: every volume block device of the instance is created in
// cinder when the API asked for a new one (image → volume, blank → volume), waited for as
// _await_block_device_map_created does ([DEFAULT] block_device_allocate_retries, _interval),
// then attached with the attachments API. Any failure is logged as "Instance failed block
// device setup" with its traceback and aborts the build (InvalidBDM → BuildAbortException).

import type { RequestContext } from '../common/request-context.js';
import { sleep } from '../common/time.js';
import type { VolumeBdm } from '../conductor/rpcapi.js';
import type { BuildDeps } from './build-instance.js';
import { NovaError, volumeNotCreated } from './nova-errors.js';
import type { VolumeClient } from './volume-client.js';

const DEFAULT_RETRIES = 60;
const DEFAULT_INTERVAL_MS = 3000;
const STILL_CREATING = new Set(['creating', 'downloading']);

/** _default_block_device_names: the root disk is vda (a local image disk when `localRoot`), the others follow in boot order. */
function deviceNames(bdms: VolumeBdm[], localRoot: boolean): Map<number, string> {
  return new Map(bdms.map((b, i) => [b.id, b.device_name ?? `/dev/vd${String.fromCharCode(97 + i + (localRoot ? 1 : 0))}`]));
}

/** The instance's volume block devices, or none (the build boots from an image only). */
export async function volumeBdms(d: BuildDeps, ctx: RequestContext, uuid: string): Promise<VolumeBdm[]> {
  return (await d.conductor.bdmGetByInstance(ctx, uuid)).filter((b) => b.destination_type === 'volume');
}

async function awaitCreated(d: BuildDeps, ctx: RequestContext, volumeId: string, source: 'image' | 'blank'): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  const { retries, intervalMs } = d.cfg.blockDeviceAllocate ?? { retries: DEFAULT_RETRIES, intervalMs: DEFAULT_INTERVAL_MS };
  const start = Date.now();
  const attempts = retries >= 1 ? retries + 1 : 1;
  let status = 'creating';
  let attempt = 1;
  for (; attempt <= attempts; attempt++) {
    status = (await d.volumes.get(ctx, volumeId)).status;
    if (!STILL_CREATING.has(status)) {
      if (status === 'available') return;
      mgr.warning(ctx, null, `Volume id: ${volumeId} finished being created but its status is ${status}.`);
      break;
    }
    await sleep(intervalMs);
  }
  throw volumeNotCreated(volumeId, Math.floor((Date.now() - start) / 1000), Math.min(attempt, attempts), status, source);
}

async function attachOne(d: BuildDeps, ctx: RequestContext, uuid: string, b: VolumeBdm, device: string, vc: VolumeClient): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  const bd = d.log.child('nova.virt.block_device');
  if (b.volume_id) bd.info(ctx, uuid, `Booting with volume ${b.volume_id} at ${device}`);
  else if (b.image_id) bd.info(ctx, uuid, `Booting with volume-backed-image ${b.image_id} at ${device}`);
  else bd.info(ctx, uuid, `Booting with blank volume at ${device}`);
  let volumeId = b.volume_id;
  let attachmentId = b.attachment_id;
  if (!volumeId) {
    const source = b.image_id ? 'image' : 'blank';
    const vol = await vc.create(ctx, b.volume_size ?? 1, b.image_id, source === 'blank' ? `${uuid}-blank-vol` : '', null, b.volume_type ?? null);
    volumeId = vol.id;
    try {
      await awaitCreated(d, ctx, vol.id, source);
    } catch (e) {
      if (b.delete_on_termination) {
        await vc.delete(ctx, vol.id).catch((x: Error) => mgr.warning(ctx, null, `Failed to delete volume: ${vol.id} due to ${x.message}`));
      }
      throw e;
    }
  }
  attachmentId ??= (await vc.attachmentCreate(ctx, volumeId, uuid)).id;
  await d.conductor.bdmUpdate(ctx, b.id, { volume_id: volumeId, attachment_id: attachmentId, device_name: device });
  bd.debug(ctx, uuid, `Updating existing volume attachment record: ${attachmentId}`, { func: '_volume_attach', file: 'virt/block_device.py', line: 666 });
  const attachment = await vc.attachmentUpdate(ctx, attachmentId, device);
  await d.conductor.bdmUpdate(ctx, b.id, { connection_info: JSON.stringify(attachment.connection_info) });
  await vc.attachmentComplete(ctx, attachmentId);
}

/** _prep_block_device: attach every volume block device, or abort the build. */
export async function prepBlockDevices(d: BuildDeps, ctx: RequestContext, uuid: string, bdms: VolumeBdm[], localRoot: boolean): Promise<void> {
  const names = deviceNames(bdms, localRoot);
  try {
    for (const b of bdms) await attachOne(d, ctx, uuid, b, names.get(b.id)!, d.volumes);
  } catch (e) {
    const err = e instanceof NovaError ? e : new NovaError((e as Error).name || 'Exception', (e as Error).message, [
      'Traceback (most recent call last):', ...((e as Error).stack ?? '').split('\n').slice(1, 6).map((l) => `  ${l.trim()}`), `${(e as Error).name}: ${(e as Error).message}`]);
    d.log.child('nova.compute.manager').exception(ctx, uuid, 'Instance failed block device setup', err.traceback);
    err.abort = { reason: err.message };
    throw err;
  }
}

/** _cleanup_volumes: detach every volume of the instance, and delete those it owns. */
export async function releaseVolumes(d: BuildDeps, ctx: RequestContext, uuid: string, bdms: VolumeBdm[]): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  for (const b of bdms) {
    if (!b.volume_id) continue;
    mgr.debug(ctx, uuid, `Detaching volume: ${b.volume_id}`, { func: '_cleanup_volumes', file: 'compute/manager.py', line: 3310 });
    if (b.attachment_id) {
      await d.volumes.attachmentDelete(ctx, b.attachment_id).catch((x: Error) => mgr.warning(ctx, null, `Failed to detach volume: ${b.volume_id} due to ${x.message}`));
    }
    if (b.delete_on_termination) {
      mgr.debug(ctx, uuid, `Deleting volume: ${b.volume_id}`, { func: '_cleanup_volumes', file: 'compute/manager.py', line: 3322 });
      await d.volumes.delete(ctx, b.volume_id).catch((x: Error) => mgr.warning(ctx, null, `Failed to delete volume: ${b.volume_id} due to ${x.message}`));
    }
  }
}
