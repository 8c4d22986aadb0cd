// Live migration on the compute hosts, in Nova's order and words (nova/compute/manager.py and
// the libvirt driver): the destination's and source's checks, pre_live_migration on the
// destination (ports bound there; the source waits for network-vif-plugged), the memory copy
// with its progress lines, then _post_live_migration (the guest and the migration's allocation
// leave the source, the destination takes the server) or _rollback_live_migration (the
// allocation goes back to the server, the destination forgets it). An abort cancels a queued
// migration at once, or stops the copy of a running one.

import { POWER_STATE } from '../common/objects.js';
import type { RequestContext } from '../common/request-context.js';
import { secondsSince, sleep } from '../common/time.js';
import type { MigrationRecord } from '../conductor/migration-db.js';
import { ExpectedError } from '../rpc/messaging-errors.js';
import { migrationConnectError } from '../faults/live-migration-failure.js';
import { incoming, withEvent, type MoveDeps } from './move-deps.js';
import type { LiveMigrateData } from './move-rpcapi.js';
import { bindPorts, prepareVifEvents, waitVifEvents } from './port-migration.js';
import { revertAllocation } from './resize-ops.js';

/** The live migrations this host is the source of (ComputeManager._waiting_live_migrations), and abort requests. */
export class LiveMigrations {
  readonly waiting = new Map<string, { migration: MigrationRecord; started: boolean }>();
  readonly aborted = new Set<string>();
  /** The driver's active_migrations tasks: 'force-complete' pauses the guest (no post-copy). */
  readonly forced = new Set<string>();
}

const drv = (d: MoveDeps) => d.log.child('nova.virt.libvirt.driver');
const mgrLog = (d: MoveDeps) => d.log.child('nova.compute.manager');
const at = (func: string, line: number) => ({ func, file: 'compute/manager.py', line });

function dataRepr(x: LiveMigrateData): string {
  return `LibvirtLiveMigrateData(bdms=[],block_migration=${x.block_migration ? 'True' : 'False'},disk_available_mb=<?>,disk_over_commit=<?>,dst_cpu_shared_set_info=<?>,`
    + `dst_numa_info=<?>,dst_supports_mdev_live_migration=True,dst_supports_numa_live_migration=<?>,dst_wants_file_backed_memory=False,file_backed_memory_discard=<?>,`
    + `filename='tmp${x.source_host}',graphics_listen_addr_spice=127.0.0.1,graphics_listen_addr_vnc=127.0.0.1,image_type='qcow2',instance_relative_path=<?>,`
    + `is_shared_block_storage=False,is_shared_instance_path=${x.is_shared_instance_path ? 'True' : 'False'},is_volume_backed=False,migration=<?>,`
    + `old_vol_attachment_ids=<?>,serial_listen_addr=None,serial_listen_ports=<?>,src_supports_native_luks=<?>,src_supports_numa_live_migration=<?>,`
    + `supported_perf_events=<?>,target_connect_addr=None,target_mdevs=<?>,vifs=[],wait_for_vif_plugged=True)`;
}

export async function checkCanLiveMigrateDestination(d: MoveDeps, ctx: RequestContext, uuid: string, source: string, blockMigration: boolean | null, data: Pick<LiveMigrateData, 'flavor'>): Promise<LiveMigrateData> {
  return withEvent(d, ctx, uuid, 'check_can_live_migrate_destination', async () => {
    // _compare_cpu: the cpu-model fault gives this host an older CPU than the source's.
    if (d.faults?.take('cpu-model', d.host)) {
      throw new ExpectedError('InvalidCPUInfo', "Unacceptable CPU info: CPU doesn't have compatibility.\n\n0\n\nRefer to http://libvirt.org/html/libvirt-libvirt-host.html#virCPUCompareResult");
    }
    const out: LiveMigrateData = { block_migration: blockMigration ?? true, dest_host: d.host, source_host: source, is_shared_instance_path: false, flavor: data.flavor };
    mgrLog(d).debug(ctx, null, `destination check data is ${dataRepr(out)}`, at('check_can_live_migrate_destination', 9191));
    return d.moves.checkCanLiveMigrateSource(ctx, source, uuid, out);
  });
}

