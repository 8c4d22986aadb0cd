// What this host has and what its guests use, reported to the conductor (compute_nodes row)
// and to placement (the resource provider's inventory and the COMPUTE_STATUS_DISABLED trait)
// at start, after every change and by the periodic update_available_resource audit, which logs
// Nova's DEBUG lines ("Auditing locally available compute resources…", "Total usable vcpus…",
// "Final resource view…"). Placement is compared with the report client's cache, so an
// inventory someone else changed is put back once the cache has been refreshed.

import type { OsloLogger, Where } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import type { Flavor } from '../common/objects.js';
import type { StackConfig } from '../common/stack-config.js';
import { cpuInventory, parseCpuSpec } from '../common/cpu-set.js';
import { fitInstanceNuma, type InstanceNumaTopology } from '../common/instance-numa.js';
import type { ConductorAPI } from '../conductor/rpcapi.js';
import { DEFAULT_RATIOS } from '../placement/placement-client.js';
import { ProviderConflict, type Inventory, type ProviderReport } from '../placement/provider-report.js';
import { nodeStats, statsRepr } from './node-stats.js';
import { HUGE_PAGES_PER_CELL, hostTopology, hugePagesOf, type HostNumaTopology } from '../common/numa.js';

export interface HostUsage {
  vcpus: number; memory_mb: number; local_gb: number;
  vcpus_used: number; memory_mb_used: number; local_gb_used: number; running_vms: number;
}

const FILE = 'compute/resource_tracker.py';
const at = (func: string, line: number): Where => ({ func, file: FILE, line });
/** _update_to_placement is retried on a generation conflict (@retrying, 4 attempts). */
const PLACEMENT_ATTEMPTS = 4;
const DISABLED_TRAIT = 'COMPUTE_STATUS_DISABLED';
const INCOMING = 'incoming:';
/** The key of a server's claim on the host it is moving to, kept until the move lands. */
export const incoming = (uuid: string) => `${INCOMING}${uuid}`;

export class ResourceTracker {
  readonly usage: HostUsage;
  private readonly log: OsloLogger;
  private readonly claims = new Map<string, Flavor>();
  /** Memory taken by something other than Nova's instances (the hosts-full fault), reported as `reserved`. */
  private foreignMb = 0;
  /** 2 MiB pages the host has per NUMA cell (vm.nr_hugepages); the numa-misfit fault leaves none. */
  private hugePages = HUGE_PAGES_PER_CELL;
  /** The service's disabled flag as last heard from the conductor or the API; null until known. */
  private disabled: boolean | null = null;
  /** Stats' failed_builds: consecutive failed or rescheduled builds, 0 again after a success. */
  private failedBuilds = 0;
  /** [compute] cpu_dedicated_set: the host CPUs pinned guests may have. */
  private readonly dedicatedCpus: ReadonlySet<number>;
  /** The NUMA topology each claimed instance got (the pinned CPUs it holds). */
  private readonly numaClaims = new Map<string, InstanceNumaTopology>();
  /** VCPU and PCPU inventory ([compute] cpu_shared_set / cpu_dedicated_set). */
  private readonly cpus: { VCPU: number; PCPU: number };
  /** COMPUTE_RESOURCE_SEMAPHORE: one update at a time. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: string,
    readonly nodeUuid: string,
    cfg: StackConfig,
    rootLog: OsloLogger,
    private readonly conductor: ConductorAPI,
    private readonly provider: ProviderReport,
  ) {
    const r = cfg.hostResources;
    this.usage = { ...r, vcpus_used: 0, memory_mb_used: 0, local_gb_used: 0, running_vms: 0 };
    this.cpus = cpuInventory(r.vcpus, cfg.cpuSets ?? {});
    this.dedicatedCpus = cfg.cpuSets?.dedicated ? parseCpuSpec(cfg.cpuSets.dedicated) : new Set();
    this.log = rootLog.child('nova.compute.resource_tracker');
  }

  add(uuid: string, f: Flavor, numa: InstanceNumaTopology | null = null): void {
    if (this.claims.has(uuid)) return;
    this.claims.set(uuid, f);
    if (numa) this.numaClaims.set(uuid, numa);
    this.usage.vcpus_used += f.vcpus;
    this.usage.memory_mb_used += f.memory_mb;
    this.usage.local_gb_used += f.root_gb + f.ephemeral_gb;
    this.usage.running_vms += 1;
  }

  /** Whether this host counts the instance's resources (RT.tracked_instances). */
  tracks(uuid: string): boolean {
    return this.claims.has(uuid) || this.claims.has(incoming(uuid));
  }

  remove(uuid: string): void {
    const f = this.claims.get(uuid);
    if (!f) return;
    this.claims.delete(uuid);
    this.numaClaims.delete(uuid);
    this.usage.vcpus_used -= f.vcpus;
    this.usage.memory_mb_used -= f.memory_mb;
    this.usage.local_gb_used -= f.root_gb + f.ephemeral_gb;
    this.usage.running_vms -= 1;
  }

  setForeignMemory(mb: number): boolean {
    if (mb === this.foreignMb) return false;
    this.foreignMb = mb;
    return true;
  }

  setHugePages(perCell: number): boolean {
    if (perCell === this.hugePages) return false;
    this.hugePages = perCell;
    return true;
  }

  /**
   * The claim's NUMA test: the topology the flavor gets on this host (null for none, 'nofit'
   * when it cannot have one), next to the CPUs pinned by the instances already here.
   */
  fitNuma(f: Flavor): InstanceNumaTopology | null | 'nofit' {
    const pinned = new Set([...this.numaClaims.values()].flatMap((t) => t.cells.flatMap((c) => Object.values(c.cpu_pinning ?? {}))));
    return fitInstanceNuma(f, JSON.parse(this.numaTopology()) as HostNumaTopology, this.dedicatedCpus, pinned);
  }

