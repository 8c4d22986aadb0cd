// The traffic around the target requests: a steady stream of boots (a few failing), deletes,
// API reads, compute periodic tasks and now and then an unrelated error with its traceback.
// Each recurring process re-arms itself from its own event until the world is stopping.

import type { BootPlan, FailKind } from './boot.js';
import { startBoot } from './boot.js';
import { NO_CTX } from './log-file.js';
import { CTRL_OBJ, SFX, hypervisorView, instanceNotFoundTraceback, messagingTimeoutTraceback } from './text.js';
import type { Host, Inst, World } from './world.js';
import { HUGE_FLAVOR } from './world.js';

/** Mean time between new boots (ms): a busy region, about one boot a second. */
const BOOT_EVERY_MS = 1000;
/** Instance count around which deletes balance boots. */
const FLEET_SIZE = 420;
const API_READ_EVERY_MS = 450;
const PERIODIC_EVERY_MS = 60000;

const PERIODIC_TASKS = [
  '_check_instance_build_time', '_sync_scheduler_instance_info', '_heal_instance_info_cache',
  '_poll_rescued_instances', '_poll_unconfirmed_resizes', '_poll_volume_usage', '_reclaim_queued_deletes',
  'update_available_resource', '_cleanup_incomplete_migrations', '_cleanup_expired_console_auth_tokens',
  '_run_pending_deletes', '_poll_rebooting_instances',
];

function repeat(w: World, t: number, every: () => number, fn: (t: number) => void): void {
  w.at(t, (tt) => {
    if (w.stopping) return;
    fn(tt);
    repeat(w, tt + every(), every, fn);
  });
}

export function startBackground(w: World, t0: number): void {
  const rng = w.rng;
  repeat(w, t0 + 200, () => rng.exp(BOOT_EVERY_MS), (t) => noiseBoot(w, t));
  repeat(w, t0 + 900, () => rng.exp((BOOT_EVERY_MS * FLEET_SIZE) / Math.max(50, w.totalInstances())), (t) => randomDelete(w, t));
  repeat(w, t0 + 50, () => rng.exp(API_READ_EVERY_MS), (t) => apiRead(w, t));
  for (const h of w.hosts) {
    repeat(w, t0 + 3000 + h.idx * 7321 + rng.int(0, 999), () => PERIODIC_EVERY_MS + rng.int(-40, 40), (t) => periodic(w, h, t));
  }
  repeat(w, t0 + rng.int(60000, 900000), () => rng.exp(1500000), (t) => apiError(w, t));
  repeat(w, t0 + rng.int(60000, 900000), () => rng.exp(2400000), (t) => conductorError(w, t));
  repeat(w, t0 + rng.int(60000, 900000), () => rng.exp(1350000), (t) => computeError(w, rng.pick(w.hosts), t));
}

function noiseBoot(w: World, t: number): void {
  const rng = w.rng;
  const inst = w.newInstance();
  const r = rng.float();
  let fails: (FailKind | null)[] = [];
  if (r < 0.008) inst.flavor = HUGE_FLAVOR;
  else if (r < 0.013) fails = [rng.chance(0.5) ? 'kvm' : 'memory', null];
  else if (r < 0.0142) fails = ['kvm', 'kvm'];
  else if (r < 0.0155) fails = ['vif-timeout', null];
  const plan: BootPlan = {
    reqId: w.reqId(), inst, az: rng.chance(0.1) ? 'nova' : null, forcedHost: null, hosts: [], fails, observer: null,
  };
  startBoot(w, t, plan);
}

function randomDelete(w: World, t: number): void {
  const h = w.rng.pick(w.hosts);
  if (h.instances.length === 0) return;
  const inst = w.rng.pick(h.instances);
  if (!inst.pinned) planDelete(w, t, h, inst);
}

