// build_and_run_instance on one host, in Nova's order and wording: claim, network (port,
// binding, wait for network-vif-plugged), image into the _base cache, spawn, ACTIVE. A failed
// claim or spawn is cleaned up and handed back to the conductor to reschedule (build_instances),
// the spawn error logged with its traceback ("Instance failed to spawn"); a failed network
// allocation aborts the build (ERROR, no reschedule), as in Nova, and so does a vif-plug
// timeout (VirtualInterfaceCreateException) in either release, each with its own warning. In
// the current release a reschedule carries the scheduler's remaining alternates back to the
// conductor. A build whose instance is deleted meanwhile notices it at its save points
// (build-disappeared.ts); terminate_instance waits for the build (the instance's lock).

import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import type { RequestSpec, Selection } from '../common/objects.js';
import { POWER_STATE } from '../common/objects.js';
import { nowIso, secondsSince as seconds, sleep } from '../common/time.js';
import { releaseOf } from '../common/release.js';
import type { StackConfig } from '../common/stack-config.js';
import type { ConductorAPI } from '../conductor/rpcapi.js';
import type { ConductorActionsAPI } from '../conductor/actions/rpcapi.js';
import { claim } from './claims.js';
import type { FakeDriver } from './fake-driver.js';
import { NovaError, vifCreationFailed } from './nova-errors.js';
import { EventTimeout } from './instance-events.js';
import type { ImageCache } from './image-cache.js';
import { trustedCertsOf } from './image-signature.js';
import type { InstanceEvents } from './instance-events.js';
import { allocateInBackground, type Allocation } from './network-allocation.js';
import type { NetworkClient } from './network-client.js';
import type { ResourceTracker } from './resource-tracker.js';
import { prepBlockDevices, releaseVolumes, volumeBdms } from './block-device-setup.js';
import type { VolumeClient } from './volume-client.js';
import type { VolumeBdm } from '../conductor/rpcapi.js';
import { ExpectedError } from '../rpc/messaging-errors.js';
import { buildDisappeared, isDisappeared, notBuilt, type SavePoint } from './build-disappeared.js';
import type { InstanceLocks } from './instance-locks.js';

export interface AllocationCleaner {
  deleteAllocations(ctx: RequestContext, consumer: string): Promise<void>;
}

export interface BuildDeps {
  host: string;
  cfg: StackConfig;
  log: OsloLogger;
  conductor: ConductorAPI;
  /** The conductor's methods for the server actions (system metadata). */
  conductorActions: ConductorActionsAPI;
  driver: FakeDriver;
  tracker: ResourceTracker;
  network: NetworkClient;
  images: ImageCache;
  events: InstanceEvents;
  placement: AllocationCleaner;
  volumes: VolumeClient;
  /** utils.synchronized(instance.uuid): builds and deletions of one instance, one at a time. */
  locks: InstanceLocks;
}

const BUILD_EVENT = 'compute_build_and_run_instance';

/** The traceback Nova would print for an error raised during the build. */
function tracebackOf(e: Error): string[] {
  if (e instanceof NovaError) return e.traceback;
  const frames = (e.stack ?? '').split('\n').slice(1, 6).map((l) => `  ${l.trim()}`);
  return ['Traceback (most recent call last):', ...frames, `${e.name}: ${e.message}`];
}

