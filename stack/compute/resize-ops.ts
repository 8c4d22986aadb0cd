// Resize and cold migration on the compute hosts, in Nova's order and words
// (nova/compute/manager.py): prep_resize claims on the destination and casts resize_instance
// to the source, which powers the guest off, moves the server's host and casts finish_resize to
// the destination, which starts it there in RESIZED (VERIFY_RESIZE). Confirm cleans the source
// and deletes the migration's allocation; revert destroys the destination guest and the source
// takes the server back with its allocation. A failing step errors the server and the migration
// out (_error_out_instance_on_exception, errors_out_migration) and gives the allocation back.

import { POWER_STATE, type Flavor } from '../common/objects.js';
import type { RequestContext } from '../common/request-context.js';
import { nowIso } from '../common/time.js';
import type { MigrationRecord } from '../conductor/migration-db.js';
import { RemoteError } from '../rpc/messaging-errors.js';
import { claim } from './claims.js';
import { incoming, withEvent, type MoveDeps } from './move-deps.js';
import type { ResizeArgs } from './move-rpcapi.js';
import { bindPorts, prepareVifEvents, waitVifEvents } from './port-migration.js';
import { createRemoteInstanceDir } from './resize-rollback.js';
import { NOVA, frameLines } from './traceback-frames.js';

const flavorOf = (json: string | null) => JSON.parse(json ?? 'null') as Flavor;
const at = (func: string, line: number) => ({ func, file: 'compute/manager.py', line });

/** _revert_allocation: the source allocation held by the migration goes back to the server. */
export async function revertAllocation(d: MoveDeps, ctx: RequestContext, uuid: string, mig: MigrationRecord): Promise<boolean> {
  const mgr = d.log.child('nova.compute.manager');
  const held = await d.allocs.get(ctx, mig.uuid);
  const rps = Object.keys(held.allocations);
  if (!rps.length) {
    mgr.error(ctx, uuid, `Did not find resource allocations for migration ${mig.uuid} on source node ${mig.source_node}. Unable to revert source node allocations back to the instance.`);
    return false;
  }
  mgr.info(ctx, uuid, `Swapping old allocation on dict_keys([${rps.map((r) => `'${r}'`).join(', ')}]) held by migration ${mig.uuid} for instance`);
  await d.allocs.move(ctx, mig.uuid, uuid);
  return true;
}

/** _error_out_instance_on_exception and errors_out_migration: ERROR, the migration in 'error'. */
async function errorOut(d: MoveDeps, ctx: RequestContext, uuid: string, mig: MigrationRecord, e: unknown): Promise<void> {
  const err = e instanceof Error ? e : new Error(String(e));
  d.log.child('nova.compute.manager').exception(ctx, null, 'Setting instance vm_state to ERROR', ['Traceback (most recent call last):',
    ...frameLines({ file: `${NOVA}/compute/manager.py`, line: 11706, func: '_error_out_instance_on_exception', code: 'yield' }), `${err.name}: ${err.message}`]);
  await d.migrations.migrationUpdate(ctx, mig.id, { status: 'error' }).catch(() => undefined);
  await d.conductor.instanceUpdate(ctx, uuid, { vm_state: 'error', task_state: null }).catch(() => undefined);
  await d.conductor.instanceFaultCreate(ctx, uuid, 500, err.message, err.stack ?? err.message, d.host).catch(() => undefined);
}

export async function prepResize(d: MoveDeps, ctx: RequestContext, a: ResizeArgs): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  await withEvent(d, ctx, a.uuid, 'prep_resize', async () => {
    const inst = (await d.conductor.instanceGet(ctx, a.uuid))!;
    try {
      mgr.debug(ctx, a.uuid, `Stashing vm_state: ${inst.vm_state}`, at('_prep_resize', 6241));
      claim(d.log.child('nova.compute.claims'), ctx, a.uuid, d.host, a.flavor, d.tracker.usage, a.limits ?? { memory_mb: d.tracker.usage.memory_mb * 1.5, vcpus: d.tracker.usage.vcpus * 16, disk_gb: d.tracker.usage.local_gb });
      d.tracker.add(incoming(a.uuid), a.flavor);
      const migration = await d.migrations.migrationUpdate(ctx, a.migration.id, { dest_compute: d.host, dest_node: d.host, dest_host: '127.0.0.1', status: 'pre-migrating' });
      void d.tracker.report(ctx).catch(() => undefined);
      mgr.info(ctx, a.uuid, 'Migrating');
      await d.moves.resizeInstance(ctx, inst.host!, { ...a, migration });
    } catch (e) {
      d.tracker.remove(incoming(a.uuid));
      await revertAllocation(d, ctx, a.uuid, a.migration);
      mgr.debug(ctx, a.uuid, 'Retry info not present, will not reschedule', at('_reschedule_resize_or_reraise', 6451));
      await errorOut(d, ctx, a.uuid, a.migration, e);
      throw e;
    }
  });
}