export async function checkCanLiveMigrateSource(d: MoveDeps, ctx: RequestContext, uuid: string, data: LiveMigrateData): Promise<LiveMigrateData> {
  return withEvent(d, ctx, uuid, 'check_can_live_migrate_source', async () => {
    // No shared instance path on the stack's hosts: only a block migration can move the disk.
    if (!data.block_migration && !data.is_shared_instance_path) {
      throw new ExpectedError('InvalidSharedStorage', `${d.host} is not on shared storage: Shared storage live-migration requires either shared storage or boot-from-volume with no local disks.`);
    }
    mgrLog(d).debug(ctx, null, `source check data is ${dataRepr(data)}`, at('check_can_live_migrate_source', 9399));
    return data;
  });
}

export async function preLiveMigration(d: MoveDeps, ctx: RequestContext, uuid: string, data: LiveMigrateData): Promise<LiveMigrateData> {
  return withEvent(d, ctx, uuid, 'pre_live_migration', async () => {
    d.tracker.add(incoming(uuid), data.flavor);
    drv(d).debug(ctx, uuid, 'Plugging VIFs using destination host port bindings before live migration.', { func: '_pre_live_migration_plug_vifs', file: 'virt/libvirt/driver.py', line: 12009 });
    await bindPorts(d, ctx, uuid, await d.network.instancePorts(ctx, uuid), d.host);
    void d.tracker.report(ctx).catch(() => undefined);
    return data;
  });
}

export async function postLiveMigrationAtDestination(d: MoveDeps, ctx: RequestContext, uuid: string, flavor: LiveMigrateData['flavor']): Promise<void> {
  await withEvent(d, ctx, uuid, 'post_live_migration_at_destination', async () => {
    mgrLog(d).info(ctx, uuid, 'Post operation of migration started');
    d.driver.adopt(uuid, uuid.slice(0, 8), flavor, POWER_STATE.RUNNING);
    d.log.child('nova.compute.manager').info(null, uuid, 'VM Resumed (Lifecycle Event)');
    d.tracker.remove(incoming(uuid));
    d.tracker.add(uuid, flavor);
    await d.conductor.instanceUpdate(ctx, uuid, { host: d.host, node: d.host, power_state: POWER_STATE.RUNNING, task_state: null, progress: 0 });
    void d.tracker.report(ctx).catch(() => undefined);
  });
}

export async function rollbackLiveMigrationAtDestination(d: MoveDeps, ctx: RequestContext, uuid: string): Promise<void> {
  await withEvent(d, ctx, uuid, 'rollback_live_migration_at_destination', async () => {
    d.tracker.remove(incoming(uuid));
    void d.tracker.report(ctx).catch(() => undefined);
  });
}

/** _rollback_live_migration on the source: the allocation back, the ports back, the destination told. */
async function rollback(d: MoveDeps, state: LiveMigrations, ctx: RequestContext, uuid: string, dest: string, mig: MigrationRecord, status: 'error' | 'cancelled' | 'failed'): Promise<void> {
  state.waiting.delete(uuid);
  state.aborted.delete(uuid);
  state.forced.delete(uuid);
  if (!(await revertAllocation(d, ctx, uuid, mig))) {
    mgrLog(d).error(ctx, uuid, `Unable to revert allocations during live migration rollback; compute driver did not provide migrate_data`);
  }
  await bindPorts(d, ctx, uuid, await d.network.instancePorts(ctx, uuid), d.host).catch(() => undefined);
  await d.moves.rollbackLiveMigrationAtDestination(ctx, dest, uuid);
  await d.conductor.instanceUpdate(ctx, uuid, { task_state: null, progress: 0 });
  await d.migrations.migrationUpdate(ctx, mig.id, { status });
}

