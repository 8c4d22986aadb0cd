// The resource claim a compute host makes before building (nova.compute.claims): checks the
// request against the host's free resources within the scheduler's limits, and logs Nova's
// claim lines. A failed claim is ComputeResourcesUnavailable, which reschedules the build.

import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import type { Flavor, Selection } from '../common/objects.js';
import type { HostUsage } from './resource-tracker.js';

export class ComputeResourcesUnavailable extends Error {
  override readonly name = 'ComputeResourcesUnavailable';
}

interface Check { what: string; unit: string; total: number; used: number; limit: number; requested: number }

/** numaFits: false when the host's NUMA cells cannot hold the topology the flavor asks for (Claim._test_numa_topology). */
export function claim(log: OsloLogger, ctx: RequestContext, uuid: string, node: string, flavor: Flavor, usage: HostUsage, limits: Selection['limits'], numaFits = true): void {
  const disk = flavor.root_gb + flavor.ephemeral_gb;
  log.info(ctx, uuid, `Attempting claim on node ${node}: memory ${flavor.memory_mb} MB, disk ${disk} GB, vcpus ${flavor.vcpus} CPU`);
  const checks: Check[] = [
    { what: 'memory', unit: 'MB', total: usage.memory_mb, used: usage.memory_mb_used, limit: limits.memory_mb, requested: flavor.memory_mb },
    { what: 'disk', unit: 'GB', total: usage.local_gb, used: usage.local_gb_used, limit: limits.disk_gb, requested: disk },
    { what: 'vcpu', unit: 'VCPU', total: usage.vcpus, used: usage.vcpus_used, limit: limits.vcpus, requested: flavor.vcpus },
  ];
  const failures: string[] = [];
  for (const c of checks) {
    const label = c.what;
    log.info(ctx, uuid, `Total ${label}: ${c.total} ${c.unit}, used: ${c.used.toFixed(2)} ${c.unit}`);
    const free = c.limit - c.used;
    log.info(ctx, uuid, `${label} limit: ${c.limit.toFixed(2)} ${c.unit}, free: ${free.toFixed(2)} ${c.unit}`);
    if (c.requested > free) failures.push(`Free ${label} ${free.toFixed(2)} ${c.unit} < requested ${c.requested} ${c.unit}`);
  }
  if (!numaFits) failures.push('Requested instance NUMA topology cannot fit the given host NUMA topology');
  if (failures.length) throw new ComputeResourcesUnavailable(`Insufficient compute resources: ${failures.join('; ')}.`);
  log.info(ctx, uuid, `Claim successful on node ${node}`);
}
