// One server boot as Nova logs it across api → conductor → scheduler (+ placement) → compute,
// including the ways it ends: ACTIVE, NoValidHost (whichever filter empties the list), a
// spawn failure with its traceback, a reschedule to another host, and retries exceeded.
// Every line is planned when the boot starts (times drawn up front), then written by the
// event queue in time order; the wording follows real Nova (logger names, messages).

import type { Ctx, Level, LogFile, Tracker } from './log-file.js';
import { NO_CTX } from './log-file.js';
import {
  CTRL_OBJ, SFX, computeNodeRepr, createBody, guestXml, networkInfo, serviceDictRepr, spawnTraceback,
  startGuestXml, tracebackList, vifRepr, vifTimeoutTraceback,
} from './text.js';
import type { Host, Inst, World } from './world.js';
import { hostDesc } from './world.js';

export const MAX_ATTEMPTS = 2;

export type FailKind = 'kvm' | 'memory' | 'vif-timeout';

export const FAIL_REASON: Record<FailKind, string> = {
  kvm: 'internal error: process exited while connecting to monitor: Could not access KVM kernel module: Permission denied',
  memory: 'internal error: qemu unexpectedly closed the monitor: qemu-system-x86_64: cannot set up guest memory pc.ram: Cannot allocate memory',
  'vif-timeout': 'Virtual Interface creation failed',
};

/** What the ground truth wants to hear about a target boot besides its records. */
export interface BootObserver {
  readonly tracker: Tracker;
  noValidHost(file: LogFile, line: number, offset: number): void;
  spawnError(file: LogFile, line: number, offset: number): void;
}

export interface BootPlan {
  reqId: string;
  inst: Inst;
  /** Requested availability zone (`nova:<host>` when forcedHost is set). */
  az: string | null;
  forcedHost: Host | null;
  /** Host to pick on each attempt (targets); null or missing: the weighers decide. */
  hosts: (Host | null)[];
  /** Failure on each attempt; null or missing: the spawn succeeds. */
  fails: (FailKind | null)[];
  observer: BootObserver | null;
}

export interface AttemptResult { host: string; result: 'active' | 'rescheduled' | 'failed' }

export interface BootResult {
  tEnd: number;
  status: 'ACTIVE' | 'ERROR';
  host: Host | null;
  attempts: AttemptResult[];
  /** Filter that removed the last hosts, when the boot ended in NoValidHost. */
  filter: string | null;
}

type Line = [Level, string, string | null, string];

const FILTERS = [
  'RetryFilter', 'AvailabilityZoneFilter', 'ComputeFilter', 'RamFilter', 'CoreFilter', 'DiskFilter',
  'ImagePropertiesFilter', 'ServerGroupAntiAffinityFilter',
] as const;

const CLIENT_IPS = ['10.0.0.5', '10.0.0.6', '10.20.4.17', '10.20.4.18', '172.16.8.40'];
const NVH_REMOTE_TB = [
  'Traceback (most recent call last):', '',
  '  File "/usr/lib/python3/dist-packages/oslo_messaging/rpc/server.py", line 241, in inner',
  '    return func(*args, **kwargs)', '',
  '  File "/usr/lib/python3/dist-packages/nova/scheduler/manager.py", line 223, in select_destinations',
  '    allocation_request_version, return_alternates)', '',
  '  File "/usr/lib/python3/dist-packages/nova/scheduler/filter_scheduler.py", line 244, in _schedule',
  '    claimed_instance_uuids)', '',
  '  File "/usr/lib/python3/dist-packages/nova/scheduler/filter_scheduler.py", line 281, in _ensure_sufficient_hosts',
  '    raise exception.NoValidHost(reason=reason)', '',
  'nova.exception.NoValidHost: No valid host was found. There are not enough hosts available.', '',
];

const secs = (ms: number): string => (ms / 1000).toFixed(2);

function emit(w: World, file: LogFile, t: number, pid: string, ctx: Ctx, lines: Line[]): void {
  w.at(t, (tt) => {
    for (let i = 0; i < lines.length; i++) {
      const [level, logger, inst, msg] = lines[i];
      file.rec(tt + (i >> 2), pid, level, logger, ctx, inst, msg);
    }
  });
}

function isoUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

