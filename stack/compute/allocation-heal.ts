// The resource audit's _remove_deleted_instances_allocations: allocations against this node
// whose consumer this host does not track are looked at one by one, as Nova's resource tracker
// does — a deleted instance's allocations are removed, a consumer unknown to the database or
// an instance still being scheduled or claimed is left alone — with Nova's log lines.

import type { Where } from '../common/oslo-logger.js';
import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import type { ConductorAPI } from '../conductor/rpcapi.js';
import type { ProviderAllocations } from './init-host.js';

const at = (func: string, line: number): Where => ({ func, file: 'compute/resource_tracker.py', line });

export interface AllocationDeleter { deleteAllocations(ctx: RequestContext | null, consumer: string): Promise<void> }

/** Python's repr of an allocation: {'resources': {'VCPU': 1, 'MEMORY_MB': 512}}. */
export function allocRepr(a: { resources: Record<string, number> }): string {
  return `{'resources': {${Object.entries(a.resources).map(([k, v]) => `'${k}': ${v}`).join(', ')}}}`;
}

export async function removeDeletedInstancesAllocations(
  rootLog: OsloLogger, ctx: RequestContext, host: string, nodeUuid: string, tracks: (uuid: string) => boolean,
  conductor: ConductorAPI, placement: ProviderAllocations & AllocationDeleter,
): Promise<string[]> {
  const log = rootLog.child('nova.compute.resource_tracker');
  let allocations: Record<string, { resources: Record<string, number> }>;
  try {
    allocations = await placement.getProviderAllocations(ctx, nodeUuid);
  } catch (e) {
    log.error(ctx, null, `Skipping removal of allocations for deleted instances: ${(e as Error).message}`);
    return [];
  }
  const untracked = Object.keys(allocations).filter((c) => {
    if (!tracks(c)) return true;
    log.debug(ctx, null, `Instance ${c} actively managed on this compute host and has allocations in placement: ${allocRepr(allocations[c])}.`, at('_remove_deleted_instances_allocations', 1741));
    return false;
  });
  if (untracked.length === 0) return [];
  const known = new Map((await conductor.instancesGetByUuids(ctx, untracked)).map((i) => [i.uuid, i]));
  const removed: string[] = [];
  for (const uuid of untracked) {
    const alloc = allocRepr(allocations[uuid]);
    const inst = known.get(uuid);
    if (!inst) {
      log.info(ctx, null, `Instance ${uuid} has allocations against this compute host but is not found in the database.`);
      continue;
    }
    if (inst.deleted_at !== null) {
      log.debug(ctx, null, `Instance ${uuid} has been deleted (perhaps locally). Deleting allocations that remained for this instance against this compute host: ${alloc}.`, at('_remove_deleted_instances_allocations', 1784));
      await placement.deleteAllocations(ctx, uuid).catch(() => undefined);
      removed.push(uuid);
      continue;
    }
    if (!inst.host) {
      log.debug(ctx, null, `Instance ${uuid} has been scheduled to this compute host, the scheduler has made an allocation against this compute node but the instance has yet to start. Skipping heal of allocation: ${alloc}.`, at('_remove_deleted_instances_allocations', 1798));
      continue;
    }
    if (inst.host === host) {
      if (inst.task_state) {
        log.debug(ctx, uuid, `Instance with task_state "${inst.task_state}" is not being actively managed by this compute host but has allocations referencing this compute node (${nodeUuid}): ${alloc}. Skipping heal of allocations during the task state transition.`, at('_remove_deleted_instances_allocations', 1817));
      } else {
        log.warning(ctx, null, `Instance ${uuid} is not being actively managed by this compute host but has allocations referencing this compute host: ${alloc}. Skipping heal of allocation because we do not know what to do.`);
      }
      continue;
    }
    log.warning(ctx, null, `Instance ${uuid} has been moved to another host ${inst.host}(${inst.node}). There are allocations remaining against the source host that might need to be removed: ${alloc}.`);
  }
  return removed;
}