export async function resizeInstance(d: MoveDeps, ctx: RequestContext, a: ResizeArgs): Promise<void> {
  await withEvent(d, ctx, a.uuid, 'resize_instance', async () => {
    let rolledBack: RemoteError | null = null;
    try {
      const vmState = (await d.conductor.instanceGet(ctx, a.uuid))?.vm_state ?? 'active';
      let mig = await d.migrations.migrationUpdate(ctx, a.migration.id, { status: 'migrating' });
      await d.conductor.instanceUpdate(ctx, a.uuid, { task_state: 'resize_migrating' });
      d.log.child('nova.virt.libvirt.driver').debug(ctx, a.uuid, 'Starting migrate_disk_and_power_off', { func: 'migrate_disk_and_power_off', file: 'virt/libvirt/driver.py', line: 12731 });
      if (mig.dest_compute && mig.dest_compute !== d.host) rolledBack = await createRemoteInstanceDir(d, ctx, a.uuid, mig.dest_compute, vmState);
      if (rolledBack) throw rolledBack;
      await d.driver.powerOff(a.uuid);
      mig = await d.migrations.migrationUpdate(ctx, mig.id, { status: 'post-migrating' });
      const dest = mig.dest_compute!;
      await d.conductor.instanceUpdate(ctx, a.uuid, { host: dest, node: mig.dest_node, task_state: 'resize_migrated', power_state: POWER_STATE.SHUTDOWN });
      // The source keeps the old flavor's resources, now the migration's, until confirm or revert.
      const old = flavorOf(mig.old_flavor);
      d.tracker.remove(a.uuid);
      d.tracker.add(mig.uuid, old);
      await d.moves.finishResize(ctx, dest, { ...a, migration: mig });
    } catch (e) {
      if (e === rolledBack && rolledBack) {
        // The server is back as it was: errors_out_migration_ctxt, _revert_allocation, wrap_instance_fault.
        await d.migrations.migrationUpdate(ctx, a.migration.id, { status: 'error' }).catch(() => undefined);
        await revertAllocation(d, ctx, a.uuid, a.migration);
        await d.conductor.instanceFaultCreate(ctx, a.uuid, 500, rolledBack.message, ['Traceback (most recent call last):', ...rolledBack.traceback.map((l) => `  ${l}`), `${rolledBack.excClass}: ${rolledBack.message}`].join('\n'), d.host).catch(() => undefined);
      } else {
        await errorOut(d, ctx, a.uuid, a.migration, e);
      }
      throw e;
    }
  });
}

export async function finishResize(d: MoveDeps, ctx: RequestContext, a: ResizeArgs): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  await withEvent(d, ctx, a.uuid, 'finish_resize', async () => {
    try {
      const inst = (await d.conductor.instanceGet(ctx, a.uuid))!;
      const oldVmState = inst.vm_state;
      await d.conductor.instanceUpdate(ctx, a.uuid, { flavor_id: a.flavor.id });
      const vifs = await prepareVifEvents(d, ctx, a.uuid);
      await bindPorts(d, ctx, a.uuid, vifs.ports, d.host);
      await d.conductor.instanceUpdate(ctx, a.uuid, { task_state: 'resize_finish' });
      const drv = d.log.child('nova.virt.libvirt.driver');
      drv.debug(ctx, a.uuid, 'Starting finish_migration', { func: 'finish_migration', file: 'virt/libvirt/driver.py', line: 12918 });
      const powerOn = oldVmState !== 'stopped';
      d.driver.adopt(a.uuid, a.uuid.slice(0, 8), a.flavor, POWER_STATE.SHUTDOWN);
      if (powerOn) {
        await d.driver.powerOn(a.uuid);
        await waitVifEvents(d, ctx, a.uuid, vifs, oldVmState, 'resize_finish');
        drv.info(ctx, a.uuid, 'Instance running successfully.');
      } else {
        d.events.forget(a.uuid);
      }
      drv.debug(ctx, a.uuid, 'finish_migration finished successfully.', { func: 'finish_migration', file: 'virt/libvirt/driver.py', line: 13013 });
      await d.migrations.migrationUpdate(ctx, a.migration.id, { status: 'finished' });
      d.tracker.remove(incoming(a.uuid));
      d.tracker.add(a.uuid, a.flavor);
      await d.conductor.instanceUpdate(ctx, a.uuid, { vm_state: 'resized', task_state: null, power_state: powerOn ? POWER_STATE.RUNNING : POWER_STATE.SHUTDOWN, launched_at: nowIso() });
      void d.tracker.report(ctx).catch(() => undefined);
    } catch (e) {
      mgr.info(ctx, a.uuid, `Deleting allocations for old flavor on source node ${a.migration.source_compute} after finish_resize failure. You may be able to recover the instance by hard rebooting it.`);
      await d.allocs.delete(ctx, a.migration.uuid, 'migration').catch(() => undefined);
      await errorOut(d, ctx, a.uuid, a.migration, e);
      throw e;
    }
  });
}

