// The conductor's live_migrate_instance (ComputeTaskManager._live_migrate and
// tasks/live_migrate.py's LiveMigrationTask): a migration record in 'accepted', the checks
// (server running or paused, source service up), the source allocation moved to the migration,
// then either the forced host's checks (not the source, up, enough memory, a claim in placement)
// or the scheduler's pick, each candidate asked check_can_live_migrate_destination (which asks
// the source in turn) and skipped when it refuses. Then live_migration is cast to the source.
// A refusal gives the allocation back, leaves the server as it was and reaches the API caller.

import { POWER_STATE, type RequestSpec } from '../common/objects.js';
import type { RequestContext } from '../common/request-context.js';
import { isServiceUp, computeService } from '../api/compute/service-state.js';
import type { LiveMigrateData } from '../compute/move-rpcapi.js';
import { ExpectedError, MessagingTimeout, RemoteError } from '../rpc/messaging-errors.js';
import { frameLines, NOVA } from '../compute/traceback-frames.js';
import type { MigrationRecord } from './migration-db.js';
import { errorOf, eventTraceback, nodeUuidOf, replaceAllocationWithMigration, revertAllocationForMigration, setVmStateAndNotify, type MoveTaskDeps } from './move-common.js';
import { CONTROLLER_HOST } from '../common/db-heartbeat.js';

/** The failures _live_migrate hands back to the API as they are (a 400 there). */
const EXPECTED = new Set(['NoValidHost', 'ComputeHostNotFound', 'ComputeServiceUnavailable', 'InvalidHypervisorType', 'InvalidCPUInfo', 'UnableToMigrateToSelf',
  'DestinationHypervisorTooOld', 'InvalidLocalStorage', 'InvalidSharedStorage', 'HypervisorUnavailable', 'InstanceInvalidState', 'MigrationPreCheckError', 'MigrationSchedulerRPCError']);
const POWER_NAMES: Record<number, string> = { 0: 'pending', 1: 'running', 3: 'paused', 4: 'shutdown', 6: 'crashed', 7: 'suspended' };

const preCheck = (reason: string) => new ExpectedError('MigrationPreCheckError', `Migration pre-check error: ${reason}`);

class LiveMigrationTask {
  private sourceRp: string | null = null;
  private data: LiveMigrateData | null = null;

  constructor(private readonly d: MoveTaskDeps, private readonly ctx: RequestContext, private readonly uuid: string, private readonly source: string,
    private readonly blockMigration: boolean | null, private readonly mig: MigrationRecord, private readonly spec: RequestSpec) {}

  private checkHostIsUp(host: string): void {
    const svc = computeService(this.d.db, host);
    if (!svc || !isServiceUp(this.d.cfg, svc)) throw new ExpectedError('ComputeServiceUnavailable', `Compute service of ${host} is unavailable at this time.`);
  }

  private checkEnoughMemory(dest: string, memInst: number): void {
    const n = this.d.db.prepare('SELECT memory_mb, memory_mb_used, ram_allocation_ratio FROM compute_nodes WHERE host = ?').get(dest) as { memory_mb: number; memory_mb_used: number; ram_allocation_ratio: number } | undefined;
    if (!n) throw new ExpectedError('ComputeHostNotFound', `Compute host ${dest} could not be found.`);
    const avail = n.memory_mb * n.ram_allocation_ratio - n.memory_mb_used;
    if (avail <= memInst) throw preCheck(`Unable to migrate ${this.uuid} to ${dest}: Lack of memory(host:${avail.toFixed(1)} <= instance:${memInst})`);
  }

  /** _call_livem_checks_on_host: the destination's checks, which include the source's. */
  private async livemChecks(dest: string): Promise<void> {
    try {
      this.data = await this.d.compute.checkCanLiveMigrateDestination(this.ctx, dest, this.uuid, this.source, this.blockMigration, this.mig, this.spec.flavor);
    } catch (e) {
      if (e instanceof MessagingTimeout) throw preCheck(`Timeout while checking if we can live migrate to host: ${dest}`);
      throw e;
    }
  }

  private async forcedDestination(dest: string): Promise<void> {
    if (dest === this.source) throw new ExpectedError('UnableToMigrateToSelf', `Unable to migrate instance (${this.uuid}) to current host (${this.source}).`);
    this.checkHostIsUp(dest);
    this.checkEnoughMemory(dest, this.spec.flavor.memory_mb);
    // claim_resources_on_destination: the source allocation (now the migration's), on the destination node.
    const destRp = nodeUuidOf(this.d.db, dest)!;
    const held = await this.d.allocs.get(this.ctx, this.mig.uuid);
    const resources = held.allocations[this.sourceRp ?? '']?.resources;
    if (resources) {
      const r = await this.d.placement.putAllocations(this.ctx, this.uuid, { [destRp]: { resources } }, this.spec.project_id, this.spec.user_id, null);
      if (r.status !== 204) {
        const reason = `Unable to move instance ${this.uuid} to host ${dest}. There is not enough capacity on the host for the instance.`;
        this.d.rootLog.child('nova.scheduler.utils').error(this.ctx, null, reason);
        throw new ExpectedError('NoValidHost', `No valid host was found. ${reason}`);
      }
    }
    try {
      await this.livemChecks(dest);
    } catch (e) {
      await this.d.allocs.removeProvider(this.ctx, this.uuid, destRp);
      throw e;
    }
  }