/** DELETE /servers/U: api, then compute (with lifecycle and neutron events), then placement. */
export function planDelete(w: World, t: number, h: Host, inst: Inst): void {
  const rng = w.rng;
  w.removeInstance(h, inst);
  h.ramUsed -= inst.flavor.ram;
  h.diskUsed -= inst.flavor.disk;
  h.vcpuUsed -= inst.flavor.vcpus;
  const A = w.files.api;
  const K = h.file;
  const u = inst.uuid;
  const ctx = w.ctx(w.reqId(), inst.user, inst.project);
  const nctx = w.ctx(w.reqId(), w.neutronUser, w.serviceProject);
  const apiPid = rng.pick(w.apiPids);
  const dt = rng.int(120, 400);
  w.at(t, (tt) => {
    A.rec(tt, apiPid, 'DEBUG', 'nova.api.openstack.wsgi', ctx, null, `Calling method '<bound method ServersController.delete of ${CTRL_OBJ}>'${SFX.calling}`);
    A.rec(tt + dt, apiPid, 'INFO', 'nova.osapi_compute.wsgi.server', ctx, null, `10.0.0.5 "DELETE /v2/${inst.project}/servers/${u} HTTP/1.1" status: 204 len: 0 time: ${(dt / 1000).toFixed(7)}`);
  });
  let tc = t + rng.int(60, 200);
  const destroy = rng.int(700, 2600);
  w.at(tc, (tt) => K.rec(tt, h.pid, 'INFO', 'nova.compute.manager', ctx, u, 'Terminating instance'));
  tc += destroy;
  w.at(tc, (tt) => {
    K.rec(tt, h.pid, 'INFO', 'nova.compute.manager', NO_CTX, u, 'VM Stopped (Lifecycle Event)');
    K.rec(tt + 12, h.pid, 'INFO', 'nova.virt.libvirt.driver', NO_CTX, u, 'Instance destroyed successfully.');
    K.rec(tt + 40, h.pid, 'INFO', 'nova.virt.libvirt.driver', ctx, u, `Deleting instance files /var/lib/nova/instances/${u}_del`);
    K.rec(tt + 95, h.pid, 'INFO', 'nova.virt.libvirt.driver', ctx, u, `Deletion of /var/lib/nova/instances/${u}_del complete`);
    K.rec(tt + 96, h.pid, 'INFO', 'nova.compute.manager', ctx, u, `Took ${(destroy / 1000 + 0.1).toFixed(2)} seconds to destroy the instance on the hypervisor.`);
    K.rec(tt + 97, h.pid, 'DEBUG', 'nova.compute.manager', ctx, u, `Deallocating network for instance${SFX.dealloc}`);
    K.rec(tt + 98, h.pid, 'DEBUG', 'nova.network.neutron', ctx, u, `deallocate_for_instance()${SFX.deallocFor}`);
  });
  const tEv = tc + rng.int(300, 900);
  w.at(tEv - 30, (tt) => A.rec(tt, rng.pick(w.apiPids), 'INFO', 'nova.api.openstack.compute.server_external_events', nctx, null, `Creating event network-vif-unplugged:${inst.port} for instance ${u} on ${h.name}`));
  w.at(tEv, (tt) => {
    K.rec(tt, h.pid, 'DEBUG', 'nova.compute.manager', nctx, u, `Received event network-vif-unplugged-${inst.port}${SFX.extEvent}`);
    K.rec(tt + 1, h.pid, 'DEBUG', 'nova.compute.manager', nctx, u, `Processing event network-vif-unplugged-${inst.port}${SFX.processEvent}`);
  });
  const dealloc = rng.int(900, 2000);
  w.at(tc + dealloc, (tt) => {
    K.rec(tt, h.pid, 'INFO', 'nova.compute.manager', ctx, u, `Took ${(dealloc / 1000).toFixed(2)} seconds to deallocate network for instance.`);
    w.files.placement.rec(tt + 20, rng.pick(w.placementPids), 'INFO', 'placement.requestlog', w.ctx(w.reqId(), w.novaUser, w.serviceProject), null,
      `10.0.1.${11 + h.idx} "DELETE /placement/allocations/${u}" status: 204 len: 0 microversion: 1.0`);
  });
  w.at(tc + dealloc + rng.int(100, 600), (tt) => K.rec(tt, h.pid, 'DEBUG', 'nova.compute.manager', nctx, u, `Received event network-vif-deleted-${inst.port}${SFX.extEvent}`));
}

