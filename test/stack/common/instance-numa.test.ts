// The NUMA topology a host's claim gives a flavor: cells on distinct host cells, pages of the
// requested size, vCPUs pinned to free CPUs of cpu_dedicated_set in the cell.
import { describe, expect, it } from 'vitest';
import { fitInstanceNuma } from '../../../stack/common/instance-numa.js';
import { hostTopology } from '../../../stack/common/numa.js';
import type { Flavor } from '../../../stack/common/objects.js';

const flavor = (vcpus: number, memory: number, extra: Record<string, string>): Flavor =>
  ({ id: 'f', name: 'f', vcpus, memory_mb: memory, root_gb: 1, ephemeral_gb: 0, swap: 0, extra_specs: extra });
// Two cells of 4 CPUs (0-3, 4-7) and 4096 MB, 512 huge pages each.
const host = hostTopology(8, 8192, 512);

describe('fitInstanceNuma', () => {
  it('no NUMA request: no topology', () => {
    expect(fitInstanceNuma(flavor(2, 512, {}), host, new Set(), new Set())).toBeNull();
  });

  it('pinned vCPUs go to the cell that has the dedicated CPUs, in order, skipping those in use', () => {
    const dedicated = new Set([4, 5, 6, 7]);
    expect(fitInstanceNuma(flavor(2, 512, { 'hw:cpu_policy': 'dedicated' }), host, dedicated, new Set())).toEqual({
      cells: [{ id: 1, cpuset: [0, 1], memory: 512, pagesize: null, cpu_pinning: { 0: 4, 1: 5 } }],
    });
    expect(fitInstanceNuma(flavor(2, 512, { 'hw:cpu_policy': 'dedicated' }), host, dedicated, new Set([4, 5]))).toMatchObject({ cells: [{ cpu_pinning: { 0: 6, 1: 7 } }] });
    expect(fitInstanceNuma(flavor(2, 512, { 'hw:cpu_policy': 'dedicated' }), host, dedicated, new Set([4, 5, 6]))).toBe('nofit');
    expect(fitInstanceNuma(flavor(2, 512, { 'hw:cpu_policy': 'dedicated' }), host, new Set(), new Set())).toBe('nofit');
  });

  it('large pages and two NUMA nodes: one cell per host cell, memory and vCPUs split', () => {
    expect(fitInstanceNuma(flavor(4, 1024, { 'hw:mem_page_size': 'large', 'hw:numa_nodes': '2' }), host, new Set(), new Set())).toEqual({
      cells: [{ id: 0, cpuset: [0, 1], memory: 512, pagesize: 2048, cpu_pinning: null }, { id: 1, cpuset: [2, 3], memory: 512, pagesize: 2048, cpu_pinning: null }],
    });
    expect(fitInstanceNuma(flavor(2, 512, { 'hw:numa_nodes': '3' }), host, new Set(), new Set())).toBe('nofit');
    expect(fitInstanceNuma(flavor(1, 512, { 'hw:mem_page_size': 'large' }), hostTopology(8, 8192, 0), new Set(), new Set())).toBe('nofit');
  });
});