  /** The driver's host NUMA topology with the pages this host's instances use (cell 0 first). */
  private numaTopology(): string {
    let want = [...this.claims.values()].reduce((n, f) => n + hugePagesOf(f.extra_specs ?? {}, f.memory_mb), 0);
    const topo = hostTopology(this.usage.vcpus, this.usage.memory_mb, this.hugePages);
    for (const cell of topo.cells) {
      const pages = cell.mempages.find((p) => p.size_kb === 2048)!;
      pages.used = Math.min(pages.total, want);
      want -= pages.used;
    }
    return JSON.stringify(topo);
  }

  buildFailed(): void {
    this.failedBuilds += 1;
  }

  buildSucceeded(): void {
    this.failedBuilds = 0;
  }

  setDisabled(disabled: boolean): void {
    this.disabled = disabled;
  }

  /**
   * The API disabled or enabled the service: `sync` sets the trait first, between two
   * periodic updates, so no update picks the new flag up and syncs the trait silently.
   */
  changeDisabled(disabled: boolean, sync: () => Promise<void>): Promise<void> {
    return this.serialized(async () => {
      await sync();
      this.disabled = disabled;
    });
  }

  /** The fake driver's update_provider_tree: allocation ratios already in placement are kept. */
  private inventory(): Inventory {
    const cur = this.provider.cachedInventory(this.nodeUuid) ?? {};
    const ratio = (rc: string, dflt: number) => cur[rc]?.allocation_ratio ?? dflt;
    const u = this.usage;
    const rec = (total: number, allocation_ratio: number, reserved: number) => ({ total, min_unit: 1, max_unit: total, step_size: 1, allocation_ratio, reserved });
    return {
      ...(this.cpus.VCPU > 0 ? { VCPU: rec(this.cpus.VCPU, ratio('VCPU', DEFAULT_RATIOS.cpu), 0) } : {}),
      MEMORY_MB: rec(u.memory_mb, ratio('MEMORY_MB', DEFAULT_RATIOS.ram), Math.min(u.memory_mb, this.foreignMb)),
      DISK_GB: rec(u.local_gb, ratio('DISK_GB', DEFAULT_RATIOS.disk), 0),
      // Dedicated CPUs are never overcommitted: the libvirt driver reports them at ratio 1.0.
      ...(this.cpus.PCPU > 0 ? { PCPU: rec(this.cpus.PCPU, 1.0, 0) } : {}),
    };
  }

  /** _update_to_placement: provider (cache refreshed when stale), inventory, the disabled trait. */
  private async toPlacement(ctx: RequestContext): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.provider.ensure(ctx, this.nodeUuid, this.host);
        await this.provider.setInventory(ctx, this.nodeUuid, this.inventory());
        const traits = this.provider.cachedTraits(this.nodeUuid);
        if (this.disabled !== null && traits && traits.includes(DISABLED_TRAIT) !== this.disabled) {
          await this.provider.setTraits(ctx, this.nodeUuid, this.disabled ? [...traits, DISABLED_TRAIT] : traits.filter((t) => t !== DISABLED_TRAIT));
        }
        return;
      } catch (e) {
        if (!(e instanceof ProviderConflict) || attempt >= PLACEMENT_ATTEMPTS) throw e;
      }
    }
  }

  private serialized(what: () => Promise<void>): Promise<void> {
    const run = this.queue.then(what, what);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async update(ctx: RequestContext): Promise<void> {
    const node = { ...this.usage, memory_mb_used: this.usage.memory_mb_used + this.foreignMb };
    await this.conductor.computeNodeUpdate(ctx, this.host, { uuid: this.nodeUuid, ...node, numa_topology: this.numaTopology() });
    await this.toPlacement(ctx);
  }

  /** The tracker's _update after a claim or a release. */
  report(ctx: RequestContext): Promise<void> {
    return this.serialized(() => this.update(ctx));
  }

  /** Instances this host holds an incoming move's claim for (a resize or live migration landing here). */
  incomingInstances(): string[] {
    return [...this.claims.keys()].filter((k) => k.startsWith(INCOMING)).map((k) => k.slice(INCOMING.length));
  }

  /**
   * The periodic update_available_resource task. As Nova's recounts usage from the instances
   * and the migrations in progress, the incoming claims of moves that ended elsewhere (`ended`:
   * a resize rolled back on its source, whose destination was never told) are dropped.
   */
  audit(ctx: RequestContext, ended: readonly string[] = []): Promise<void> {
    return this.serialized(async () => {
      this.log.debug(ctx, null, `Auditing locally available compute resources for ${this.host} (node: ${this.host})`, at('update_available_resource', 937));
      for (const uuid of ended) this.remove(incoming(uuid));
      const instances = (await this.conductor.instancesOnHost(ctx, this.host)).map((r) => r.instance);
      const u = this.usage;
      this.log.debug(ctx, null, `Total usable vcpus: ${u.vcpus}, total allocated vcpus: ${u.vcpus_used}`, at('_report_final_resource_view', 1159));
      this.log.debug(ctx, null, `Final resource view: name=${this.host} phys_ram=${u.memory_mb}MB used_ram=${u.memory_mb_used + this.foreignMb}MB phys_disk=${u.local_gb}GB `
        + `used_disk=${u.local_gb_used}GB total_vcpus=${u.vcpus} used_vcpus=${u.vcpus_used} pci_stats=[] stats=${statsRepr(nodeStats(instances, this.failedBuilds))}`,
      at('_report_final_resource_view', 1168));
      await this.update(ctx);
      this.log.debug(ctx, null, `Compute_service record updated for ${this.host}:${this.host}`, at('_update_available_resource', 1097));
    });
  }
}
