// What the conductor's move tasks share (nova/conductor/tasks/migrate.py and
// scheduler/utils.py): swapping the server's source allocation to its migration record and
// back, set_vm_state_and_notify with Nova's warnings, and the traceback an instance action
// event records for a failed step.

import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import type { StackConfig } from '../common/stack-config.js';
import type { InstanceRecord, VmState } from '../common/objects.js';
import { NOVA, frameLines } from '../compute/traceback-frames.js';
import type { MoveComputeAPI } from '../compute/move-rpcapi.js';
import type { Db } from '../db/open-db.js';
import type { MoveAllocations } from '../placement/move-allocations.js';
import type { PlacementClient } from '../placement/placement-client.js';
import { ExpectedError } from '../rpc/messaging-errors.js';
import type { SchedulerAPI } from '../scheduler/rpcapi.js';
import type { InstanceDb } from './instance-db.js';
import type { MigrationDb, MigrationRecord } from './migration-db.js';

export interface MoveTaskDeps {
  cfg: StackConfig;
  rootLog: OsloLogger;
  db: Db;
  instances: InstanceDb;
  migrations: MigrationDb;
  scheduler: SchedulerAPI;
  compute: MoveComputeAPI;
  allocs: MoveAllocations;
  placement: PlacementClient;
}

/** The compute node (resource provider) uuid of a host, or null. */
export function nodeUuidOf(db: Db, host: string): string | null {
  return (db.prepare('SELECT uuid FROM compute_nodes WHERE host = ?').get(host) as { uuid: string } | undefined)?.uuid ?? null;
}

/** replace_allocation_with_migration: the source node's uuid when the instance held an allocation there. */
export async function replaceAllocationWithMigration(d: MoveTaskDeps, ctx: RequestContext, inst: InstanceRecord, mig: MigrationRecord): Promise<string | null> {
  const log = d.rootLog.child('nova.conductor.tasks.migrate');
  const sourceRp = nodeUuidOf(d.db, inst.host ?? '');
  if (!sourceRp) {
    log.error(ctx, inst.uuid, `Unable to find record for source node ${inst.node} on ${inst.host}`);
    throw new ExpectedError('ComputeHostNotFound', `Compute host ${inst.host} could not be found.`);
  }
  const orig = await d.allocs.get(ctx, inst.uuid);
  if (!orig.allocations[sourceRp]) {
    log.debug(ctx, inst.uuid, `Unable to find existing allocations for instance on source compute node: ${sourceRp}`, { func: 'replace_allocation_with_migration', file: 'conductor/tasks/migrate.py', line: 65 });
    return null;
  }
  if (!(await d.allocs.move(ctx, inst.uuid, mig.uuid))) {
    log.error(ctx, inst.uuid, `Unable to replace resource claim on source host ${inst.host} node ${inst.node} for instance`);
    throw new ExpectedError('NoValidHost', 'No valid host was found. Unable to replace instance claim on source');
  }
  log.debug(ctx, null, `Created allocations for migration ${mig.uuid} on ${sourceRp}`, { func: 'replace_allocation_with_migration', file: 'conductor/tasks/migrate.py', line: 88 });
  return sourceRp;
}

/** revert_allocation_for_migration: the migration's allocation goes back to the instance. */
export async function revertAllocationForMigration(d: MoveTaskDeps, ctx: RequestContext, sourceRp: string, inst: InstanceRecord, mig: MigrationRecord): Promise<void> {
  const log = d.rootLog.child('nova.conductor.tasks.migrate');
  if (!(await d.allocs.move(ctx, mig.uuid, inst.uuid))) {
    log.error(ctx, inst.uuid, `Unable to replace resource claim on source host ${inst.host} node ${inst.node} for instance`);
  } else {
    log.debug(ctx, null, `Created allocations for instance ${inst.uuid} on ${sourceRp}`, { func: 'revert_allocation_for_migration', file: 'conductor/tasks/migrate.py', line: 111 });
  }
}

/** scheduler_utils.set_vm_state_and_notify: Nova's two warnings, the new state and an instance fault. */
export function setVmStateAndNotify(d: MoveTaskDeps, ctx: RequestContext, uuid: string, method: string, vmState: VmState, error: { excClass: string; message: string }): void {
  const log = d.rootLog.child('nova.scheduler.utils');
  log.warning(ctx, null, `Failed to compute_task_${method}: ${error.message}`);
  log.warning(ctx, uuid, `Setting instance to ${vmState.toUpperCase()} state.`);
  d.instances.update(uuid, { vm_state: vmState, task_state: null });
  d.instances.fault(uuid, 500, error.message, `${error.excClass}: ${error.message}`, null);
}

/** The traceback stored with a failed instance action event: Nova's frames down to the raise. */
export function eventTraceback(frames: readonly [string, number, string, string][], excClass: string, message: string): string {
  const lines = [
    'Traceback (most recent call last):',
    ...frameLines({ file: `${NOVA}/compute/utils.py`, line: 1455, func: 'decorated_function', code: 'return function(self, context, *args, **kwargs)' }),
    ...frames.flatMap(([file, line, func, code]) => frameLines({ file: `${NOVA}/${file}`, line, func, code })),
    `nova.exception.${excClass}: ${message}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** An error as the move tasks pass it on: its Nova class and message. */
export function errorOf(e: unknown): { excClass: string; message: string } {
  if (e instanceof ExpectedError) return { excClass: e.excClass, message: e.message };
  const err = e instanceof Error ? e : new Error(String(e));
  return { excClass: err.name.replace(/_Remote$/, ''), message: err.message };
}