/** _post_live_migration on the source. */
async function post(d: MoveDeps, state: LiveMigrations, ctx: RequestContext, uuid: string, dest: string, mig: MigrationRecord, data: LiveMigrateData): Promise<void> {
  state.waiting.delete(uuid);
  state.forced.delete(uuid);
  mgrLog(d).info(ctx, uuid, '_post_live_migration() is started..');
  await d.driver.destroy(uuid);
  await d.moves.postLiveMigrationAtDestination(ctx, dest, uuid);
  mgrLog(d).info(ctx, uuid, `Migrating instance to ${dest} finished successfully.`);
  await d.migrations.migrationUpdate(ctx, mig.id, { status: 'completed' });
  await d.allocs.delete(ctx, mig.uuid, 'migration');
  d.tracker.remove(uuid);
  void d.tracker.report(ctx).catch(() => undefined);
  void data;
}

/** The driver's memory copy (_live_migration_monitor): progress lines until done or aborted. */
async function copyMemory(d: MoveDeps, state: LiveMigrations, ctx: RequestContext, uuid: string, data: LiveMigrateData): Promise<'completed' | 'cancelled'> {
  const total = data.flavor.memory_mb * 1024 * 1024;
  const duration = d.cfg.driver.liveMigration ?? d.cfg.driver.spawn * 10;
  const steps = Math.max(1, Math.round(duration / 500));
  const t0 = Date.now();
  let lastInfo = 0;
  for (let n = 0; n < steps; n++) {
    await sleep(duration / steps);
    if (state.aborted.has(uuid)) return 'cancelled';
    // A paused guest dirties no memory: what is left is copied at once.
    if (state.forced.has(uuid)) n = steps - 1;
    const elapsed = Math.floor((Date.now() - t0) / 1000);
    const processed = Math.round(total * (n + 1) / steps);
    const remaining = total - processed;
    const pct = total ? Math.round(remaining * 100 / total) : 100;
    const line = `Migration running for ${elapsed} secs, memory ${pct}% remaining (bytes processed=${processed}, remaining=${remaining}, total=${total}); disk 0% remaining (bytes processed=0, remaining=0, total=0).`;
    if (elapsed - lastInfo >= 30) { lastInfo = elapsed; drv(d).info(ctx, uuid, line); } else drv(d).debug(ctx, uuid, line, { func: '_live_migration_monitor', file: 'virt/libvirt/driver.py', line: 11741 });
  }
  return state.aborted.has(uuid) ? 'cancelled' : 'completed';
}

/** _live_migration_operation's guest.migrate(): a libvirt error ends it at once ('Live Migration failure'), the monitor then sees the job failed. */
async function migrateGuest(d: MoveDeps, state: LiveMigrations, ctx: RequestContext, uuid: string, dest: string, data: LiveMigrateData): Promise<'completed' | 'cancelled' | 'failed'> {
  drv(d).debug(ctx, uuid, 'About to invoke the migrate API', { func: '_live_migration_operation', file: 'virt/libvirt/driver.py', line: 11475 });
  const refused = migrationConnectError(d.faults, dest);
  if (refused) {
    // oslo.log appends the exception being handled to an ERROR logged inside `except`.
    drv(d).error(ctx, uuid, `Live Migration failure: ${refused}: libvirt.libvirtError: ${refused}`);
    return 'failed';
  }
  return copyMemory(d, state, ctx, uuid, data);
}