export async function confirmResize(d: MoveDeps, ctx: RequestContext, uuid: string, mig: MigrationRecord): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  await withEvent(d, ctx, uuid, 'confirm_resize', async () => {
    mgr.debug(ctx, uuid, `Going to confirm migration ${mig.id}`, at('do_confirm_resize', 5355));
    const current = await d.migrations.migrationGet(ctx, mig.id);
    if (current?.status === 'confirmed') {
      mgr.info(ctx, uuid, `Migration ${mig.id} is already confirmed`);
      return;
    }
    const inst = await d.conductor.instanceGet(ctx, uuid);
    if (!inst) {
      mgr.info(ctx, uuid, 'Instance is not found during confirmation');
      return;
    }
    try {
      // confirm_migration: the guest's leftovers on the source go; drop_move_claim_at_source.
      if (mig.source_compute !== mig.dest_compute) await d.driver.destroy(uuid);
      await d.migrations.migrationUpdate(ctx, mig.id, { status: 'confirmed' });
      d.tracker.remove(mig.uuid);
      const stopped = inst.power_state === POWER_STATE.SHUTDOWN;
      if (stopped) mgr.debug(ctx, uuid, "Resized/migrated instance is powered off. Setting vm_state to 'stopped'.", at('_confirm_resize', 5481));
      await d.conductor.instanceUpdate(ctx, uuid, { vm_state: stopped ? 'stopped' : 'active', task_state: null });
    } finally {
      await d.allocs.delete(ctx, mig.uuid, 'migration').catch(() => undefined);
      void d.tracker.report(ctx).catch(() => undefined);
    }
  });
}

export async function revertResize(d: MoveDeps, ctx: RequestContext, uuid: string, mig: MigrationRecord): Promise<void> {
  await withEvent(d, ctx, uuid, 'revert_resize', async () => {
    try {
      await d.driver.destroy(uuid);
      d.tracker.remove(uuid);
      void d.tracker.report(ctx).catch(() => undefined);
      await d.moves.finishRevertResize(ctx, mig.source_compute!, uuid, mig);
    } catch (e) {
      await errorOut(d, ctx, uuid, mig, e);
      throw e;
    }
  });
}

export async function finishRevertResize(d: MoveDeps, ctx: RequestContext, uuid: string, mig: MigrationRecord): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  await withEvent(d, ctx, uuid, 'finish_revert_resize', async () => {
    try {
      const old = flavorOf(mig.old_flavor);
      const inst = (await d.conductor.instanceGet(ctx, uuid))!;
      await d.conductor.instanceUpdate(ctx, uuid, { flavor_id: old.id, host: d.host, node: mig.source_node });
      await revertAllocation(d, ctx, uuid, mig);
      const vifs = await prepareVifEvents(d, ctx, uuid);
      await bindPorts(d, ctx, uuid, vifs.ports, d.host);
      const drv = d.log.child('nova.virt.libvirt.driver');
      drv.debug(ctx, uuid, 'Starting finish_revert_migration', { func: 'finish_revert_migration', file: 'virt/libvirt/driver.py', line: 13063 });
      d.tracker.remove(mig.uuid);
      d.tracker.add(uuid, old);
      d.driver.adopt(uuid, uuid.slice(0, 8), old, POWER_STATE.SHUTDOWN);
      // old_vm_state: a server resized while stopped stayed off on the destination and comes back stopped.
      const powerOn = inst.power_state !== POWER_STATE.SHUTDOWN;
      if (powerOn) {
        await d.driver.powerOn(uuid);
        await waitVifEvents(d, ctx, uuid, vifs, 'resized', 'resize_reverting');
      } else {
        d.events.forget(uuid);
      }
      drv.debug(ctx, uuid, 'finish_revert_migration finished successfully.', { func: 'finish_revert_migration', file: 'virt/libvirt/driver.py', line: 13109 });
      await d.migrations.migrationUpdate(ctx, mig.id, { status: 'reverted' });
      mgr.info(ctx, uuid, `Updating instance to original state: '${powerOn ? 'active' : 'stopped'}'`);
      await d.conductor.instanceUpdate(ctx, uuid, powerOn
        ? { vm_state: 'active', task_state: null, power_state: POWER_STATE.RUNNING }
        : { vm_state: 'stopped', task_state: null, power_state: POWER_STATE.SHUTDOWN });
      void d.tracker.report(ctx).catch(() => undefined);
    } catch (e) {
      await errorOut(d, ctx, uuid, mig, e);
      throw e;
    }
  });
}