function pyDatetime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}, ${d.getUTCMonth() + 1}, ${d.getUTCDate()}, ${d.getUTCHours()}, ${d.getUTCMinutes()}, ${d.getUTCSeconds()}`;
}

interface Scheduled { t: number; host: Host | null; filter: string | null }

/** select_destinations on the scheduler (and its placement calls); returns the chosen host. */
function planSchedule(w: World, t: number, ctx: Ctx, p: BootPlan, attempt: number, tried: Host[]): Scheduled {
  const rng = w.rng;
  const { inst } = p;
  const f = inst.flavor;
  const S = w.files.scheduler;
  const P = w.files.placement;
  const pid = rng.pick(w.schedulerPids);
  const placementCtx = w.ctx(w.reqId(), w.novaUser, w.serviceProject);
  const placementPid = rng.pick(w.placementPids);

  emit(w, S, t, pid, ctx, [['DEBUG', 'nova.scheduler.manager', null, `Starting to schedule for instances: ['${inst.uuid}']${SFX.selectDest}`]]);
  const candLen = rng.int(2400, 9800);
  w.at(t + rng.int(8, 25), (tt) => P.rec(tt, placementPid, 'INFO', 'placement.requestlog', placementCtx, null,
    `10.0.0.2 "GET /placement/allocation_candidates?limit=1000&resources=DISK_GB%3A${f.disk}%2CMEMORY_MB%3A${f.ram}%2CVCPU%3A${f.vcpus}" status: 200 len: ${candLen} microversion: 1.29`));

  t += rng.int(30, 60);
  const state: Line[] = [];
  for (const h of w.hosts) {
    const seen = t - rng.int(1000, 59000);
    state.push(['DEBUG', 'nova.scheduler.host_manager', null, computeNodeRepr(h, isoUtc(seen))]);
    state.push(['DEBUG', 'nova.scheduler.host_manager', null, `Update host state with aggregates: [Aggregate(created_at=2026-10-02T08:20:11Z,deleted=False,deleted_at=None,hosts=['${h.name}'],id=${h.idx + 1},metadata={availability_zone='${h.az}'},name='agg-${h.az}-${h.idx + 1}',updated_at=None,uuid=${h.rp.slice(0, 30)}a1b2c3)]${SFX.hostUpdateAgg}`]);
    state.push(['DEBUG', 'nova.scheduler.host_manager', null, serviceDictRepr(h, pyDatetime(seen))]);
  }
  emit(w, S, t, pid, ctx, state);
  t += rng.int(5, 15);

  const lines: Line[] = [];
  let cur: Host[];
  let emptiedBy: string | null = null;
  if (p.forcedHost !== null) {
    lines.push(['INFO', 'nova.scheduler.host_manager', null, `Host filter forcing available hosts to ${p.forcedHost.name}`]);
    cur = [p.forcedHost];
  } else {
    cur = w.hosts.slice();
    lines.push(['DEBUG', 'nova.filters', null, `Starting with ${cur.length} host(s)${SFX.filtered}`]);
    const results: string[] = [];
    for (const name of FILTERS) {
      const before = cur.length;
      const next: Host[] = [];
      for (const h of cur) {
        let why: Line | null = null;
        if (name === 'RetryFilter' && attempt > 1) {
          const fails = tried.includes(h);
          lines.push(['DEBUG', 'nova.scheduler.filters.retry_filter', null,
            `Host ['${h.name}', '${h.name}'] ${fails ? 'fails' : 'passes'}.  Previously tried hosts: [${tried.map((x) => `['${x.name}', '${x.name}']`).join(', ')}]${SFX.retryFilter}`]);
          if (fails) continue;
        } else if (name === 'AvailabilityZoneFilter' && p.az !== null && h.az !== p.az) {
          why = ['DEBUG', 'nova.scheduler.filters.availability_zone_filter', null, `Availability Zone '${p.az}' requested. ${hostDesc(h)} has AZs: ${h.az}${SFX.azFilter}`];
        } else if (name === 'ComputeFilter' && h.disabledReason !== null) {
          why = ['DEBUG', 'nova.scheduler.filters.compute_filter', null, `${hostDesc(h)} is disabled, reason: ${h.disabledReason}${SFX.computeFilter}`];
        } else if (name === 'RamFilter') {
          const usable = h.memMb * 1.5 - h.ramUsed;
          if (usable < f.ram) {
            why = ['DEBUG', 'nova.scheduler.filters.ram_filter', null, `${hostDesc(h)} does not have ${f.ram} MB usable ram, it only has ${usable.toFixed(1)} MB usable ram.${SFX.ramFilter}`];
          }
        }
        if (why === null) next.push(h);
        else lines.push(why);
      }
      cur = next;
      results.push(`'${name}: (start: ${before}, end: ${cur.length})'`);
      lines.push(['DEBUG', 'nova.filters', null, `Filter ${name} returned ${cur.length} host(s)${SFX.filtered}`]);
      if (cur.length === 0) {
        emptiedBy = name;
        lines.push(['INFO', 'nova.filters', null, `Filtering removed all hosts for the request with instance ID '${inst.uuid}'. Filter results: [${results.join(', ')}]`]);
        break;
      }
    }
  }

  if (emptiedBy !== null) {
    const obs = p.observer;
    const removedAt = lines.length - 1;
    w.at(t, (tt) => {
      for (let i = 0; i < lines.length; i++) {
        const [level, logger, i2, msg] = lines[i];
        const ln = S.rec(tt + (i >> 3), pid, level, logger, ctx, i2, msg);
        if (i === removedAt && obs !== null) obs.noValidHost(S, ln, S.lastOffset);
      }
      S.rec(tt + (lines.length >> 3), pid, 'DEBUG', 'nova.scheduler.filter_scheduler', ctx, null,
        `There are 0 hosts available but 1 instances requested to build.${SFX.ensureHosts}`);
    });
    return { t: t + (lines.length >> 3) + rng.int(2, 8), host: null, filter: emptiedBy };
  }

  // Weighing: the plan's host if it passed, else one of the three hosts with the most free RAM.
  const byRam = cur.slice().sort((a, b) => (b.memMb - b.ramUsed) - (a.memMb - a.ramUsed) || a.idx - b.idx);
  const wanted = p.hosts[attempt - 1] ?? null;
  const chosen = wanted !== null && cur.includes(wanted) ? wanted : byRam[rng.int(0, Math.min(2, byRam.length - 1))];
  const weighed = [chosen, ...byRam.filter((h) => h !== chosen)];
  lines.push(['DEBUG', 'nova.scheduler.filter_scheduler', null, `Weighed [${weighed.map((h) => `WeighedHost [host: ${hostDesc(h)}]`).join(', ')}]${SFX.sorted}`]);
  lines.push(['DEBUG', 'nova.scheduler.filter_scheduler', null, `Attempting to claim resources in the placement API for instance ${inst.uuid}${SFX.claimRes}`]);
  emit(w, S, t, pid, ctx, lines);
  t += (lines.length >> 2) + rng.int(10, 40);
  w.at(t, (tt) => P.rec(tt, placementPid, 'INFO', 'placement.requestlog', placementCtx, null,
    `10.0.0.2 "PUT /placement/allocations/${inst.uuid}" status: 204 len: 0 microversion: 1.28`));
  t += rng.int(10, 30);
  const key = `('${chosen.name}', '${chosen.name}')`;
  emit(w, S, t, pid, ctx, [
    ['DEBUG', 'oslo_concurrency.lockutils', null, `Lock "${key}" acquired by "nova.scheduler.host_manager.HostState.consume_from_request.<locals>._locked" :: waited 0.000s${SFX.lockInner}`],
    ['DEBUG', 'nova.scheduler.filter_scheduler', null, `Selected host: ${hostDesc(chosen)}${SFX.consume}`],
    ['DEBUG', 'oslo_concurrency.lockutils', null, `Lock "${key}" released by "nova.scheduler.host_manager.HostState.consume_from_request.<locals>._locked" :: held 0.002s${SFX.lockInnerRel}`],
  ]);
  return { t: t + 2, host: chosen, filter: null };
}

interface AttemptEnd { tEnd: number; ok: boolean }

/** build_and_run_instance on one compute host. */
function planCompute(w: World, t: number, ctx: Ctx, p: BootPlan, h: Host, fail: FailKind | null, retry: boolean): AttemptEnd {
  const rng = w.rng;
  const { inst } = p;
  const f = inst.flavor;
  const K = h.file;
  const pid = h.pid;
  const u = inst.uuid;
  const tStart = t;
  const lockName = `Lock "${u}" acquired by "nova.compute.manager.ComputeManager.build_and_run_instance.<locals>._locked_do_build_and_run_instance"`;

  emit(w, K, t, pid, ctx, [
    ['DEBUG', 'oslo_concurrency.lockutils', null, `${lockName} :: waited 0.000s${SFX.lockInner}`],
    ['DEBUG', 'oslo_messaging._drivers.amqpdriver', null, `CALL msg_id: ${rng.hex(4)} exchange 'nova' topic 'conductor'${SFX.amqpSend}`],
    ['DEBUG', 'oslo_messaging._drivers.amqpdriver', null, `received reply msg_id: ${rng.hex(4)}${SFX.amqpReply}`],
    ['INFO', 'nova.compute.manager', u, 'Starting instance...'],
  ]);
  t += rng.int(20, 70);
  const used = h.ramUsed;
  const limit = h.memMb * 1.5;
  emit(w, K, t, pid, ctx, [
    ['DEBUG', 'oslo_concurrency.lockutils', null, `Lock "compute_resources" acquired by "nova.compute.resource_tracker.ResourceTracker.instance_claim" :: waited 0.000s${SFX.lockInner}`],
    ['INFO', 'nova.compute.claims', u, `Attempting claim on node ${h.name}: memory ${f.ram} MB, disk ${f.disk} GB, vcpus ${f.vcpus} CPU`],
    ['INFO', 'nova.compute.claims', u, `Total memory: ${h.memMb} MB, used: ${used.toFixed(2)} MB`],
    ['INFO', 'nova.compute.claims', u, `memory limit: ${limit.toFixed(2)} MB, free: ${(limit - used).toFixed(2)} MB`],
    ['INFO', 'nova.compute.claims', u, `Total disk: ${h.diskGb} GB, used: ${h.diskUsed.toFixed(2)} GB`],
    ['INFO', 'nova.compute.claims', u, `disk limit: ${h.diskGb.toFixed(2)} GB, free: ${(h.diskGb - h.diskUsed).toFixed(2)} GB`],
    ['INFO', 'nova.compute.claims', u, `Total vcpu: ${h.vcpus} VCPU, used: ${h.vcpuUsed.toFixed(2)} VCPU`],
    ['INFO', 'nova.compute.claims', u, `vcpu limit: ${(h.vcpus * 16).toFixed(2)} VCPU, free: ${(h.vcpus * 16 - h.vcpuUsed).toFixed(2)} VCPU`],
    ['INFO', 'nova.compute.claims', u, `Claim successful on node ${h.name}`],
    ['DEBUG', 'oslo_concurrency.lockutils', null, `Lock "compute_resources" released by "nova.compute.resource_tracker.ResourceTracker.instance_claim" :: held 0.0${rng.int(10, 99)}s${SFX.lockInnerRel}`],
  ]);
  t += rng.int(30, 90);
  const tNet = t;
  emit(w, K, t, pid, ctx, [
    ['DEBUG', 'nova.compute.manager', u, `Start building networks asynchronously for instance.${SFX.buildRes}`],
    ['DEBUG', 'nova.network.neutron', u, `allocate_for_instance()${SFX.allocate}`],
    ['DEBUG', 'nova.compute.manager', u, `Start building block device mappings for instance.${SFX.buildBdm}`],
  ]);
  t += rng.int(80, 220);
  const tImage = t;
  const img = inst.image;
  const base = `/var/lib/nova/instances/_base/${img.sha1}`;
  const prlimit = '/usr/bin/python3 -m oslo_concurrency.prlimit --as=1073741824 --cpu=30 -- env LC_ALL=C LANG=C';
  const disk = `qemu-img create -f qcow2 -o backing_file=${base},backing_fmt=raw /var/lib/nova/instances/${u}/disk ${f.disk * 1073741824}`;
  emit(w, K, t, pid, ctx, [['INFO', 'nova.virt.libvirt.driver', u, 'Creating image(s)']]);
  t += rng.int(5, 30);
  if (h.cachedImages.has(img.id)) {
    emit(w, K, t, pid, ctx, [
      ['DEBUG', 'oslo_concurrency.processutils', null, `Running cmd (subprocess): ${prlimit} qemu-img info ${base} --force-share --output=json${SFX.execute}`],
      ['DEBUG', 'oslo_concurrency.processutils', null, `CMD "${prlimit} qemu-img info ${base} --force-share --output=json" returned: 0 in 0.0${rng.int(21, 89)}s${SFX.executeRet}`],
      ['DEBUG', 'oslo_concurrency.processutils', null, `Running cmd (subprocess): env LC_ALL=C LANG=C ${disk}${SFX.execute}`],
    ]);
    t += rng.int(60, 400);
  } else {
    h.cachedImages.add(img.id);
    const convertMs = rng.int(1800, 7500) * img.gb / 3 + 400;
    const conv = `qemu-img convert -t none -O raw -f qcow2 ${base}.part ${base}.converted`;
    emit(w, K, t, pid, ctx, [
      ['DEBUG', 'oslo_concurrency.lockutils', null, `Lock "${img.sha1}" acquired by "nova.virt.libvirt.imagebackend.Image.cache.<locals>.fetch_func_sync" :: waited 0.000s${SFX.lockInner}`],
      ['DEBUG', 'oslo_concurrency.processutils', null, `Running cmd (subprocess): ${prlimit} qemu-img info ${base}.part --force-share --output=json${SFX.execute}`],
      ['DEBUG', 'oslo_concurrency.processutils', null, `CMD "${prlimit} qemu-img info ${base}.part --force-share --output=json" returned: 0 in 0.0${rng.int(21, 89)}s${SFX.executeRet}`],
      ['DEBUG', 'nova.virt.images', null, `${img.id} was qcow2, converting to raw${SFX.fetchToRaw}`],
      ['DEBUG', 'oslo_concurrency.processutils', null, `Running cmd (subprocess): ${conv}${SFX.execute}`],
    ]);
    t += convertMs;
    emit(w, K, t, pid, ctx, [
      ['DEBUG', 'oslo_concurrency.processutils', null, `CMD "${conv}" returned: 0 in ${secs(convertMs - 20)}0s${SFX.executeRet}`],
      ['DEBUG', 'oslo_concurrency.lockutils', null, `Lock "${img.sha1}" released by "nova.virt.libvirt.imagebackend.Image.cache.<locals>.fetch_func_sync" :: held ${secs(convertMs)}0s${SFX.lockInnerRel}`],
      ['DEBUG', 'oslo_concurrency.processutils', null, `Running cmd (subprocess): env LC_ALL=C LANG=C ${disk}${SFX.execute}`],
    ]);
    t += rng.int(60, 300);
  }
  // Port creation runs in its own greenthread while the image is prepared.
  const tPort = tNet + rng.int(500, 1600);
  emit(w, K, tPort, pid, ctx, [['DEBUG', 'nova.network.neutron', u, `Successfully created port: ${inst.port}${SFX.createPort}`]]);
  const tPortDone = tPort + rng.int(200, 700);
  emit(w, K, tPortDone, pid, ctx, [
    ['DEBUG', 'nova.network.neutron', u, `Successfully updated port: ${inst.port}${SFX.updatePort}`],
    ['DEBUG', 'nova.compute.manager', u, `Instance network_info: |${networkInfo(inst)}|${SFX.netInfo}`],
  ]);
  t = Math.max(t, tPortDone) + rng.int(40, 160);
  const created = new Date(tStart).toISOString().slice(0, 19).replace('T', ' ');
  const xml = guestXml(inst, h, created);
  w.at(t, (tt) => {
    K.rec(tt, pid, 'DEBUG', 'nova.virt.libvirt.driver', ctx, u, `Ensure instance console log exists: /var/lib/nova/instances/${u}/console.log${SFX.consoleLog}`);
    K.rec(tt, pid, 'DEBUG', 'nova.virt.libvirt.driver', ctx, u, startGuestXml(inst));
    K.rec(tt + 1, pid, 'DEBUG', 'nova.compute.manager', ctx, u, `Preparing to wait for external event network-vif-plugged-${inst.port}${SFX.prepareEvent}`);
    K.rec(tt + 2, pid, 'DEBUG', 'nova.virt.libvirt.driver', ctx, u, 'End _get_guest_xml xml=<domain type="kvm">');
    for (const x of xml) K.cont(x);
  });
  t += rng.int(20, 90);
  emit(w, K, t, pid, ctx, [['INFO', 'os_vif', null, `Successfully plugged vif ${vifRepr(inst)}`]]);

  if (fail !== null) {
    let tb: string[];
    let head: string;
    if (fail === 'vif-timeout') {
      t += 300000;
      emit(w, K, t, pid, ctx, [['WARNING', 'nova.virt.libvirt.driver', u,
        `Timeout waiting for [('network-vif-plugged', '${inst.port}')] for instance with vm_state building and task_state spawning. Event states are: network-vif-plugged-${inst.port}: timed out after 300.00 seconds: eventlet.timeout.Timeout: 300 seconds`]]);
      t += rng.int(100, 900);
      tb = vifTimeoutTraceback();
      head = 'Instance failed to spawn: nova.exception.VirtualInterfaceCreateException: Virtual Interface creation failed';
    } else {
      t += rng.int(250, 1200);
      tb = spawnTraceback(FAIL_REASON[fail]);
      head = `Instance failed to spawn: libvirt.libvirtError: ${FAIL_REASON[fail]}`;
    }
    const obs = p.observer;
    w.at(t, (tt) => {
      const ln = K.rec(tt, pid, 'ERROR', 'nova.compute.manager', ctx, u, head);
      if (obs !== null) obs.spawnError(K, ln, K.lastOffset);
      for (let i = 0; i < tb.length; i++) K.tb(tt + (i >> 4), pid, 'nova.compute.manager', u, tb[i]);
    });
    t += rng.int(20, 80);
    emit(w, K, t, pid, ctx, [['INFO', 'nova.compute.manager', u, 'Terminating instance']]);
    t += rng.int(30, 250);
    emit(w, K, t, pid, NO_CTX, [['INFO', 'nova.virt.libvirt.driver', u, 'Instance destroyed successfully.']]);
    t += rng.int(10, 60);
    const dealloc = rng.int(300, 1400);
    const lines: Line[] = [
      ['INFO', 'nova.virt.libvirt.driver', u, `Deleting instance files /var/lib/nova/instances/${u}_del`],
      ['INFO', 'nova.virt.libvirt.driver', u, `Deletion of /var/lib/nova/instances/${u}_del complete`],
      ['DEBUG', 'nova.compute.claims', u, `Aborting claim: [Claim: ${f.ram} MB memory, ${f.disk} GB disk]${SFX.abortClaim}`],
      retry
        ? ['DEBUG', 'nova.compute.manager', u, `Build of instance ${u} was re-scheduled: ${FAIL_REASON[fail]}${SFX.rescheduled}`]
        : ['DEBUG', 'nova.compute.manager', u, `Retry info not present, will not reschedule${SFX.noRetry}`],
      ['DEBUG', 'nova.compute.manager', u, `Deallocating network for instance${SFX.dealloc}`],
      ['DEBUG', 'nova.network.neutron', u, `deallocate_for_instance()${SFX.deallocFor}`],
    ];
    emit(w, K, t, pid, ctx, lines);
    t += dealloc;
    emit(w, K, t, pid, ctx, [
      ['INFO', 'nova.compute.manager', u, `Took ${secs(dealloc)} seconds to deallocate network for instance.`],
      ['DEBUG', 'oslo_concurrency.lockutils', null, `${lockName.replace('acquired', 'released')} :: held ${secs(t - tStart)}0s${SFX.lockInnerRel}`],
    ]);
    return { tEnd: t, ok: false };
  }

  // Success: libvirt lifecycle events (no request context), neutron's vif-plugged event, done.
  const life = h.lifecycle;
  t += rng.int(400, 2200);
  w.at(t, (tt) => {
    K.rec(tt, pid, 'INFO', 'nova.compute.manager', NO_CTX, u, 'VM Started (Lifecycle Event)');
    K.rec(tt + 40, pid, 'INFO', 'nova.compute.manager', life, u, 'During sync_power_state the instance has a pending task (spawning). Skip.');
    K.rec(tt + 41, pid, 'INFO', 'nova.compute.manager', NO_CTX, u, 'VM Paused (Lifecycle Event)');
  });
  const tEvent = t + rng.int(300, 1600);
  const nctx = w.ctx(w.reqId(), w.neutronUser, w.serviceProject);
  const apiPid = rng.pick(w.apiPids);
  const A = w.files.api;
  w.at(tEvent - rng.int(20, 60), (tt) => {
    A.rec(tt, apiPid, 'INFO', 'nova.api.openstack.compute.server_external_events', nctx, null, `Creating event network-vif-plugged:${inst.port} for instance ${u} on ${h.name}`);
    A.rec(tt + 9, apiPid, 'INFO', 'nova.osapi_compute.wsgi.server', nctx, null, `10.0.0.21 "POST /v2/${w.serviceProject}/os-server-external-events HTTP/1.1" status: 200 len: 412 time: 0.0${rng.int(311, 989)}112`);
  });
  emit(w, K, tEvent, pid, nctx, [
    ['DEBUG', 'nova.compute.manager', u, `Received event network-vif-plugged-${inst.port}${SFX.extEvent}`],
    ['DEBUG', 'nova.compute.manager', u, `Processing event network-vif-plugged-${inst.port}${SFX.processEvent}`],
  ]);
  t = tEvent + rng.int(150, 700);
  const tSpawned = t;
  w.at(t, (tt) => {
    K.rec(tt, pid, 'INFO', 'nova.compute.manager', NO_CTX, u, 'VM Resumed (Lifecycle Event)');
    K.rec(tt + 2, pid, 'INFO', 'nova.virt.libvirt.driver', NO_CTX, u, 'Instance spawned successfully.');
    K.rec(tt + 3, pid, 'INFO', 'nova.compute.manager', ctx, u, `Took ${secs(tSpawned - tImage)} seconds to spawn the instance on the hypervisor.`);
    K.rec(tt + 30, pid, 'INFO', 'nova.compute.manager', life, u, 'During sync_power_state the instance has a pending task (spawning). Skip.');
  });
  t += rng.int(60, 250);
  emit(w, K, t, pid, ctx, [
    ['INFO', 'nova.compute.manager', u, `Took ${secs(t - tStart)} seconds to build instance.`],
    ['DEBUG', 'oslo_concurrency.lockutils', null, `${lockName.replace('acquired', 'released')} :: held ${secs(t - tStart)}0s${SFX.lockInnerRel}`],
  ]);
  return { tEnd: t, ok: true };
}

/** Plans a whole boot starting at t0 (api POST) and returns how it ends. */
export function startBoot(w: World, t0: number, p: BootPlan): BootResult {
  const rng = w.rng;
  const { inst } = p;
  const obs = p.observer;
  const ctx = w.ctx(p.reqId, inst.user, inst.project, obs === null ? null : obs.tracker);
  const A = w.files.api;
  const C = w.files.conductor;
  const apiPid = rng.pick(w.apiPids);
  const condPid = rng.pick(w.conductorPids);
  const clientIp = rng.pick(CLIENT_IPS);
  const body = createBody(inst, p.forcedHost !== null ? `nova:${p.forcedHost.name}` : p.az);

  emit(w, A, t0, apiPid, ctx, [['DEBUG', 'nova.api.openstack.wsgi', null, `Action: 'create', calling method: <bound method ServersController.create of ${CTRL_OBJ}>, body: ${body}${SFX.processStack}`]]);
  let t = t0 + rng.int(30, 90);
  emit(w, A, t, apiPid, ctx, [['DEBUG', 'nova.compute.api', null, `Going to run 1 instances...${SFX.provision}`]]);
  const tAccess = t + rng.int(150, 420);
  const took = ((tAccess - t0) / 1000 + rng.int(0, 999) / 1e6).toFixed(7);
  emit(w, A, tAccess, apiPid, ctx, [['INFO', 'nova.osapi_compute.wsgi.server', null,
    `${clientIp} "POST /v2/${inst.project}/servers HTTP/1.1" status: 202 len: ${rng.int(740, 790)} time: ${took}`]]);
  t += rng.int(20, 60);
  emit(w, C, t, condPid, ctx, [
    ['DEBUG', 'nova.conductor.manager', inst.uuid, `Scheduling instance build${SFX.condSchedule}`],
    ['DEBUG', 'oslo_messaging._drivers.amqpdriver', null, `CALL msg_id: ${rng.hex(4)} exchange 'nova' topic 'scheduler'${SFX.amqpSend}`],
  ]);
  t += rng.int(5, 20);

  const tried: Host[] = [];
  const attempts: AttemptResult[] = [];
  let status: 'ACTIVE' | 'ERROR' = 'ERROR';
  let filter: string | null = null;
  let finalHost: Host | null = null;
  for (let attempt = 1; ; attempt++) {
    const s = planSchedule(w, t, ctx, p, attempt, tried);
    t = s.t + rng.int(4, 15);
    if (s.host === null) {
      filter = s.filter;
      w.at(t, (tt) => {
        C.rec(tt, condPid, 'WARNING', 'nova.scheduler.utils', ctx, null, 'Failed to compute_task_build_instances: No valid host was found. There are not enough hosts available.');
        for (const x of NVH_REMOTE_TB) C.cont(x);
        C.rec(tt + 1, condPid, 'WARNING', 'nova.scheduler.utils', ctx, inst.uuid, 'Setting instance to ERROR state.');
      });
      break;
    }
    const h = s.host;
    const first = attempt === 1;
    emit(w, C, t, condPid, ctx, [
      ['DEBUG', 'oslo_messaging._drivers.amqpdriver', null, `received reply msg_id: ${rng.hex(4)}${SFX.amqpReply}`],
      ['DEBUG', 'nova.conductor.manager', inst.uuid, `Casting build_and_run_instance to compute.${h.name}${first ? SFX.condCast : SFX.condRebuildCast}`],
      ['DEBUG', 'oslo_messaging._drivers.amqpdriver', null, `CAST unique_id: ${rng.hex(4)} exchange 'nova' topic 'compute.${h.name}'${SFX.amqpCast}`],
    ]);
    const fail = p.fails[attempt - 1] ?? null;
    const retry = p.forcedHost === null && MAX_ATTEMPTS > 1;
    if (fail === null) {
      h.ramUsed += inst.flavor.ram;
      h.diskUsed += inst.flavor.disk;
      h.vcpuUsed += inst.flavor.vcpus;
    }
    const a = planCompute(w, t + rng.int(30, 150), ctx, p, h, fail, retry);
    tried.push(h);
    t = a.tEnd;
    finalHost = h;
    if (a.ok) {
      attempts.push({ host: h.name, result: 'active' });
      status = 'ACTIVE';
      w.at(t, () => w.addInstance(h, inst));
      break;
    }
    const last = !retry || attempt >= MAX_ATTEMPTS;
    attempts.push({ host: h.name, result: last ? 'failed' : 'rescheduled' });
    if (!retry) break;
    t += rng.int(30, 120);
    if (attempt >= MAX_ATTEMPTS) {
      const reason = FAIL_REASON[fail as FailKind];
      w.at(t, (tt) => {
        C.rec(tt, condPid, 'ERROR', 'nova.scheduler.utils', ctx, inst.uuid, `Error from last host: ${h.name} (node ${h.name}): ${tracebackList(reason)}`);
        C.rec(tt + 1, condPid, 'WARNING', 'nova.scheduler.utils', ctx, null, `Failed to compute_task_build_instances: Exceeded maximum number of retries. Exceeded max scheduling attempts ${MAX_ATTEMPTS} for instance ${inst.uuid}. Last exception: ${reason}`);
        C.rec(tt + 2, condPid, 'WARNING', 'nova.scheduler.utils', ctx, inst.uuid, 'Setting instance to ERROR state.');
      });
      break;
    }
    emit(w, C, t, condPid, ctx, [['DEBUG', 'oslo_messaging._drivers.amqpdriver', null, `CALL msg_id: ${rng.hex(4)} exchange 'nova' topic 'scheduler'${SFX.amqpSend}`]]);
    t += rng.int(5, 20);
  }

  // The client polls the new server until it leaves BUILD; each poll is its own request.
  const tStop = t + rng.int(200, 2500);
  for (let tp = t0 + rng.int(500, 1200); tp < tStop; tp += rng.int(1500, 3000)) {
    const pctx = w.ctx(w.reqId(), inst.user, inst.project);
    const pid = rng.pick(w.apiPids);
    const dt = rng.int(15, 90);
    const len = rng.int(1650, 1990);
    w.at(tp, (tt) => {
      A.rec(tt, pid, 'DEBUG', 'nova.api.openstack.wsgi', pctx, null, `Calling method '<bound method ServersController.show of ${CTRL_OBJ}>'${SFX.calling}`);
      A.rec(tt + dt, pid, 'INFO', 'nova.osapi_compute.wsgi.server', pctx, null, `${clientIp} "GET /v2/${inst.project}/servers/${inst.uuid} HTTP/1.1" status: 200 len: ${len} time: 0.${String(dt + 4).padStart(3, '0')}${rng.int(1000, 9999)}`);
    });
  }
  return { tEnd: t, status, host: status === 'ACTIVE' ? finalHost : null, attempts, filter };
}
