// The target requests planted in the corpus and their ground truth. Each target is an ordinary
// boot with a fixed plan (hosts, failures, zone) whose lines the log files report back while
// they are written; at the end the join rules of the README turn those reports
// into the exact list of records `nova-trace <req-id>` must return.
// Target ids come from their own random stream, so a seed gives the same ids at any size.

import type { BootObserver, BootResult, FailKind } from './boot.js';
import { startBoot } from './boot.js';
import { planDelete } from './background.js';
import type { LogFile, Tracker } from './log-file.js';
import { Rng } from './prng.js';
import type { Host, World } from './world.js';
import { FLAVORS, HUGE_FLAVOR } from './world.js';

/** Join rule 3 (README, "What joins a request's trace"): lines about the instance without a user
 *  or from a request that delivers neutron's events join in the compute logs R logged in, from
 *  R's first record there (less 5 s) to 10 minutes after R's last record (30 for a build that
 *  never ended), never from the instance's next operation on, and no later than a minute after
 *  the build ended. */
export const ORDER_SLACK_MS = 5_000;
export const FIRST_WINDOW_MS = 600_000;
export const JOIN_WINDOW_MS = 1_800_000;
export const FINAL_GRACE_MS = 60_000;

export interface TruthEntry {
  query: string;
  kind: string;
  description: string;
  /** Where in the corpus it starts, as a fraction of the bytes. */
  position: number;
  trace: {
    operation: 'boot';
    request_ids: string[];
    instances: string[];
    hosts: string[];
    attempts: { attempt: number; host: string; result: string }[];
    verdict: {
      status: 'ACTIVE' | 'ERROR';
      failed_stage: string | null;
      signature: string | null;
      filter: string | null;
      /** line and byte offset of the record's header line (the tracer may omit lines of big files). */
      root_cause: { file: string; line: number; offset: number; exception: string } | null;
    };
  };
  /** `file:line` of every record (header line) the trace must hold, relative to the log dir. */
  record_lines: string[];
  /** The same records as `file@byte-offset`, in the same order. */
  record_offsets: string[];
}

interface TargetSpec {
  kind: 'active' | 'no-valid-host' | 'rescheduled-active' | 'spawn-failed' | 'retries-exceeded';
  at: number;
  description: string;
  hosts?: string[];
  fails?: FailKind[];
  forced?: string;
  az?: string;
  huge?: boolean;
  /** Expected NoValidHost filter. */
  filter?: string;
  disable?: string;
  deleteAfterS?: number;
}

export const TARGET_SPECS: readonly TargetSpec[] = [
  { kind: 'active', at: 0.03, hosts: ['cmp3'], deleteAfterS: 1500,
    description: 'ACTIVE on cmp3; deleted 25 min later (the delete comes long after the build ended)' },
  { kind: 'no-valid-host', at: 0.15, huge: true, filter: 'RamFilter',
    description: 'NoValidHost: flavor larger than any host, RamFilter removes all 8 hosts' },
  { kind: 'rescheduled-active', at: 0.3, hosts: ['cmp2', 'cmp5'], fails: ['memory'],
    description: 'spawn fails on cmp2 (libvirtError + traceback), rescheduled, ACTIVE on cmp5' },
  { kind: 'no-valid-host', at: 0.45, az: 'az-gpu', filter: 'AvailabilityZoneFilter',
    description: "NoValidHost: zone 'az-gpu' has no hosts, AvailabilityZoneFilter returns 0" },
  { kind: 'spawn-failed', at: 0.55, forced: 'cmp6', fails: ['kvm'],
    description: 'forced to cmp6 (nova:cmp6, no retry): spawn fails with libvirtError + traceback' },
  { kind: 'active', at: 0.7, hosts: ['cmp7'], deleteAfterS: 240,
    description: 'ACTIVE on cmp7; deleted 4 min later (the delete is the next operation: its [-] and vif-event lines do not join)' },
  { kind: 'retries-exceeded', at: 0.82, hosts: ['cmp4', 'cmp1'], fails: ['kvm', 'kvm'],
    description: 'spawn fails on cmp4, rescheduled, fails on cmp1: Exceeded maximum number of retries' },
  { kind: 'no-valid-host', at: 0.93, az: 'az-edge', disable: 'cmp8', filter: 'ComputeFilter',
    description: "NoValidHost: zone 'az-edge' keeps cmp8 only, which is disabled; ComputeFilter returns 0" },
];

class TargetTrack implements Tracker, BootObserver {
  readonly tracker: Tracker = this;
  private readonly own = new Map<LogFile, { first: number; last: number; recs: [number, number][] }>();
  private readonly cands: { file: LogFile; line: number; offset: number; ms: number }[] = [];
  root: { file: LogFile; line: number; offset: number } | null = null;
  /** When the instance's next operation (e.g. its delete) first logged on a compute host. */
  private nextOperationMs = Infinity;
  private buildEndMs = Infinity;
  result: BootResult | null = null;

  constructor(readonly spec: TargetSpec, readonly reqId: string, readonly inst: string) {}

  record(file: LogFile, line: number, offset: number, ms: number): void {
    let e = this.own.get(file);
    if (e === undefined) this.own.set(file, (e = { first: ms, last: ms, recs: [] }));
    e.last = ms;
    e.recs.push([line, offset]);
  }

  candidate(file: LogFile, line: number, offset: number, ms: number): void {
    this.cands.push({ file, line, offset, ms });
  }

  otherOperation(ms: number): void {
    this.nextOperationMs = Math.min(this.nextOperationMs, ms);
  }

