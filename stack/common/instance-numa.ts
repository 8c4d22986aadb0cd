// The NUMA topology an instance gets from its host's claim, as nova.virt.hardware's
// numa_fit_instance_to_host leaves it in instance_extra.numa_topology, reduced to what the
// stack models: the flavor's cells (hw:numa_nodes, the vCPUs and memory split evenly), each on a
// distinct host cell that has the requested memory pages and, for hw:cpu_policy=dedicated, as
// many free CPUs of [compute] cpu_dedicated_set as the cell has vCPUs (pinned in order). The
// fake host has one thread per core, so no cell has siblings.

import type { Flavor } from './objects.js';
import { cellPageSize, instanceNumaRequest, type HostNumaTopology } from './numa.js';

export interface InstanceNumaCell {
  /** The host cell it landed on. */
  id: number;
  /** The guest's vCPU ids in this cell. */
  cpuset: number[];
  memory: number;
  /** The page size chosen (KiB), null when none was asked for. */
  pagesize: number | null;
  /** vCPU → host CPU for a pinned cell, null otherwise. */
  cpu_pinning: Record<string, number> | null;
}

export interface InstanceNumaTopology { cells: InstanceNumaCell[] }

/**
 * The instance's topology on this host; null when the flavor asks for none; 'nofit' when the
 * host cannot hold it ("Requested instance NUMA topology cannot fit the given host NUMA topology").
 */
export function fitInstanceNuma(flavor: Flavor, host: HostNumaTopology, dedicated: ReadonlySet<number>, pinned: ReadonlySet<number>): InstanceNumaTopology | null | 'nofit' {
  const want = instanceNumaRequest(flavor.extra_specs ?? {});
  if (!want) return null;
  if (want.cells > host.cells.length) return 'nofit';
  const perCpus = Math.floor(flavor.vcpus / want.cells);
  const perMemory = Math.floor(flavor.memory_mb / want.cells);
  const used = new Set<number>();
  const cells: InstanceNumaCell[] = [];
  for (let i = 0; i < want.cells; i++) {
    const cpuset = Array.from({ length: i === want.cells - 1 ? flavor.vcpus - perCpus * i : perCpus }, (_, k) => perCpus * i + k);
    let placed: InstanceNumaCell | null = null;
    for (const cell of host.cells) {
      if (used.has(cell.id)) continue;
      const pagesize = want.pagesize === null ? null : cellPageSize(cell, want.pagesize, perMemory);
      if (want.pagesize !== null && pagesize === null) continue;
      let pinning: Record<string, number> | null = null;
      if (want.dedicated) {
        const free = cell.cpuset.filter((c) => dedicated.has(c) && !pinned.has(c));
        if (free.length < cpuset.length) continue;
        pinning = Object.fromEntries(cpuset.map((v, k) => [String(v), free[k]]));
      }
      placed = { id: cell.id, cpuset, memory: perMemory, pagesize, cpu_pinning: pinning };
      break;
    }
    if (!placed) return 'nofit';
    used.add(placed.id);
    cells.push(placed);
  }
  return { cells };
}
