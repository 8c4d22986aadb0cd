// ComputeManager.extend_volume, run for a volume-extended external event (its tag is the volume):
// the mapping of that volume on the server takes cinder's new size, and the libvirt-like driver
// resizes the guest's block device when the guest is running or paused. Recorded as the
// compute_extend_volume event of the extend_volume action the API started.

import { POWER_STATE } from '../../common/objects.js';
import type { RequestContext } from '../../common/request-context.js';
import type { BuildDeps } from '../build-instance.js';
import { withInstanceEvent } from './instance-event.js';

const GIB = 1024 ** 3;

export async function extendVolume(d: BuildDeps, ctx: RequestContext, uuid: string, volumeId: string): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  const virt = d.log.child('nova.virt.libvirt.driver');
  await withInstanceEvent(d, ctx, uuid, 'extend_volume', async () => {
    mgr.debug(ctx, uuid, `Handling volume-extended event for volume ${volumeId}`, { func: 'extend_volume', file: 'compute/manager.py', line: 11822 });
    const bdm = (await d.conductor.bdmGetByInstance(ctx, uuid)).find((b) => b.volume_id === volumeId);
    if (!bdm) {
      mgr.warning(ctx, uuid, `Extend volume failed, volume ${volumeId} is not attached to instance.`);
      return;
    }
    mgr.info(ctx, uuid, `Cinder extended volume ${volumeId}; extending it to detect new size`);
    const volume = await d.volumes.get(ctx, volumeId);
    if (bdm.connection_info === null) {
      mgr.warning(ctx, uuid, `Extend volume failed, attached volume ${volumeId} has no connection_info`);
      return;
    }
    await d.conductor.bdmUpdate(ctx, bdm.id, { volume_size: volume.size });
    const power = d.driver.guests.get(uuid)?.powerState;
    if (power === POWER_STATE.RUNNING || power === POWER_STATE.PAUSED) {
      const dev = (bdm.device_name ?? '/dev/vda').replace(/^\/dev\//, '');
      virt.debug(ctx, uuid, `Resizing target device ${dev} to ${volume.size * GIB}`, { func: '_resize_attached_volume', file: 'virt/libvirt/driver.py', line: 3054 });
    } else {
      virt.debug(ctx, uuid, 'Skipping block device resize, guest is not running', { func: 'extend_volume', file: 'virt/libvirt/driver.py', line: 3170 });
    }
  });
}
