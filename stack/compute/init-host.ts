// nova-compute's start-up pass over its instances (ComputeManager.init_host): every instance of
// the host goes through _init_instance — a build the previous process did not finish is set to
// ERROR (Nova keeps its claim and its placement allocation until the server is deleted), a
// deletion it did not finish is done again, a running guest is adopted — and then
// _error_out_instances_whose_build_was_interrupted sets to ERROR the building instances that
// hold an allocation against this node but were never claimed here (the build was cast to this
// host and the process died before instance_claim). Log lines and levels are Nova's.

import type { OsloLogger, Where } from '../common/oslo-logger.js';
import type { Flavor, InstanceRecord } from '../common/objects.js';
import type { RequestContext } from '../common/request-context.js';
import { HttpError } from '../common/http-json.js';
import type { BuildDeps } from './build-instance.js';
import { terminateInstance } from './instance-ops.js';

const at = (func: string, line: number): Where => ({ func, file: 'compute/manager.py', line });
const INTERRUPTED_TASKS = new Set(['scheduling', 'block_device_mapping', 'networking', 'spawning']);
/** States with a guest on the hypervisor, which the driver keeps running across a service restart. */
const GUEST_STATES = new Set(['active', 'stopped', 'paused', 'suspended', 'rescued', 'resized']);

export interface ProviderAllocations {
  getProviderAllocations(ctx: RequestContext | null, uuid: string): Promise<Record<string, { resources: Record<string, number> }>>;
}

/** What init_host did, for the caller (and tests). */
export interface InitHostResult { adopted: string[]; erroredOnHost: string[]; erroredUnclaimed: string[]; deleted: string[] }

async function setError(d: BuildDeps, ctx: RequestContext, uuid: string, mgr: OsloLogger): Promise<void> {
  try {
    await d.conductor.instanceUpdate(ctx, uuid, { vm_state: 'error', task_state: null });
  } catch (e) {
    if (!/could not be found/.test((e as Error).message)) throw e;
    mgr.debug(ctx, uuid, 'Instance has been destroyed from under us while trying to set it to ERROR', at('_set_instance_obj_error_state', 776));
  }
}

async function initInstance(d: BuildDeps, ctx: RequestContext, instance: InstanceRecord, flavor: Flavor, out: InitHostResult): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  const uuid = instance.uuid;
  if (instance.vm_state === 'error' && instance.task_state !== 'deleting') {
    mgr.debug(ctx, uuid, `Instance is in ${instance.vm_state} state.`, at('_init_instance', 1036));
    d.tracker.add(uuid, flavor);
    return;
  }
  if (instance.vm_state === 'building' || INTERRUPTED_TASKS.has(instance.task_state ?? '')) {
    // The compute stopped before the instance was fully spawned; its claim stays counted.
    mgr.debug(ctx, uuid, 'Instance failed to spawn correctly, setting to ERROR state', at('_init_instance', 1058));
    await setError(d, ctx, uuid, mgr);
    d.tracker.add(uuid, flavor);
    out.erroredOnHost.push(uuid);
    return;
  }
  if (instance.task_state === 'deleting') {
    mgr.info(ctx, uuid, 'Service started deleting the instance during the previous run, but did not finish. Restarting the deletion now.');
    d.tracker.add(uuid, flavor);
    try {
      await terminateInstance(d, ctx, uuid);
      out.deleted.push(uuid);
    } catch (e) {
      mgr.exception(ctx, uuid, 'Failed to complete a deletion', ['Traceback (most recent call last):', `${(e as Error).name}: ${(e as Error).message}`]);
      await setError(d, ctx, uuid, mgr);
    }
    return;
  }
  if (GUEST_STATES.has(instance.vm_state)) d.driver.adopt(uuid, instance.name, flavor, instance.power_state);
  d.tracker.add(uuid, flavor);
  out.adopted.push(uuid);
}

async function errorOutInterruptedBuilds(d: BuildDeps, placement: ProviderAllocations, ctx: RequestContext, handled: Set<string>, nodeUuids: string[], out: InitHostResult): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  mgr.info(ctx, null, 'Looking for unclaimed instances stuck in BUILDING status for nodes managed by this host');
  for (const cn of nodeUuids) {
    let allocations: Record<string, unknown>;
    try {
      allocations = await placement.getProviderAllocations(ctx, cn);
    } catch (e) {
      // A node placement does not know yet is a new one (Nova's _get_nodes finds none): nothing to look at.
      if (e instanceof HttpError && e.status === 404) continue;
      mgr.error(ctx, null, `Could not retrieve compute node resource provider ${cn} and therefore unable to error out any instances stuck in BUILDING state. Error: ${(e as Error).message}`);
      continue;
    }
    const notHandled = Object.keys(allocations).filter((c) => !handled.has(c));
    if (notHandled.length === 0) continue;
    const building = (await d.conductor.instancesGetByUuids(ctx, notHandled)).filter((i) => i.deleted_at === null && i.vm_state === 'building');
    for (const instance of building) {
      mgr.debug(ctx, instance.uuid, 'Instance spawn was interrupted before instance_claim, setting instance to ERROR state', at('_error_out_instances_whose_build_was_interrupted', 1718));
      await setError(d, ctx, instance.uuid, mgr);
      out.erroredUnclaimed.push(instance.uuid);
    }
  }
}

export async function initHost(d: BuildDeps, placement: ProviderAllocations, ctx: RequestContext, nodeUuid: string): Promise<InitHostResult> {
  const mgr = d.log.child('nova.compute.manager');
  mgr.debug(ctx, null, `Loading instances for host ${d.host} with expected_attrs: info_cache, metadata, system_metadata, numa_topology, flavor`, at('init_host', 1608));
  const rows = await d.conductor.instancesOnHost(ctx, d.host);
  mgr.debug(ctx, null, `Loaded ${rows.length} instances for host`, at('init_host', 1612));
  const out: InitHostResult = { adopted: [], erroredOnHost: [], erroredUnclaimed: [], deleted: [] };
  for (const { instance, flavor } of rows) await initInstance(d, ctx, instance, flavor, out);
  await errorOutInterruptedBuilds(d, placement, ctx, new Set(rows.map((r) => r.instance.uuid)), [nodeUuid], out);
  return out;
}