const READS = [
  ['detail', 'servers/detail', 12000, 48000],
  ['detail', 'servers/detail?all_tenants=True&host=cmp', 30000, 90000],
  ['flavors', 'flavors/detail', 2200, 2400],
  ['limits', 'limits', 830, 860],
  ['keypairs', 'os-keypairs', 400, 2600],
  ['show', '', 1650, 1990],
  ['show', '', 1650, 1990],
] as const;

const CONTROLLERS = {
  show: ['ServersController.show', 'servers.ServersController'],
  detail: ['ServersController.detail', 'servers.ServersController'],
  flavors: ['FlavorsController.detail', 'flavors.FlavorsController'],
  limits: ['LimitsController.index', 'limits.LimitsController'],
  keypairs: ['KeypairController.index', 'keypairs.KeypairController'],
} as const;

function apiRead(w: World, t: number): void {
  const rng = w.rng;
  const [kind, path0, lo, hi] = rng.pick(READS);
  const user = rng.pick(w.users);
  const project = rng.pick(w.projects);
  let path = `/v2/${project}/${path0}`;
  if (kind === 'show') {
    const h = rng.pick(w.hosts);
    if (h.instances.length === 0) return;
    path = `/v2/${project}/servers/${rng.pick(h.instances).uuid}`;
  } else if (path0.endsWith('host=cmp')) {
    path += String(rng.int(1, 8));
  }
  const ctx = w.ctx(w.reqId(), user, project);
  const pid = rng.pick(w.apiPids);
  const dt = kind === 'detail' ? rng.int(80, 900) : rng.int(10, 90);
  const len = rng.int(lo, hi);
  const [method, obj] = CONTROLLERS[kind];
  w.at(t, (tt) => {
    A(w).rec(tt, pid, 'DEBUG', 'nova.api.openstack.wsgi', ctx, null, `Calling method '<bound method ${method} of <nova.api.openstack.compute.${obj} object at 0x7f3a5c1b9f10>>'${SFX.calling}`);
  });
  w.at(t + dt, (tt) => {
    A(w).rec(tt, pid, 'INFO', 'nova.osapi_compute.wsgi.server', ctx, null, `10.0.0.${rng.int(5, 9)} "GET ${path} HTTP/1.1" status: 200 len: ${len} time: ${(dt / 1000 + 0.0001234).toFixed(7)}`);
  });
}

const A = (w: World) => w.files.api;

