// NUMATopologyFilter (enabled when configured): a flavor asking for a NUMA topology — a memory
// page size (hw:mem_page_size), pinned CPUs (hw:cpu_policy=dedicated), NUMA nodes — fits only
// a host whose reported cells can hold each instance cell. Logs as Nova does at DEBUG: the
// fitting steps of nova.virt.hardware and the filter's verdict, with the instance uuid.

import { cellPageSize, instanceNumaRequest, type HostNumaCell, type InstanceNumaRequest } from '../../common/numa.js';
import type { Where } from '../../common/oslo-logger.js';
import type { FilterRequest, HostFilter } from './host-filter.js';
import type { HostState } from '../host-state.js';

const FILTER = 'nova.scheduler.filters.numa_topology_filter';
const HW = 'nova.virt.hardware';
const hw = (func: string, line: number): Where => ({ func, file: 'virt/hardware.py', line });

/** _numa_fit_instance_cell for one instance cell of `memoryMb` and `cpus` on one host cell. */
function fitsCell(cell: HostNumaCell, want: InstanceNumaRequest, memoryMb: number, cpus: number, req: FilterRequest): boolean {
  const log = req.log.child(HW);
  if (want.pagesize !== null) {
    const size = cellPageSize(cell, want.pagesize, memoryMb);
    if (size === null) {
      log.debug(req.ctx, null, `Host does not support requested memory pagesize, or not enough free pages of the requested size. Requested memory pagesize: ${want.pagesize} (small = -1, large = -2, any = -3)`, hw('_numa_fit_instance_cell', 1112));
      return false;
    }
    log.debug(req.ctx, null, `Selected memory pagesize: ${size} kB. Requested memory pagesize: ${want.pagesize} (small = -1, large = -2, any = -3)`, hw('_numa_fit_instance_cell', 1118));
  }
  if (want.dedicated) {
    log.debug(req.ctx, null, 'Instance has requested pinned CPUs', hw('_numa_fit_instance_cell', 1220));
    if (cpus > cell.pcpuset.length) {
      log.debug(req.ctx, null, `Not enough available CPUs to schedule instance. Oversubscription is not possible with pinned instances. Required: ${cpus} (${cpus} + 0), actual: ${cell.pcpuset.length}`, hw('_numa_fit_instance_cell', 1223));
      return false;
    }
  }
  return true;
}

/** numa_fit_instance_to_host: every instance cell on a distinct host cell. */
function fitsHost(host: HostState, want: InstanceNumaRequest, req: FilterRequest): boolean {
  const cells = host.numaTopology!.cells;
  if (cells.length < want.cells) {
    req.log.child(HW).debug(req.ctx, null, `There are not enough NUMA nodes on the system to schedule the instance correctly. Required: ${want.cells}, actual: ${cells.length}`, hw('numa_fit_instance_to_host', 2669));
    return false;
  }
  const f = req.spec.flavor;
  const used = new Set<number>();
  for (let i = 0; i < want.cells; i++) {
    const cell = cells.find((c) => !used.has(c.id) && fitsCell(c, want, Math.floor(f.memory_mb / want.cells), Math.ceil(f.vcpus / want.cells), req));
    if (!cell) return false;
    used.add(cell.id);
  }
  return true;
}

export const NUMATopologyFilter: HostFilter = {
  name: 'NUMATopologyFilter',
  passes(host, req) {
    const want = instanceNumaRequest(req.spec.flavor.extra_specs ?? {});
    if (!want) return true;
    const log = req.log.child(FILTER);
    const uuid = req.spec.instance_uuid;
    if (!host.numaTopology) {
      log.debug(req.ctx, uuid, `${host.host}, ${host.nodename} fails NUMA topology requirements. No host NUMA topology while the instance specified one.`, { func: 'host_passes', file: 'scheduler/filters/numa_topology_filter.py', line: 125 });
      return false;
    }
    if (fitsHost(host, want, req)) return true;
    log.debug(req.ctx, uuid, `${host.host}, ${host.nodename} fails NUMA topology requirements. The instance does not fit on this host.`, { func: 'host_passes', file: 'scheduler/filters/numa_topology_filter.py', line: 116 });
    return false;
  },
};
