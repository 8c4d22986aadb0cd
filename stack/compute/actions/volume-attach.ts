// Volume attach and detach on the host, as ComputeManager does them with cinder's attachments
// API (3.44): reserve_block_device_name (a call: the mapping row with the next free device
// name, under the instance's lock), attach_volume (a cast: the attachment gets this host's
// connector, the guest the disk, then attachment_complete marks the volume in-use; a failure
// deletes the attachment and the mapping) and detach_volume (a cast: the guest lets the disk
// go, the attachment is deleted — cinder makes the volume available — and the mapping too).

import { POWER_STATE } from '../../common/objects.js';
import type { RequestContext } from '../../common/request-context.js';
import type { VolumeBdm } from '../../conductor/rpcapi.js';
import { ExpectedError } from '../../rpc/messaging-errors.js';
import type { BuildDeps } from '../build-instance.js';
import { NovaError } from '../nova-errors.js';
import { withInstanceEvent } from './instance-event.js';
import { attachFailedTraceback, cinderCall } from './volume-errors.js';

export interface ReserveArgs { uuid: string; volume_id: string; device: string | null; tag: string | null }

/** The libvirt driver's get_device_name_for_instance: the first vdX no mapping of the instance (nor a local root disk) uses. */
function nextDeviceName(bdms: VolumeBdm[]): string {
  const used = new Set(bdms.map((b) => b.device_name?.replace(/^\/dev\//, '')).filter(Boolean));
  // An image-backed server's root disk is vda without a volume mapping of its own.
  if (!bdms.some((b) => b.boot_index === 0 && b.destination_type === 'volume')) used.add('vda');
  for (let i = 0; i < 26; i++) {
    const name = `vd${String.fromCharCode(97 + i)}`;
    if (!used.has(name)) return `/dev/${name}`;
  }
  throw new ExpectedError('TooManyDiskDevices', 'The maximum allowed number of disk devices (26) to attach to a single instance has been exceeded.');
}

const findBdm = async (d: BuildDeps, ctx: RequestContext, uuid: string, volumeId: string) =>
  (await d.conductor.bdmGetByInstance(ctx, uuid)).find((b) => b.volume_id === volumeId);

export async function reserveBlockDeviceName(d: BuildDeps, ctx: RequestContext, args: ReserveArgs): Promise<VolumeBdm> {
  return d.locks.hold(args.uuid, async () => {
    const bdms = await d.conductor.bdmGetByInstance(ctx, args.uuid);
    if (bdms.some((b) => b.volume_id === args.volume_id)) throw new ExpectedError('InvalidVolume', `Invalid volume: volume ${args.volume_id} already attached`);
    if (args.device !== null) d.log.child('nova.virt.libvirt.driver').info(ctx, args.uuid, `Ignoring supplied device name: ${args.device}`);
    return d.conductor.bdmCreate(ctx, {
      instance_uuid: args.uuid, boot_index: null, source_type: 'volume', destination_type: 'volume', image_id: null, volume_id: args.volume_id,
      volume_size: null, delete_on_termination: false, device_name: nextDeviceName(bdms), tag: args.tag,
    });
  });
}

/** DriverVolumeBlockDevice.attach with do_driver_attach: connector, guest disk, complete. */
async function connectAndComplete(d: BuildDeps, ctx: RequestContext, uuid: string, bdm: VolumeBdm, device: string): Promise<void> {
  const volume = await cinderCall(d, ctx, uuid, 'get', () => d.volumes.get(ctx, bdm.volume_id!), bdm.volume_id!);
  d.log.child('nova.virt.block_device').debug(ctx, uuid, `Updating existing volume attachment record: ${bdm.attachment_id}`, { func: '_volume_attach', file: 'virt/block_device.py', line: 666 });
  const attachment = await cinderCall(d, ctx, uuid, 'update', () => d.volumes.attachmentUpdate(ctx, bdm.attachment_id!, device), bdm.attachment_id!);
  d.driver.attachDisk(uuid, device, bdm.volume_id!);
  await d.conductor.bdmUpdate(ctx, bdm.id, { connection_info: JSON.stringify({ ...attachment.connection_info, serial: bdm.volume_id }), volume_size: bdm.volume_size ?? volume.size });
  await cinderCall(d, ctx, uuid, 'complete', () => d.volumes.attachmentComplete(ctx, bdm.attachment_id!), bdm.attachment_id!);
}

export async function attachVolume(d: BuildDeps, ctx: RequestContext, uuid: string, volumeId: string): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  await withInstanceEvent(d, ctx, uuid, 'attach_volume', () => d.locks.hold(uuid, async () => {
    const bdm = await findBdm(d, ctx, uuid, volumeId);
    if (!bdm) throw new ExpectedError('VolumeBDMNotFound', `No volume Block Device Mapping with id ${volumeId}.`);
    const device = bdm.device_name ?? '/dev/vdb';
    try {
      mgr.info(ctx, uuid, `Attaching volume ${volumeId} to ${device}`);
      try {
        await connectAndComplete(d, ctx, uuid, bdm, device);
      } catch (e) {
        const traceback = attachFailedTraceback(e as Error);
        mgr.exception(ctx, uuid, `Failed to attach ${volumeId} at ${device}`, traceback);
        if (bdm.attachment_id) {
          await d.volumes.attachmentDelete(ctx, bdm.attachment_id).catch((x: Error) =>
            mgr.debug(ctx, uuid, `Ignoring VolumeAttachmentNotFound: ${x.message}`, { func: '_attach_volume', file: 'compute/manager.py', line: 8227 }));
        }
        // The instance fault and the event's traceback are this one (save_and_reraise_exception keeps it).
        throw e instanceof NovaError ? new NovaError(e.excClass, e.message, traceback) : e;
      }
    } catch (e) {
      await d.conductor.bdmDestroy(ctx, bdm.id);
      throw e;
    }
  }));
}

/** ComputeManager._detach_volume with destroy_bdm: driver detach, attachment delete, the mapping gone. */
export async function detachVolumeMapping(d: BuildDeps, ctx: RequestContext, uuid: string, bdm: VolumeBdm): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  const bd = d.log.child('nova.virt.block_device');
  const device = bdm.device_name ?? '';
  mgr.info(ctx, uuid, `Detaching volume ${bdm.volume_id}`);
  bd.info(ctx, uuid, `Attempting to driver detach volume ${bdm.volume_id} from mountpoint ${device}`);
  const guest = d.driver.guests.get(uuid);
  if (!guest) bd.warning(ctx, uuid, 'Detaching volume from unknown instance');
  else {
    const virt = d.log.child('nova.virt.libvirt.driver');
    const dev = device.replace(/^\/dev\//, '');
    virt.info(ctx, null, `Successfully detached device ${dev} from instance ${uuid} from the persistent domain config.`);
    if (guest.powerState === POWER_STATE.RUNNING || guest.powerState === POWER_STATE.PAUSED) virt.info(ctx, null, `Successfully detached device ${dev} from instance ${uuid} from the live domain config.`);
    d.driver.detachDisk(uuid, device);
  }
  if (bdm.attachment_id) {
    await d.volumes.attachmentDelete(ctx, bdm.attachment_id).catch((e: Error) => {
      if (!/ 404:/.test(e.message)) throw e;
      bd.info(ctx, null, `Ignoring a volume attachment deletion failure as the volume ${bdm.volume_id} or the volume attachment ${bdm.attachment_id} disappeared during the request.`);
    });
  }
  await d.conductor.bdmDestroy(ctx, bdm.id);
}

export async function detachVolume(d: BuildDeps, ctx: RequestContext, uuid: string, volumeId: string): Promise<void> {
  await withInstanceEvent(d, ctx, uuid, 'detach_volume', () => d.locks.hold(uuid, async () => {
    const bdm = await findBdm(d, ctx, uuid, volumeId);
    if (!bdm) throw new ExpectedError('VolumeBDMNotFound', `No volume Block Device Mapping with id ${volumeId}.`);
    await detachVolumeMapping(d, ctx, uuid, bdm);
  }));
}

/**
 * _prep_block_device of an unshelve for the volumes attached to the server: each gets a
 * device name if it has none (one attached while shelved offloaded), this host's connector
 * and attachment_complete. Returns the disks the guest is to have once spawned.
 */
export async function connectVolumesForUnshelve(d: BuildDeps, ctx: RequestContext, uuid: string): Promise<{ device: string; volumeId: string }[]> {
  const bd = d.log.child('nova.virt.block_device');
  const bdms = (await d.conductor.bdmGetByInstance(ctx, uuid)).filter((b) => b.destination_type === 'volume' && b.volume_id && b.attachment_id);
  const disks: { device: string; volumeId: string }[] = [];
  for (const b of bdms) {
    const device = b.device_name ?? nextDeviceName(bdms.filter((x) => x.device_name));
    if (!b.device_name) {
      await d.conductor.bdmUpdate(ctx, b.id, { device_name: device });
      b.device_name = device;
    }
    bd.info(ctx, uuid, `Booting with volume ${b.volume_id} at ${device}`);
    bd.debug(ctx, uuid, `Updating existing volume attachment record: ${b.attachment_id}`, { func: '_volume_attach', file: 'virt/block_device.py', line: 666 });
    const attachment = await cinderCall(d, ctx, uuid, 'update', () => d.volumes.attachmentUpdate(ctx, b.attachment_id!, device), b.attachment_id!);
    await d.conductor.bdmUpdate(ctx, b.id, { connection_info: JSON.stringify({ ...attachment.connection_info, serial: b.volume_id }) });
    await cinderCall(d, ctx, uuid, 'complete', () => d.volumes.attachmentComplete(ctx, b.attachment_id!), b.attachment_id!);
    disks.push({ device, volumeId: b.volume_id! });
  }
  return disks;
}