  buildEnded(ms: number): void {
    this.buildEndMs = Math.min(this.buildEndMs, ms);
  }

  noValidHost(file: LogFile, line: number, offset: number): void {
    this.root = { file, line, offset };
  }

  spawnError(file: LogFile, line: number, offset: number): void {
    this.root = { file, line, offset };
  }

  /** Rule 1 records plus the rule 3 candidates inside their file's window. */
  records(warn: (msg: string) => void): { lines: string[]; offsets: string[] } {
    const out: [string, number, number][] = [];
    for (const [file, e] of this.own) for (const [line, offset] of e.recs) out.push([file.rel, line, offset]);
    const last = Math.max(...[...this.own.values()].map((e) => e.last));
    const end = Math.min(last + (this.buildEndMs < Infinity ? FIRST_WINDOW_MS : JOIN_WINDOW_MS), this.buildEndMs + FINAL_GRACE_MS);
    for (const c of this.cands) {
      const e = this.own.get(c.file);
      if (e === undefined) continue;
      if (Math.abs(c.ms - end) < 2000) warn(`${this.reqId}: ${c.file.rel}:${c.line} is within 2 s of the instance window's edge`);
      if (c.ms >= e.first - ORDER_SLACK_MS && c.ms <= end && c.ms < this.nextOperationMs) out.push([c.file.rel, c.line, c.offset]);
    }
    out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    return { lines: out.map(([f, l]) => `${f}:${l}`), offsets: out.map(([f, , o]) => `${f}@${o}`) };
  }
}

export class Targets {
  private readonly rng: Rng;
  private readonly tracks: TargetTrack[] = [];
  private nextIdx = 0;

  constructor(private readonly w: World, private readonly watch: Map<string, Tracker>, seed: number) {
    this.rng = new Rng((seed ^ 0x7a49e7d1) >>> 0);
  }

  /** Called after every event: starts the next target once the corpus has grown past its place. */
  maybeStart(bytes: number, totalBytes: number, t: number): void {
    while (this.nextIdx < TARGET_SPECS.length && bytes >= TARGET_SPECS[this.nextIdx].at * totalBytes) {
      this.start(TARGET_SPECS[this.nextIdx++], t + 1);
    }
  }

  get pending(): number {
    return TARGET_SPECS.length - this.nextIdx;
  }

  private host(name: string): Host {
    const h = this.w.hosts.find((x) => x.name === name);
    if (h === undefined) throw new Error(`target names unknown host ${name}`);
    return h;
  }

  private start(spec: TargetSpec, t: number): void {
    const w = this.w;
    const reqId = 'req-' + this.rng.uuid();
    const inst = w.newInstance(true, this.rng);
    inst.flavor = spec.huge === true ? HUGE_FLAVOR : FLAVORS[1];
    const track = new TargetTrack(spec, reqId, inst.uuid);
    this.tracks.push(track);
    this.watch.set(inst.uuid, track);
    if (spec.disable !== undefined) {
      const h = this.host(spec.disable);
      h.disabledReason = 'hardware maintenance';
      w.at(t + 300_000, () => { h.disabledReason = null; });
    }
    const result = startBoot(w, t, {
      reqId, inst,
      az: spec.az ?? null,
      forcedHost: spec.forced === undefined ? null : this.host(spec.forced),
      hosts: (spec.hosts ?? []).map((n) => this.host(n)),
      fails: spec.fails ?? [],
      observer: track,
    });
    track.result = result;
    if (spec.deleteAfterS !== undefined && result.host !== null) {
      const h = result.host;
      w.at(result.tEnd + spec.deleteAfterS * 1000, (tt) => planDelete(w, tt, h, inst));
    }
  }

  truth(warn: (msg: string) => void): TruthEntry[] {
    return this.tracks.map((tr): TruthEntry => {
      const { spec } = tr;
      const r = tr.result;
      if (r === null) throw new Error('target without result');
      const failed = spec.kind === 'no-valid-host' || spec.kind === 'spawn-failed' || spec.kind === 'retries-exceeded';
      const hosts = r.attempts.map((a) => a.host);
      const planned = spec.forced !== undefined ? [spec.forced] : spec.hosts ?? [];
      if (hosts.join() !== planned.join() || (spec.filter ?? null) !== r.filter || (r.status === 'ERROR') !== failed) {
        throw new Error(`target ${tr.reqId} did not go as planned: ${JSON.stringify(r.attempts)} filter=${r.filter}`);
      }
      if (failed && tr.root === null) throw new Error(`target ${tr.reqId} has no root-cause line`);
      const kind = spec.kind === 'no-valid-host' ? `no-valid-host/${spec.filter}` : spec.kind;
      const recs = tr.records(warn);
      return {
        query: tr.reqId,
        kind,
        description: spec.description,
        position: spec.at,
        trace: {
          operation: 'boot',
          request_ids: [tr.reqId],
          instances: [tr.inst],
          hosts,
          attempts: r.attempts.map((a, i) => ({ attempt: i + 1, host: a.host, result: a.result })),
          verdict: {
            status: r.status,
            failed_stage: !failed ? null : spec.kind === 'no-valid-host' ? 'scheduler.select_destinations' : 'compute.spawn',
            signature: failed ? spec.kind : null,
            filter: spec.filter ?? null,
            root_cause: !failed || tr.root === null ? null : {
              file: tr.root.file.rel,
              line: tr.root.line,
              offset: tr.root.offset,
              exception: spec.kind === 'no-valid-host' ? 'NoValidHost' : 'libvirt.libvirtError',
            },
          },
        },
        record_lines: recs.lines,
        record_offsets: recs.offsets,
      };
    });
  }
}
