// NUMA, minimal but as Nova models it: the host's NUMATopology a compute reports (cells with
// their CPUs, memory and memory pages of each size, compute_nodes.numa_topology) and the
// instance's requested topology derived from the flavor's extra specs (hw:mem_page_size,
// hw:cpu_policy, hw:numa_nodes). Shared by compute (reports) and the scheduler (fits).

/** One page size of a host cell: size in KiB, pages in total and used by instances. */
export interface MemPages { size_kb: number; total: number; used: number; reserved: number }

export interface HostNumaCell {
  id: number;
  /** Shared (floating) CPUs of the cell: [compute] cpu_shared_set, or all when unset. */
  cpuset: number[];
  /** Dedicated CPUs: [compute] cpu_dedicated_set (none configured here). */
  pcpuset: number[];
  memory: number;
  mempages: MemPages[];
}

export interface HostNumaTopology { cells: HostNumaCell[] }

/** Nova's requested page sizes: small = -1, large = -2, any = -3, or a size in KiB. */
export const MEMPAGES_SMALL = -1;
export const MEMPAGES_LARGE = -2;
export const MEMPAGES_ANY = -3;

export interface InstanceNumaRequest {
  cells: number;
  /** null: no page size requested. */
  pagesize: number | null;
  dedicated: boolean;
}

/** The fake host's huge pages per cell (vm.nr_hugepages split over the nodes): 1 GiB of 2 MiB pages. */
export const HUGE_PAGES_PER_CELL = 512;

/** The host's topology: two cells sharing its CPUs and memory, 4 KiB pages and `hugePages` 2 MiB pages per cell. */
export function hostTopology(vcpus: number, memoryMb: number, hugePages: number, usedHugePages: number[] = []): HostNumaTopology {
  const n = vcpus >= 2 ? 2 : 1;
  const per = Math.floor(vcpus / n);
  const mem = Math.floor(memoryMb / n);
  const cells = Array.from({ length: n }, (_, id): HostNumaCell => {
    const huge = Math.min(hugePages, Math.floor(mem / 2));
    return {
      id,
      cpuset: Array.from({ length: per }, (_, i) => id * per + i),
      pcpuset: [],
      memory: mem,
      mempages: [
        { size_kb: 4, total: ((mem - huge * 2) * 1024) / 4, used: 0, reserved: 0 },
        { size_kb: 2048, total: huge, used: Math.min(huge, usedHugePages[id] ?? 0), reserved: 0 },
      ],
    };
  });
  return { cells };
}

/** hardware.get_mem_page_size / numa_get_constraints, reduced to what the flavor says. */
export function instanceNumaRequest(extraSpecs: Record<string, string>): InstanceNumaRequest | null {
  const page = extraSpecs['hw:mem_page_size'];
  const dedicated = extraSpecs['hw:cpu_policy'] === 'dedicated';
  const nodes = Number(extraSpecs['hw:numa_nodes'] ?? '1') || 1;
  if (page === undefined && !dedicated && extraSpecs['hw:numa_nodes'] === undefined) return null;
  const pagesize = page === undefined ? null
    : page === 'small' ? MEMPAGES_SMALL : page === 'large' ? MEMPAGES_LARGE : page === 'any' ? MEMPAGES_ANY : Number.parseInt(page, 10);
  return { cells: nodes, pagesize, dedicated };
}

/** 2 MiB pages an instance of `memoryMb` takes when it asked for large pages (0 otherwise). */
export function hugePagesOf(extraSpecs: Record<string, string>, memoryMb: number): number {
  const req = instanceNumaRequest(extraSpecs);
  return req && req.pagesize !== null && req.pagesize !== MEMPAGES_SMALL && req.pagesize !== 4 ? Math.ceil(memoryMb / 2) : 0;
}

/** _numa_cell_supports_pagesize_request: the page size a host cell can give the instance cell, or null. */
export function cellPageSize(cell: HostNumaCell, pagesize: number, memoryMb: number): number | null {
  const sizes = cell.mempages.map((p) => p.size_kb).sort((a, b) => b - a);
  const candidates = pagesize === MEMPAGES_SMALL ? sizes.slice(-1) : pagesize === MEMPAGES_LARGE ? sizes.slice(0, -1) : pagesize === MEMPAGES_ANY ? sizes : [pagesize];
  for (const size of candidates) {
    const p = cell.mempages.find((m) => m.size_kb === size);
    if (p && (memoryMb * 1024) % size === 0 && (p.total - p.used - p.reserved) * size >= memoryMb * 1024) return size;
  }
  return null;
}
