// rebuild_instance in place: "Rebuilding instance", the guest destroyed and spawned again from
// the new image through rebuilding → rebuild_block_device_mapping → rebuild_spawning, ACTIVE
// with a new launched_at; a server that was stopped is stopped again ("bringing vm to original
// state"). The port stays bound and active, so no network-vif-plugged is awaited (as libvirt
// waits only for inactive vifs).

import type { RequestContext } from '../../common/request-context.js';
import { POWER_STATE, type ImageMeta } from '../../common/objects.js';
import { nowIso, secondsSince } from '../../common/time.js';
import type { BuildDeps } from '../build-instance.js';
import { stopInstance } from '../instance-ops.js';
import { withInstanceEvent } from './instance-event.js';
import { trustedCertsOf } from '../image-signature.js';

export async function rebuildInstance(d: BuildDeps, ctx: RequestContext, uuid: string, image: ImageMeta, newPass: string, origVmState: string): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  await withInstanceEvent(d, ctx, uuid, 'rebuild_instance', async () => {
    mgr.info(ctx, uuid, 'Rebuilding instance');
    const guest = d.driver.guests.get(uuid);
    await d.conductor.instanceUpdate(ctx, uuid, { task_state: 'rebuilding', power_state: guest?.powerState ?? POWER_STATE.NOSTATE });
    if (!guest) throw new Error(`Instance ${uuid} could not be found.`);
    const { name, flavor } = guest;
    await d.driver.destroy(uuid);
    await d.conductor.instanceUpdate(ctx, uuid, { task_state: 'rebuild_block_device_mapping' });
    await d.conductor.instanceUpdate(ctx, uuid, { task_state: 'rebuild_spawning' });
    d.log.child('nova.virt.libvirt.driver').info(ctx, uuid, 'Creating image(s)');
    await d.images.fetch(ctx, uuid, image, trustedCertsOf(d.conductor, ctx, uuid));
    const [port] = await d.network.instancePorts(ctx, uuid);
    const tSpawn = Date.now();
    await d.driver.spawn(ctx, uuid, name, flavor, port?.mac_address ?? null, async () => undefined);
    d.driver.guests.get(uuid)!.adminPass = newPass;
    mgr.info(ctx, uuid, `Took ${secondsSince(tSpawn)} seconds to spawn the instance on the hypervisor.`);
    await d.conductor.instanceUpdate(ctx, uuid, { vm_state: 'active', task_state: null, power_state: POWER_STATE.RUNNING, launched_at: nowIso() });
  });
  if (origVmState === 'stopped') {
    mgr.info(ctx, uuid, "bringing vm to original state: 'stopped'");
    await d.conductor.instanceUpdate(ctx, uuid, { task_state: 'powering-off' });
    await stopInstance(d, ctx, uuid);
  }
}