function periodic(w: World, h: Host, t: number): void {
  const rng = w.rng;
  const K = h.file;
  const pc = h.periodic;
  const run = ++h.runs;
  const pl = w.files.placement;
  const plPid = rng.pick(w.placementPids);
  const plCtx = w.ctx(w.reqId(), w.novaUser, w.serviceProject);
  w.at(t, (tt) => {
    for (let i = 0; i < PERIODIC_TASKS.length; i++) {
      K.rec(tt + i * 3, h.pid, 'DEBUG', 'oslo_service.periodic_task', pc, null, `Running periodic task ComputeManager.${PERIODIC_TASKS[i]}${SFX.periodic}`);
    }
    const t2 = tt + PERIODIC_TASKS.length * 3;
    K.rec(t2, h.pid, 'DEBUG', 'nova.compute.manager', pc, null, `Starting heal instance info cache${SFX.heal}`);
    if (h.instances.length > 0) {
      const inst = h.instances[h.healIdx++ % h.instances.length];
      K.rec(t2 + 60, h.pid, 'DEBUG', 'nova.compute.manager', pc, inst.uuid, `Updated the network info_cache for instance${SFX.heal}`);
    }
    K.rec(t2 + 61, h.pid, 'DEBUG', 'nova.compute.manager', pc, null, `CONF.reclaim_instance_interval <= 0, skipping...${SFX.reclaim}`);
  });
  const ta = t + rng.int(200, 700);
  w.at(ta, (tt) => {
    K.rec(tt, h.pid, 'INFO', 'nova.compute.resource_tracker', pc, null, `Auditing locally available compute resources for host ${h.name}`);
    K.rec(tt + 380, h.pid, 'DEBUG', 'nova.compute.resource_tracker', pc, null, hypervisorView(h));
    K.rec(tt + 381, h.pid, 'DEBUG', 'oslo_concurrency.lockutils', pc, null, `Lock "compute_resources" acquired by "nova.compute.resource_tracker.ResourceTracker._update_available_resource" :: waited 0.000s${SFX.lockInner}`);
    pl.rec(tt + 395, plPid, 'INFO', 'placement.requestlog', plCtx, null, `${h.ip} "GET /placement/resource_providers/${h.rp}/allocations" status: 200 len: ${120 + h.instances.length * 112} microversion: 1.0`);
    const list = h.instances;
    for (let i = 0; i < list.length; i++) {
      const f = list[i].flavor;
      K.rec(tt + 420 + (i >> 2), h.pid, 'DEBUG', 'nova.compute.resource_tracker', pc, null,
        `Instance ${list[i].uuid} actively managed on this compute host and has allocations in placement: {'resources': {'VCPU': ${f.vcpus}, 'MEMORY_MB': ${f.ram}, 'DISK_GB': ${f.disk}}}.${SFX.managed}`);
    }
    const t3 = tt + 430 + (list.length >> 2);
    K.rec(t3, h.pid, 'DEBUG', 'nova.compute.resource_tracker', pc, null, `Total usable vcpus: ${h.vcpus}, total allocated vcpus: ${h.vcpuUsed}${SFX.finalView}`);
    K.rec(t3, h.pid, 'INFO', 'nova.compute.resource_tracker', pc, null,
      `Final resource view: name=${h.name} phys_ram=${h.memMb}MB used_ram=${h.ramUsed + 512}MB phys_disk=${h.diskGb}GB used_disk=${h.diskUsed}GB total_vcpus=${h.vcpus} used_vcpus=${h.vcpuUsed} pci_stats=[]`);
    pl.rec(t3 + 9, plPid, 'INFO', 'placement.requestlog', plCtx, null, `${h.ip} "GET /placement/resource_providers/${h.rp}/inventories" status: 200 len: 401 microversion: 1.0`);
    pl.rec(t3 + 17, plPid, 'INFO', 'placement.requestlog', plCtx, null, `${h.ip} "GET /placement/resource_providers/${h.rp}/aggregates" status: 200 len: 54 microversion: 1.19`);
    K.rec(t3 + 20, h.pid, 'DEBUG', 'oslo_concurrency.lockutils', pc, null, `Lock "compute_resources" released by "nova.compute.resource_tracker.ResourceTracker._update_available_resource" :: held 0.${rng.int(100, 480)}s${SFX.lockInnerRel}`);
  });
  if (run % 2 === 0) {
    w.at(t + rng.int(50, 150), (tt) => w.files.scheduler.rec(tt, w.schedulerPids[0], 'DEBUG', 'nova.scheduler.host_manager', pc, null, `Successfully synced instances from host '${h.name}'.${SFX.syncInfo}`));
  }
  if (run % 10 === 3) {
    w.at(t + rng.int(1500, 4000), (tt) => {
      const n = h.instances.length;
      if (rng.chance(0.1)) {
        K.rec(tt, h.pid, 'WARNING', 'nova.compute.manager', pc, null, `While synchronizing instance power states, found ${n + 1} instances in the database and ${n} instances on the hypervisor.`);
      }
      for (let i = 0; i < n; i++) {
        const u = h.instances[i].uuid;
        const ti = tt + i;
        K.rec(ti, h.pid, 'DEBUG', 'nova.compute.manager', pc, null, `Triggering sync for uuid ${u}${SFX.syncPower}`);
        K.rec(ti, h.pid, 'DEBUG', 'oslo_concurrency.lockutils', pc, null, `Lock "${u}" acquired by "nova.compute.manager.ComputeManager._sync_power_states.<locals>._sync.<locals>.query_driver_power_state_and_sync" :: waited 0.000s${SFX.lockInner}`);
        K.rec(ti, h.pid, 'DEBUG', 'oslo_concurrency.lockutils', pc, null, `Lock "${u}" released by "nova.compute.manager.ComputeManager._sync_power_states.<locals>._sync.<locals>.query_driver_power_state_and_sync" :: held 0.0${rng.int(10, 60)}s${SFX.lockInnerRel}`);
      }
    });
  }
  if (run % 40 === 7) {
    w.at(t + rng.int(5000, 9000), (tt) => {
      for (const img of w.images) {
        if (!h.cachedImages.has(img.id)) continue;
        K.rec(tt, h.pid, 'INFO', 'nova.virt.libvirt.imagecache', pc, null, `image ${img.id} at (/var/lib/nova/instances/_base/${img.sha1}): checking`);
      }
      K.rec(tt + 2, h.pid, 'INFO', 'nova.virt.libvirt.imagecache', pc, null, `Active base files: ${w.images.filter((i) => h.cachedImages.has(i.id)).map((i) => `/var/lib/nova/instances/_base/${i.sha1}`).join(' ')}`);
    });
  }
}