export async function buildAndRunInstance(d: BuildDeps, ctx: RequestContext, spec: RequestSpec, selection: Selection, hostList?: Selection[]): Promise<void> {
  const uuid = spec.instance_uuid;
  const current = releaseOf(d.cfg) === 'current';
  let networkFailed = false;
  const mgr = d.log.child('nova.compute.manager');
  const t0 = Date.now();
  let stage: 'claim' | 'network' | 'block_device' | 'image' | 'spawn' = 'claim';
  let bdms: VolumeBdm[] = [];
  let savePoint: SavePoint = 'resources';
  let hadPort = false;
  await d.conductor.actionEventStart(ctx, uuid, BUILD_EVENT, d.host);
  // DEBUG since Mitaka (INFO before).
  mgr.debug(ctx, uuid, 'Starting instance...', { func: '_do_build_and_run_instance', file: 'compute/manager.py', line: 2478 });
  try {
    await d.conductor.instanceUpdate(ctx, uuid, { vm_state: 'building', task_state: null }, ['scheduling', null]);
  } catch (e) {
    if (!(e instanceof ExpectedError) || !/^(InstanceNotFound|Unexpected(Deleting)?TaskStateError)$/.test(e.excClass)) throw e;
    await notBuilt(d, ctx, uuid, e);
    return;
  }
  try {
    const numa = d.tracker.fitNuma(spec.flavor);
    claim(d.log.child('nova.compute.claims'), ctx, uuid, d.host, spec.flavor, d.tracker.usage, selection.limits, numa !== 'nofit');
    const topology = numa === 'nofit' ? null : numa;
    d.tracker.add(uuid, spec.flavor, topology);
    await sleep(d.cfg.driver.claim);

    stage = 'network';
    // The claim's host and node, saved with _allocate_network's task state (expected: None).
    // The claim's NUMA topology goes with the instance (instance_extra.numa_topology).
    await d.conductor.instanceUpdate(ctx, uuid, { task_state: 'networking', host: d.host, node: d.host, ...(topology ? { numa_topology: JSON.stringify(topology) } : {}) }, [null]);
    mgr.debug(ctx, uuid, 'Start building networks asynchronously for instance.', { func: '_build_resources', file: 'compute/manager.py', line: 2720 });
    // allocate_for_instance runs in the background in Nova: a failed port creation is logged
    // there at once and surfaces when the driver reads network_info during spawn.
    // networks 'none' (2.37): no port, no VIF to wait for.
    if (spec.no_allocate) mgr.debug(ctx, uuid, "Not allocating networking since 'none' was specified.", { func: '_allocate_network_async', file: 'compute/manager.py', line: 1981 });
    const allocated: Allocation | { none: true } = spec.network_ids.length === 0 ? { none: true } : await allocateInBackground(d, ctx, uuid, spec.network_ids[0], spec.security_groups);
    let vifPlugged: ReturnType<InstanceEvents['prepare']> | null = null;
    let vifEvent = '';
    if ('port' in allocated) {
      const port = allocated.port;
      hadPort = true;
      // The port's VirtualInterface record, with the requested network's device tag (2.42+).
      await d.conductorActions.virtualInterfaceCreate(ctx, { uuid: port.id, instance_uuid: uuid, address: port.mac_address, network_id: spec.network_ids[0], tag: spec.network_tags?.[0] ?? null });
      vifEvent = `network-vif-plugged-${port.id}`;
      vifPlugged = d.events.prepare(uuid, vifEvent);
      mgr.debug(ctx, uuid, `Preparing to wait for external event ${vifEvent}`, { func: 'prepare_for_instance_event', file: 'compute/manager.py', line: 283 });
      await d.network.bindPort(ctx, uuid, port.id, d.host);
      d.log.child('os_vif').info(ctx, null, `Successfully plugged vif VIFOpenVSwitch(active=False,address=${port.mac_address},bridge_name='br-int',has_traffic_filtering=True,id=${port.id},network=Network(${spec.network_ids[0]}),plugin='ovs',port_profile=VIFPortProfileOpenVSwitch,preserve_on_delete=False,vif_name='tap${port.id.slice(0, 11)}')`);
    }
    await sleep(d.cfg.driver.network);

    // _default_block_device_names: the root device is the boot_index 0 device, vda unless named.
    const rootDevice = spec.block_device_mapping?.find((b) => b.boot_index === 0)?.device_name ?? '/dev/vda';
    await d.conductor.instanceUpdate(ctx, uuid, { root_device_name: rootDevice });
    if (spec.block_device_mapping?.some((b) => b.destination_type === 'volume')) {
      stage = 'block_device';
      mgr.debug(ctx, uuid, 'Start building block device mappings for instance.', { func: '_build_resources', file: 'compute/manager.py', line: 2911 });
      await d.conductor.instanceUpdate(ctx, uuid, { task_state: 'block_device_mapping' });
      bdms = await volumeBdms(d, ctx, uuid);
      await prepBlockDevices(d, ctx, uuid, bdms, !spec.is_bfv);
    }

    // Inside _build_resources from here. Nova expects block_device_mapping; the stack skips that task state without volumes.
    const taskBefore = stage === 'block_device' ? 'block_device_mapping' : 'networking';
    stage = 'image';
    savePoint = 'spawning';
    await d.conductor.instanceUpdate(ctx, uuid, { task_state: 'spawning' }, [taskBefore]);
    d.log.child('nova.virt.libvirt.driver').info(ctx, uuid, 'Creating image(s)');
    if (!spec.is_bfv) {
      const base = await d.images.fetch(ctx, uuid, spec.image, trustedCertsOf(d.conductor, ctx, uuid));
      d.images.verifyBaseSize(ctx, base, spec.flavor.root_gb);
    }
    await sleep(d.cfg.driver.image);

    stage = 'spawn';
    const tSpawn = Date.now();
    // The guest's XML needs network_info: the background allocation's failure is raised here.
    if ('error' in allocated) throw allocated.error;
    const port = 'port' in allocated ? allocated.port : null;
    await d.driver.spawn(ctx, uuid, uuid.slice(0, 8), spec.flavor, port?.mac_address ?? null, async () => {
      if (!port) return;
      try {
        await d.events.wait(vifPlugged!, d.cfg.vifPluggingTimeoutMs, `network-vif-plugged for port ${port.id}`);
      } catch (e) {
        if (!(e instanceof EventTimeout)) throw e;
        const waited = `network-vif-plugged-${port.id}: timed out after ${(d.cfg.vifPluggingTimeoutMs / 1000).toFixed(2)} seconds`;
        if (current) {
          // Yoga and later: ComputeVirtAPI.wait_for_instance_event names the events as a list of keys.
          mgr.warning(ctx, uuid, `Timeout waiting for ['${vifEvent}'] for instance with vm_state building and task_state spawning. Event states are: ${waited}`);
        } else {
          // Pike's libvirt driver, while eventlet's Timeout is handled (hence oslo.log's suffix).
          const s = d.cfg.vifPluggingTimeoutMs / 1000;
          d.log.child('nova.virt.libvirt.driver').warning(ctx, uuid, `Timeout waiting for vif plugging callback for instance with vm_state building and task_state spawning.: eventlet.timeout.Timeout: ${s} second${s === 1 ? '' : 's'}`);
        }
        // VirtualInterfaceCreateException aborts the build in every release (vif_plugging_is_fatal).
        networkFailed = true;
        throw vifCreationFailed();
      }
    });
    mgr.info(ctx, uuid, `Took ${seconds(tSpawn)} seconds to spawn the instance on the hypervisor.`);
    savePoint = 'spawned';
    await d.conductor.instanceUpdate(ctx, uuid, { vm_state: 'active', task_state: null, power_state: POWER_STATE.RUNNING, launched_at: nowIso() }, ['spawning']);
    mgr.info(ctx, uuid, `Took ${seconds(t0)} seconds to build instance.`);
    await d.conductor.actionEventFinish(ctx, uuid, BUILD_EVENT, d.host, 'Success', null);
    d.tracker.buildSucceeded();
    void d.tracker.report(ctx).catch(() => undefined);
  } catch (e) {
    if (isDisappeared(e)) {
      await buildDisappeared(d, ctx, uuid, { noticedAt: savePoint, noAllocate: Boolean(spec.no_allocate) || spec.network_ids.length === 0, hadPort });
      return;
    }
    // _build_failed: a failed or rescheduled build counts ([compute]consecutive_build_service_disable_threshold is on by default).
    d.tracker.buildFailed();
    const err = e instanceof Error ? e : new Error(String(e));
    const tb = tracebackOf(err);
    const cleanUp = async () => {
      d.events.forget(uuid);
      await d.driver.destroy(uuid).catch(() => undefined);
      await d.network.deletePorts(ctx, uuid).catch(() => undefined);
      await d.placement.deleteAllocations(ctx, uuid).catch(() => undefined);
      d.tracker.remove(uuid);
    };
    if (stage === 'block_device') {
      // _prep_block_device logged it; _build_resources aborts (InvalidBDM), no reschedule.
      const reason = `Build of instance ${uuid} aborted: ${err.message}`;
      mgr.debug(ctx, uuid, reason, { func: '_build_and_run_instance', file: 'compute/manager.py', line: 2716 });
      mgr.error(ctx, uuid, `${reason}: nova.exception.BuildAbortException: ${reason}`);
      await cleanUp();
      await releaseVolumes(d, ctx, uuid, await volumeBdms(d, ctx, uuid).catch(() => bdms));
      await d.conductor.instanceUpdate(ctx, uuid, { vm_state: 'error', task_state: null, host: null, node: null });
      await d.conductor.instanceFaultCreate(ctx, uuid, 500, reason, tb.join('\n'), d.host);
      await d.conductor.actionEventFinish(ctx, uuid, BUILD_EVENT, d.host, 'Error', tb.join('\n'));
      return;
    }
    if (stage === 'network' || networkFailed) {
      // Nova does not reschedule a build whose network allocation failed: it aborts it.
      const reason = `Build of instance ${uuid} aborted: Failed to allocate the network(s), not rescheduling.`;
      if (stage !== 'network') mgr.exception(ctx, uuid, `Instance failed to spawn: ${err.name}: ${err.message}`, tb);
      mgr.exception(ctx, uuid, 'Failed to allocate network(s)', tb);
      await cleanUp();
      mgr.error(ctx, uuid, reason);
      await d.conductor.instanceUpdate(ctx, uuid, { vm_state: 'error', task_state: null, host: null, node: null });
      await d.conductor.instanceFaultCreate(ctx, uuid, 500, reason, tb.join('\n'), d.host);
      await d.conductor.actionEventFinish(ctx, uuid, BUILD_EVENT, d.host, 'Error', tb.join('\n'));
      return;
    }
    if (err instanceof NovaError && err.abort) {
      // _build_and_run_instance turns it into BuildAbortException: no reschedule.
      const reason = `Build of instance ${uuid} aborted: ${err.abort.reason}`;
      mgr.exception(ctx, uuid, `Instance failed to spawn: ${err.name}: ${err.message}`, tb);
      const warning = current ? err.abort.warning : err.abort.legacyWarning ?? err.abort.warning;
      if (warning) mgr.warning(ctx, uuid, `${warning}: ${err.name}: ${err.message}`);
      await cleanUp();
      mgr.error(ctx, uuid, `${reason}: nova.exception.BuildAbortException: ${reason}`);
      await d.conductor.instanceUpdate(ctx, uuid, { vm_state: 'error', task_state: null, host: null, node: null });
      await d.conductor.instanceFaultCreate(ctx, uuid, 500, reason, tb.join('\n'), d.host);
      await d.conductor.actionEventFinish(ctx, uuid, BUILD_EVENT, d.host, 'Error', tb.join('\n'));
      return;
    }
    if (stage !== 'claim') {
      mgr.exception(ctx, uuid, `Instance failed to spawn: ${err.name}: ${err.message}`, tb);
      if (current) mgr.exception(ctx, uuid, `Failed to build and run instance: ${err.name}: ${err.message}`, tb);
    }
    mgr.debug(ctx, uuid, `Build of instance ${uuid} was re-scheduled: ${err.message}`, { func: '_do_build_and_run_instance', file: 'compute/manager.py', line: current ? 2555 : 2437 });
    await cleanUp();
    // _nil_out_instance_obj_host_and_node, task_state back to scheduling: the conductor owns the build again.
    await d.conductor.instanceUpdate(ctx, uuid, { host: null, node: null, task_state: 'scheduling' });
    await d.conductor.actionEventFinish(ctx, uuid, BUILD_EVENT, d.host, 'Error', tb.join('\n'));
    await d.conductor.buildInstances(ctx, spec, d.host, { excClass: err.name, message: err.message, traceback: tb.slice(1, -1) }, current ? hostList ?? [] : undefined);
  }
}
