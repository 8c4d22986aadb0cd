// A build whose instance was deleted meanwhile, as _do_build_and_run_instance handles it: a save
// point of the build (instance.save with an expected task state) finds task_state 'deleting'
// (UnexpectedDeletingTaskStateError: the API cast terminate_instance, which waits for this build
// to return) or no instance at all (InstanceNotFound: the API deleted it before it had a host).
// No 'Instance failed to spawn', no reschedule, no ERROR: 'Instance disappeared during build.',
// the networks cleaned up, then _locked_do_build_and_run_instance removes the allocation.

import type { RequestContext } from '../common/request-context.js';
import { secondsSince as seconds } from '../common/time.js';
import { ExpectedError } from '../rpc/messaging-errors.js';
import type { BuildDeps } from './build-instance.js';

const MANAGER_PY = 'compute/manager.py';
const BUILD_EVENT = 'compute_build_and_run_instance';

/** The exceptions by which a build learns that its instance is being (or was) deleted. */
export function isDisappeared(e: unknown): e is ExpectedError {
  return e instanceof ExpectedError && (e.excClass === 'InstanceNotFound' || e.excClass === 'UnexpectedDeletingTaskStateError');
}

/** Where the build noticed: before its resources (network save), at the spawning save (inside _build_resources), after the spawn. */
export type SavePoint = 'resources' | 'spawning' | 'spawned';

/** _build_resources' cleanup of a failed spawn: _shutdown_instance, keeping the ports it has network_info for. */
async function shutdownInstance(d: BuildDeps, ctx: RequestContext, uuid: string, deallocate: boolean, noAllocate: boolean): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  const t0 = Date.now();
  mgr.info(ctx, uuid, 'Terminating instance');
  await d.driver.destroy(uuid);
  mgr.info(ctx, uuid, `Took ${seconds(t0)} seconds to destroy the instance on the hypervisor.`);
  if (deallocate) await deallocateNetwork(d, ctx, uuid, noAllocate);
}

/** _deallocate_network. */
async function deallocateNetwork(d: BuildDeps, ctx: RequestContext, uuid: string, noAllocate: boolean): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  if (noAllocate) {
    mgr.debug(ctx, uuid, 'Skipping network deallocation for instance since networking was not requested.', { func: '_deallocate_network', file: MANAGER_PY, line: 2289 });
    return;
  }
  mgr.debug(ctx, uuid, 'Deallocating network for instance', { func: '_deallocate_network', file: MANAGER_PY, line: 2293 });
  const t0 = Date.now();
  await d.network.deletePorts(ctx, uuid);
  await d.conductorActions.virtualInterfacesDestroyByInstance(ctx, uuid);
  mgr.info(ctx, uuid, `Took ${seconds(t0)} seconds to deallocate network for instance.`);
}

/** _cleanup_allocated_networks: unplug the VIFs, then deallocate; failures only warned about. */
async function cleanupAllocatedNetworks(d: BuildDeps, ctx: RequestContext, uuid: string, noAllocate: boolean): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  mgr.debug(ctx, uuid, 'Unplugging VIFs for instance', { func: '_cleanup_allocated_networks', file: MANAGER_PY, line: 3054 });
  mgr.debug(ctx, uuid, 'Unplugged VIFs for instance', { func: '_cleanup_allocated_networks', file: MANAGER_PY, line: 3090 });
  try {
    await deallocateNetwork(d, ctx, uuid, noAllocate);
  } catch (e) {
    const err = e as Error;
    mgr.exception(ctx, uuid, `Failed to deallocate networks: ${err.name}: ${err.message}`, ['Traceback (most recent call last):', `${err.name}: ${err.message}`]);
  }
}

export interface DisappearedBuild {
  noticedAt: SavePoint;
  /** networks 'none' (2.37): nothing to deallocate. */
  noAllocate: boolean;
  /** Whether the build had network_info (a port): _build_resources' shutdown then leaves the ports to the cleanup. */
  hadPort: boolean;
}

/** The rest of the build once its instance disappeared, to the FAILED result's allocation removal. */
export async function buildDisappeared(d: BuildDeps, ctx: RequestContext, uuid: string, b: DisappearedBuild): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  d.events.forget(uuid);
  if (b.noticedAt === 'spawning') await shutdownInstance(d, ctx, uuid, !b.hadPort, b.noAllocate);
  if (b.noticedAt !== 'spawned') {
    // The resource claim's abort: usage dropped, host and node unset (a plain save, no expected state).
    d.tracker.remove(uuid);
    await d.conductor.instanceUpdate(ctx, uuid, { host: null, node: null }).catch(() => undefined);
  }
  mgr.debug(ctx, uuid, 'Instance disappeared during build.', { func: '_do_build_and_run_instance', file: MANAGER_PY, line: 2559 });
  await cleanupAllocatedNetworks(d, ctx, uuid, b.noAllocate);
  await d.conductor.actionEventFinish(ctx, uuid, BUILD_EVENT, d.host, 'Success', null).catch(() => undefined);
  await d.placement.deleteAllocations(ctx, uuid).catch(() => undefined);
  d.tracker.buildFailed();
}

/** The first save of _do_build_and_run_instance found the instance gone or not in a state to build. */
export async function notBuilt(d: BuildDeps, ctx: RequestContext, uuid: string, e: ExpectedError): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  if (e.excClass === 'InstanceNotFound') mgr.debug(ctx, uuid, 'Instance disappeared before build.', { func: '_do_build_and_run_instance', file: MANAGER_PY, line: 2485 });
  else mgr.debug(ctx, uuid, e.message, { func: '_do_build_and_run_instance', file: MANAGER_PY, line: 2488 });
  await d.conductor.actionEventFinish(ctx, uuid, BUILD_EVENT, d.host, 'Success', null).catch(() => undefined);
  await d.placement.deleteAllocations(ctx, uuid).catch(() => undefined);
  d.tracker.buildFailed();
}