function writeTraceback(file: { tb(t: number, pid: string, logger: string, inst: string | null, text: string): void }, t: number, pid: string, logger: string, lines: string[]): void {
  for (const x of lines) file.tb(t, pid, logger, null, x);
}

/** An API call that times out on RPC: ERROR + traceback (another worker's line lands inside it). */
function apiError(w: World, t: number): void {
  const rng = w.rng;
  const pids = w.apiPids;
  const pid = rng.pick(pids);
  const other = pids[(pids.indexOf(pid) + 1) % pids.length];
  const project = rng.pick(w.projects);
  const ctx = w.ctx(w.reqId(), rng.pick(w.users), project);
  const octx = w.ctx(w.reqId(), rng.pick(w.users), rng.pick(w.projects));
  const msgId = rng.hex(4);
  const tb = messagingTimeoutTraceback(true, msgId);
  const cut = rng.int(4, tb.length - 4);
  w.at(t, (tt) => A(w).rec(tt, pid, 'DEBUG', 'nova.api.openstack.wsgi', ctx, null, `Calling method '<bound method HypervisorsController.detail of <nova.api.openstack.compute.hypervisors.HypervisorsController object at 0x7f3a5c0a2c10>>'${SFX.calling}`));
  w.at(t + 60000, (tt) => {
    const api = A(w);
    api.rec(tt, pid, 'ERROR', 'nova.api.openstack.extensions', ctx, null, `Unexpected exception in API method: oslo_messaging.exceptions.MessagingTimeout: Timed out waiting for a reply to message ID ${msgId}`);
    writeTraceback(api, tt, pid, 'nova.api.openstack.extensions', tb.slice(0, cut));
    api.rec(tt, other, 'INFO', 'nova.osapi_compute.wsgi.server', octx, null, `10.0.0.7 "GET /v2/${project}/flavors/detail HTTP/1.1" status: 200 len: 2301 time: 0.0312211`);
    writeTraceback(api, tt + 1, pid, 'nova.api.openstack.extensions', tb.slice(cut));
    api.rec(tt + 2, pid, 'INFO', 'nova.api.openstack.wsgi', ctx, null, 'HTTP exception thrown: Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.');
    api.cont("<class 'oslo_messaging.exceptions.MessagingTimeout'>");
    api.rec(tt + 3, pid, 'INFO', 'nova.osapi_compute.wsgi.server', ctx, null, `10.0.0.5 "GET /v2/${project}/os-hypervisors/detail HTTP/1.1" status: 500 len: 226 time: 60.0213340`);
  });
}

function conductorError(w: World, t: number): void {
  const rng = w.rng;
  const pid = rng.pick(w.conductorPids);
  const ctx = w.ctx(w.reqId(), rng.pick(w.users), rng.pick(w.projects));
  const gone = rng.uuid();
  const C = w.files.conductor;
  w.at(t, (tt) => {
    C.rec(tt, pid, 'ERROR', 'oslo_messaging.rpc.server', ctx, null, `Exception during message handling: nova.exception.InstanceNotFound: Instance ${gone} could not be found.`);
    writeTraceback(C, tt, pid, 'oslo_messaging.rpc.server', instanceNotFoundTraceback(gone));
  });
}

function computeError(w: World, h: Host, t: number): void {
  const msgId = w.rng.hex(4);
  const K = h.file;
  w.at(t, (tt) => {
    K.rec(tt, h.pid, 'ERROR', 'nova.compute.manager', h.periodic, null, `Error updating resources for node ${h.name}.: oslo_messaging.exceptions.MessagingTimeout: Timed out waiting for a reply to message ID ${msgId}`);
    writeTraceback(K, tt, h.pid, 'nova.compute.manager', messagingTimeoutTraceback(false, msgId));
  });
}