export async function liveMigration(d: MoveDeps, state: LiveMigrations, ctx: RequestContext, uuid: string, dest: string, migration: MigrationRecord, data: LiveMigrateData): Promise<void> {
  await withEvent(d, ctx, uuid, 'live_migration', async () => {
    let mig = await d.migrations.migrationUpdate(ctx, migration.id, { status: 'queued' });
    state.waiting.set(uuid, { migration: mig, started: false });
    mig = await d.migrations.migrationUpdate(ctx, mig.id, { status: 'preparing' });
    const vifs = await prepareVifEvents(d, ctx, uuid);
    const t0 = Date.now();
    try {
      await d.moves.preLiveMigration(ctx, dest, uuid, data);
    } catch (e) {
      d.events.forget(uuid);
      mgrLog(d).exception(ctx, uuid, `Pre live migration failed at ${dest}`, ['Traceback (most recent call last):', `${(e as Error).name}: ${(e as Error).message}`]);
      await rollback(d, state, ctx, uuid, dest, mig, 'error');
      throw e;
    }
    mgrLog(d).info(ctx, uuid, `Took ${secondsSince(t0)} seconds for pre_live_migration on destination host ${dest}.`);
    await waitVifEvents(d, ctx, uuid, vifs, 'active', 'migrating');
    if (!state.waiting.has(uuid) || state.aborted.has(uuid)) {
      mgrLog(d).debug(ctx, uuid, `Migration ${mig.uuid} aborted by another process, rollback.`, at('_do_live_migration', 9765));
      await rollback(d, state, ctx, uuid, dest, mig, 'cancelled');
      return;
    }
    state.waiting.set(uuid, { migration: mig, started: true });
    mig = await d.migrations.migrationUpdate(ctx, mig.id, { status: 'running' });
    mgrLog(d).debug(ctx, null, `live_migration data is ${dataRepr(data)}`, at('_do_live_migration', 9786));
    const outcome = await migrateGuest(d, state, ctx, uuid, dest, data);
    if (outcome === 'failed') {
      drv(d).error(ctx, uuid, 'Migration operation has aborted');
      await rollback(d, state, ctx, uuid, dest, mig, 'failed');
    } else if (outcome === 'cancelled') {
      drv(d).warning(ctx, uuid, 'Migration operation was cancelled');
      await rollback(d, state, ctx, uuid, dest, mig, 'cancelled');
    } else {
      drv(d).info(ctx, uuid, 'Migration operation has completed');
      await post(d, state, ctx, uuid, dest, mig, data);
    }
    drv(d).debug(ctx, uuid, 'Migration operation thread has finished', { func: '_live_migration_operation', file: 'virt/libvirt/driver.py', line: 11532 });
    drv(d).debug(ctx, uuid, 'Live migration monitoring is all done', { func: '_live_migration', file: 'virt/libvirt/driver.py', line: 11869 });
  });
}

export async function liveMigrationAbort(d: MoveDeps, state: LiveMigrations, ctx: RequestContext, uuid: string, migrationId: number): Promise<void> {
  await withEvent(d, ctx, uuid, 'live_migration_abort', async () => {
    const entry = state.waiting.get(uuid);
    if (entry && !entry.started) {
      // Still queued or preparing: it stops before the copy begins and rolls back there.
      state.aborted.add(uuid);
      return;
    }
    const mig = await d.migrations.migrationGet(ctx, migrationId);
    if (!mig || mig.status !== 'running') {
      throw new ExpectedError('InvalidMigrationState', `Migration ${migrationId} state of instance ${uuid} is ${mig?.status ?? 'None'}. Cannot abort live migration while the migration is in this state.`);
    }
    state.aborted.add(uuid);
  });
}

/**
 * live_migration_force_complete (2.22): the libvirt driver queues 'force-complete' for the
 * migration monitor, which pauses the guest when post-copy is not permitted (the default).
 */
export async function liveMigrationForceComplete(d: MoveDeps, state: LiveMigrations, ctx: RequestContext, uuid: string): Promise<void> {
  await withEvent(d, ctx, uuid, 'live_migration_force_complete', async () => {
    if (!state.waiting.has(uuid)) throw new ExpectedError('NoActiveMigrationForInstance', `Active live migration for instance ${uuid} not found`);
    state.forced.add(uuid);
  });
}