  /** _find_destination: the scheduler's pick, checked; a refusing host is skipped and its claim dropped. */
  private async findDestination(): Promise<string> {
    const attempted = [this.source];
    const log = this.d.rootLog.child('nova.conductor.tasks.live_migrate');
    for (;;) {
      this.spec.ignore_hosts = [...attempted];
      const [selection] = await this.d.scheduler.selectDestinations(this.ctx, this.spec);
      try {
        await this.livemChecks(selection.host);
        return selection.host;
      } catch (e) {
        const err = errorOf(e);
        if (err.excClass !== 'MigrationPreCheckError' && !err.excClass.startsWith('Invalid')) throw e;
        log.debug(this.ctx, null, `Skipping host: ${selection.host} because: ${err.message}`, { func: '_find_destination', file: 'conductor/tasks/live_migrate.py', line: 557 });
        attempted.push(selection.host);
        await this.d.allocs.removeProvider(this.ctx, this.uuid, nodeUuidOf(this.d.db, selection.host)!);
      }
    }
  }

  async execute(inst: { power_state: number; host: string | null; node: string | null }, forced: string | null): Promise<void> {
    if (inst.power_state !== POWER_STATE.RUNNING && inst.power_state !== POWER_STATE.PAUSED) {
      throw new ExpectedError('InstanceInvalidState', `Instance ${this.uuid} in power_state ${POWER_NAMES[inst.power_state] ?? inst.power_state}. Cannot live migrate while the instance is in this state.`);
    }
    this.checkHostIsUp(this.source);
    this.sourceRp = await replaceAllocationWithMigration(this.d, this.ctx, this.d.instances.get(this.uuid)!, this.mig);
    const dest = forced ?? await this.findDestination();
    if (forced) await this.forcedDestination(forced);
    const mig = this.d.migrations.update(this.mig.id, { source_node: inst.node, dest_node: dest, dest_compute: dest });
    await this.d.compute.liveMigration(this.ctx, this.source, this.uuid, dest, mig, this.data!);
  }

  async rollback(): Promise<void> {
    if (this.sourceRp) await revertAllocationForMigration(this.d, this.ctx, this.sourceRp, this.d.instances.get(this.uuid)!, this.mig);
  }
}

/**
 * The frames oslo.messaging logs for an error raised out of the cast live_migrate_instance
 * (2.34: nothing waits for it, and the method has no expected_exceptions, so its failures are
 * "Exception during message handling" with their traceback).
 */
const CAST_FRAMES = [
  { file: '/usr/lib/python3/dist-packages/oslo_messaging/rpc/server.py', line: 174, func: '_process_incoming', code: 'res = self.dispatcher.dispatch(message)' },
  { file: `${NOVA}/conductor/manager.py`, line: 480, func: 'live_migrate_instance', code: 'self._live_migrate(context, instance, scheduler_hint,' },
  { file: `${NOVA}/conductor/manager.py`, line: 545, func: '_live_migrate', code: 'task.execute()' },
].flatMap(frameLines).map((l) => l.slice(2));

/**
 * `async_`: the conductor's live_migrate_instance (a cast, from 2.34); otherwise its
 * migrate_server with live=True (a call). Each records its own instance event.
 */
export async function liveMigrateInstance(d: MoveTaskDeps, ctx: RequestContext, uuid: string, host: string | null, blockMigration: boolean | null, spec: RequestSpec, async_ = false): Promise<void> {
  const event = async_ ? 'conductor_live_migrate_instance' : 'conductor_migrate_server';
  d.instances.eventStart(uuid, ctx.requestId, event, CONTROLLER_HOST);
  const inst = d.instances.get(uuid);
  if (!inst) throw new ExpectedError('InstanceNotFound', `Instance ${uuid} could not be found.`);
  const mig = d.migrations.create({
    instance_uuid: uuid, status: 'accepted', migration_type: 'live-migration', source_compute: inst.host, dest_compute: host,
    old_instance_type_id: inst.flavor_id, new_instance_type_id: inst.flavor_id, user_id: ctx.userId, project_id: ctx.projectId,
  });
  spec.retry = { num_attempts: 1, hosts: [] };
  const task = new LiveMigrationTask(d, ctx, uuid, inst.host ?? '', blockMigration, mig, spec);
  try {
    await task.execute(inst, host);
  } catch (e) {
    await task.rollback();
    const err = errorOf(e);
    const expected = EXPECTED.has(err.excClass);
    if (!expected) {
      d.rootLog.child('nova.conductor.manager').error(ctx, null, `Migration of instance ${uuid} to host ${host ?? 'None'} unexpectedly failed.`);
    }
    setVmStateAndNotify(d, ctx, uuid, 'migrate_server', expected ? inst.vm_state : 'error', err);
    d.migrations.update(mig.id, { status: 'error' });
    const excClass = expected ? err.excClass : 'MigrationError';
    const message = expected ? err.message : `Migration error: ${err.message}`;
    d.instances.eventFinish(uuid, ctx.requestId, event, 'Error', eventTraceback([
      async_ ? ['conductor/manager.py', 482, 'live_migrate_instance', 'self._live_migrate(context, instance, scheduler_hint,']
        : ['conductor/manager.py', 353, 'migrate_server', 'self._live_migrate(context, instance, scheduler_hint,'],
      ['conductor/manager.py', 545, '_live_migrate', 'task.execute()'],
    ], excClass, message));
    if (async_) throw new RemoteError(`nova.exception.${excClass}`, message, CAST_FRAMES);
    throw new ExpectedError(excClass, message);
  }
  d.instances.eventFinish(uuid, ctx.requestId, event, 'Success', null);
}
