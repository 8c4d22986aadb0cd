// The simulated cloud: an event queue ordered by time, the log files, the compute hosts with
// their instances and resource usage, and the id pools. Scenarios (boot.ts, background.ts)
// plan their lines as timed events; draining the queue in time order writes every file in
// timestamp order while requests interleave.

import type { Ctx, LogFile, Tracker } from './log-file.js';
import { NO_CTX } from './log-file.js';
import { Rng } from './prng.js';

export interface Flavor { id: string; name: string; ram: number; disk: number; vcpus: number }
export interface Image { id: string; name: string; sha1: string; gb: number }
export interface Net { id: string; name: string; cidr: string }

export const FLAVORS: readonly Flavor[] = [
  { id: '1', name: 'm1.tiny', ram: 512, disk: 1, vcpus: 1 },
  { id: '2', name: 'm1.small', ram: 2048, disk: 20, vcpus: 1 },
  { id: '2', name: 'm1.small', ram: 2048, disk: 20, vcpus: 1 },
  { id: '3', name: 'm1.medium', ram: 4096, disk: 40, vcpus: 2 },
  { id: '3', name: 'm1.medium', ram: 4096, disk: 40, vcpus: 2 },
  { id: '4', name: 'm1.large', ram: 8192, disk: 80, vcpus: 4 },
  { id: '5', name: 'm1.xlarge', ram: 16384, disk: 160, vcpus: 8 },
];
/** Bigger than any host can hold: RamFilter removes every host. */
export const HUGE_FLAVOR: Flavor = { id: '9', name: 'r2.32xlarge', ram: 1048576, disk: 160, vcpus: 128 };

export interface Inst {
  uuid: string; port: string; mac: string; ip: string; user: string; project: string;
  flavor: Flavor; image: Image; net: Net; name: string;
  /** Target instances are never picked by random deletes. */
  pinned: boolean;
}

export interface Host {
  name: string; idx: number; ip: string; pid: string; file: LogFile;
  az: string; rp: string; serviceId: number;
  /** The id every periodic task of this nova-compute logs (oslo.service keeps one context). */
  periodic: Ctx;
  /** Context of libvirt lifecycle-event handling (also periodic-style, no user). */
  lifecycle: Ctx;
  memMb: number; diskGb: number; vcpus: number;
  ramUsed: number; diskUsed: number; vcpuUsed: number;
  instances: Inst[];
  cachedImages: Set<string>;
  disabledReason: string | null;
  healIdx: number;
  runs: number;
}

interface Ev { t: number; seq: number; fn: (t: number) => void }

/** Binary min-heap on (t, seq): equal times keep insertion order, so runs are reproducible. */
export class EventQueue {
  private heap: Ev[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(t: number, fn: (t: number) => void): void {
    const h = this.heap;
    const ev = { t: Math.round(t), seq: this.seq++, fn };
    let i = h.length;
    h.push(ev);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(h[p], ev)) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = ev;
  }

  pop(): Ev | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && less(h[r], h[l]) ? r : l;
      if (less(last, h[c])) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = last;
    return top;
  }
}

function less(a: Ev, b: Ev): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}

export interface ServiceFiles { api: LogFile; conductor: LogFile; scheduler: LogFile; placement: LogFile }

export class World {
  readonly q = new EventQueue();
  /** Set once the corpus is big enough: recurring processes stop, in-flight requests finish. */
  stopping = false;
  readonly users: string[];
  readonly projects: string[];
  readonly images: Image[];
  readonly nets: Net[];
  readonly apiPids = ['2201', '2202', '2203', '2204'];
  readonly conductorPids = ['2311', '2312'];
  readonly schedulerPids = ['2420'];
  readonly placementPids = ['2530', '2531'];
  readonly neutronUser: string;
  readonly novaUser: string;
  readonly serviceProject: string;
  private serial = 0;

  constructor(readonly rng: Rng, readonly files: ServiceFiles, readonly hosts: Host[]) {
    this.users = Array.from({ length: 40 }, () => rng.hex(4));
    this.projects = Array.from({ length: 14 }, () => rng.hex(4));
    this.neutronUser = rng.hex(4);
    this.novaUser = rng.hex(4);
    this.serviceProject = rng.hex(4);
    const imageNames = ['cirros-0.5.2', 'ubuntu-22.04', 'ubuntu-24.04', 'centos-stream-9', 'debian-12', 'rhel-9.4'];
    this.images = imageNames.map((name, i) => ({ id: rng.uuid(), name, sha1: rng.hex(5), gb: [1, 3, 3, 10, 2, 10][i] }));
    this.nets = ['private', 'tenant-a', 'tenant-b'].map((name, i) => ({ id: rng.uuid(), name, cidr: `192.168.${10 + i}.0/24` }));
  }

  at(t: number, fn: (t: number) => void): void {
    this.q.push(t, fn);
  }

  /** Legacy (Kilo–Ocata) user context: `[req-<uuid> <user> <project> - - -]`. */
  ctx(reqId: string, user: string, project: string, tracker: Tracker | null = null): Ctx {
    return { s: `[${reqId} ${user} ${project} - - -]`, noUser: false, tracker };
  }

  /** Periodic task / lifecycle handler context: `[req-<uuid> - - - - -]`. */
  periodicCtx(reqId: string): Ctx {
    return { s: `[${reqId} - - - - -]`, noUser: true, tracker: null };
  }

  noCtx(): Ctx {
    return NO_CTX;
  }

  reqId(): string {
    return 'req-' + this.rng.uuid();
  }

  /** A short server name, unique enough to look like a real fleet. */
  serverName(): string {
    const prefixes = ['web', 'db', 'ci-runner', 'worker', 'cache', 'k8s-node', 'batch', 'test-vm'];
    return `${this.rng.pick(prefixes)}-${(++this.serial).toString(36)}`;
  }

  newInstance(pinned = false, rng: Rng = this.rng): Inst {
    const net = rng.pick(this.nets);
    return {
      uuid: rng.uuid(), port: rng.uuid(), mac: rng.mac(),
      ip: `${net.cidr.slice(0, net.cidr.lastIndexOf('.'))}.${rng.int(3, 250)}`,
      user: rng.pick(this.users), project: rng.pick(this.projects),
      flavor: rng.pick(FLAVORS), image: rng.pick(this.images), net, name: this.serverName(), pinned,
    };
  }

  addInstance(host: Host, inst: Inst): void {
    host.instances.push(inst);
  }

  removeInstance(host: Host, inst: Inst): void {
    const i = host.instances.indexOf(inst);
    if (i >= 0) {
      host.instances[i] = host.instances[host.instances.length - 1];
      host.instances.pop();
    }
  }

  totalInstances(): number {
    let n = 0;
    for (const h of this.hosts) n += h.instances.length;
    return n;
  }
}

/** `(cmp3, cmp3) ram: 7680MB disk: 40960MB io_ops: 0 instances: 1` — the scheduler's HostState repr. */
export function hostDesc(h: Host): string {
  const freeRam = h.memMb - h.ramUsed;
  const freeDisk = (h.diskGb - h.diskUsed) * 1024;
  return `(${h.name}, ${h.name}) ram: ${freeRam}MB disk: ${freeDisk}MB io_ops: ${h.runs % 3} instances: ${h.instances.length}`;
}
