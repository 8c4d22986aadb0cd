// Evacuation on the destination host (rebuild_instance with recreate, nova/compute/manager.py):
// a rebuild claim, the migration's destination and 'pre-migrating', the server moved here and
// spawned again from its image (its disk was not on shared storage), ACTIVE, the migration
// 'done' (finish_evacuation). The dead source keeps its allocation until it starts again and
// cleans up (_destroy_evacuated_instances, evacuated-cleanup.ts).

import { POWER_STATE, type Flavor, type Selection } from '../common/objects.js';
import type { RequestContext } from '../common/request-context.js';
import { nowIso } from '../common/time.js';
import type { MigrationRecord } from '../conductor/migration-db.js';
import { ExpectedError } from '../rpc/messaging-errors.js';
import { claim } from './claims.js';
import { withEvent, type MoveDeps } from './move-deps.js';
import { bindPorts, prepareVifEvents, waitVifEvents } from './port-migration.js';

export async function evacuateHere(d: MoveDeps, ctx: RequestContext, uuid: string, mig: MigrationRecord, flavor: Flavor, limits: Selection['limits'] | null, onSharedStorage: boolean | null): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  await withEvent(d, ctx, uuid, 'rebuild_instance', async () => {
    const inst = (await d.conductor.instanceGet(ctx, uuid))!;
    mgr.info(ctx, uuid, 'Evacuating instance');
    let claimed = false;
    try {
      const u = d.tracker.usage;
      claim(d.log.child('nova.compute.claims'), ctx, uuid, d.host, flavor, u, limits ?? { memory_mb: u.memory_mb * 1.5, vcpus: u.vcpus * 16, disk_gb: u.local_gb });
      d.tracker.add(uuid, flavor);
      claimed = true;
      await d.migrations.migrationUpdate(ctx, mig.id, { dest_compute: d.host, dest_node: d.host, dest_host: '127.0.0.1', status: 'pre-migrating' });
      // The fake driver's instance_on_disk is False: the disk is never found on shared storage.
      if (onSharedStorage === null) {
        mgr.debug(ctx, uuid, 'on_shared_storage is not provided, using driver information to decide if the instance needs to be evacuated', { func: 'rebuild_instance', file: 'compute/manager.py', line: 4102 });
      } else if (onSharedStorage) throw new ExpectedError('InvalidSharedStorage', 'Invalid state of instance files on shared storage');
      mgr.info(ctx, null, `disk not on shared storage, evacuating from image: '${inst.image_ref}'`);
      await d.conductor.instanceUpdate(ctx, uuid, { host: d.host, node: d.host, task_state: 'rebuilding', power_state: POWER_STATE.NOSTATE });
      const vifs = await prepareVifEvents(d, ctx, uuid);
      await bindPorts(d, ctx, uuid, vifs.ports, d.host);
      await d.conductor.instanceUpdate(ctx, uuid, { task_state: 'rebuild_spawning' });
      d.log.child('nova.virt.libvirt.driver').info(ctx, uuid, 'Creating image(s)');
      d.driver.adopt(uuid, uuid.slice(0, 8), flavor, POWER_STATE.SHUTDOWN);
      await d.driver.powerOn(uuid);
      await waitVifEvents(d, ctx, uuid, vifs, inst.vm_state, 'rebuild_spawning');
      d.log.child('nova.virt.libvirt.driver').info(ctx, uuid, 'Instance spawned successfully.');
      const stopped = inst.vm_state === 'stopped';
      if (stopped) {
        mgr.info(ctx, uuid, "bringing vm to original state: 'stopped'");
        await d.driver.powerOff(uuid);
      }
      await d.conductor.instanceUpdate(ctx, uuid, { vm_state: stopped ? 'stopped' : 'active', task_state: null, power_state: stopped ? POWER_STATE.SHUTDOWN : POWER_STATE.RUNNING, launched_at: nowIso() });
      await d.migrations.migrationUpdate(ctx, mig.id, { status: 'done' });
      void d.tracker.report(ctx).catch(() => undefined);
    } catch (e) {
      // The destination's claim goes (delete_allocation_for_evacuated_instance); the server errors out.
      await d.migrations.migrationUpdate(ctx, mig.id, { status: 'failed' }).catch(() => undefined);
      if (claimed) d.tracker.remove(uuid);
      await d.allocs.removeProvider(ctx, uuid, d.tracker.nodeUuid).catch(() => undefined);
      mgr.exception(ctx, null, 'Setting instance vm_state to ERROR', ['Traceback (most recent call last):', `${(e as Error).name}: ${(e as Error).message}`]);
      await d.conductor.instanceUpdate(ctx, uuid, { vm_state: 'error', task_state: null });
      throw e;
    }
  });
}
