// What this host has and what its guests use, reported to the conductor (compute_nodes row)
// and to placement (the resource provider's inventory), at start, after every change and by a
// periodic audit that logs Nova's "Final resource view" lines.

import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import type { Flavor } from '../common/objects.js';
import type { StackConfig } from '../common/stack-config.js';
import type { ConductorAPI } from '../conductor/rpcapi.js';

export interface HostUsage {
  vcpus: number; memory_mb: number; local_gb: number;
  vcpus_used: number; memory_mb_used: number; local_gb_used: number; running_vms: number;
  /** Memory held by something other than instances (placement's `reserved`). */
  memory_mb_reserved?: number;
}

/** Placement reporting, provided by the placement client. */
export interface InventoryReporter {
  report(ctx: RequestContext, host: string, nodeUuid: string, usage: HostUsage): Promise<void>;
}

export class ResourceTracker {
  readonly usage: HostUsage;
  private readonly log: OsloLogger;
  private readonly claims = new Map<string, Flavor>();

  constructor(
    private readonly host: string,
    readonly nodeUuid: string,
    cfg: StackConfig,
    rootLog: OsloLogger,
    private readonly conductor: ConductorAPI,
    private readonly placement: InventoryReporter,
  ) {
    const r = cfg.hostResources;
    this.usage = { ...r, vcpus_used: 0, memory_mb_used: 0, local_gb_used: 0, running_vms: 0 };
    this.log = rootLog.child('nova.compute.resource_tracker');
  }

  add(uuid: string, f: Flavor): void {
    if (this.claims.has(uuid)) return;
    this.claims.set(uuid, f);
    this.usage.vcpus_used += f.vcpus;
    this.usage.memory_mb_used += f.memory_mb;
    this.usage.local_gb_used += f.root_gb + f.ephemeral_gb;
    this.usage.running_vms += 1;
  }

  remove(uuid: string): void {
    const f = this.claims.get(uuid);
    if (!f) return;
    this.claims.delete(uuid);
    this.usage.vcpus_used -= f.vcpus;
    this.usage.memory_mb_used -= f.memory_mb;
    this.usage.local_gb_used -= f.root_gb + f.ephemeral_gb;
    this.usage.running_vms -= 1;
  }

  /** Memory taken by something other than Nova's instances (the hosts-full fault). */
  private foreignMb = 0;

  setForeignMemory(mb: number): boolean {
    if (mb === this.foreignMb) return false;
    this.foreignMb = mb;
    return true;
  }

  async report(ctx: RequestContext): Promise<void> {
    const u = { ...this.usage, memory_mb_used: this.usage.memory_mb_used + this.foreignMb, memory_mb_reserved: this.foreignMb };
    const { memory_mb_reserved: _reserved, ...node } = u;
    await this.conductor.computeNodeUpdate(ctx, this.host, { uuid: this.nodeUuid, ...node });
    await this.placement.report(ctx, this.host, this.nodeUuid, u);
  }

  /** The periodic update_available_resource task. */
  async audit(ctx: RequestContext): Promise<void> {
    this.log.info(ctx, null, `Auditing locally available compute resources for host ${this.host}`);
    const u = this.usage;
    this.log.info(ctx, null, `Final resource view: name=${this.host} phys_ram=${u.memory_mb}MB used_ram=${u.memory_mb_used}MB phys_disk=${u.local_gb}GB used_disk=${u.local_gb_used}GB total_vcpus=${u.vcpus} used_vcpus=${u.vcpus_used} pci_stats=[]`);
    await this.report(ctx);
  }
}
