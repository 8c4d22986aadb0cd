// ComputeCapabilitiesFilter: flavor extra specs in the `capabilities:` scope (or unscoped keys
// naming a host attribute) must match what the host reports, e.g.
// `capabilities:hypervisor_type = s== QEMU` or `vcpus_total = >= 8`.

import { hostStateRepr, type HostState } from '../host-state.js';
import { matchesExtraSpec } from './extra-specs-ops.js';
import { filterLogger, type FilterRequest, type HostFilter } from './host-filter.js';
import { pyFloat, pyStr } from '../py-repr.js';

const LOG = filterLogger('nova.scheduler.filters.compute_capabilities_filter', 'scheduler/filters/compute_capabilities_filter.py');

/** HostState attributes by their Nova names, as str() would print them. */
const ATTRIBUTES: Record<string, (h: HostState) => string> = {
  host: (h) => h.host,
  nodename: (h) => h.nodename,
  hypervisor_hostname: (h) => h.nodename,
  uuid: (h) => h.uuid,
  host_ip: (h) => h.hostIp,
  hypervisor_type: (h) => h.hypervisorType,
  hypervisor_version: (h) => String(h.hypervisorVersion),
  free_ram_mb: (h) => String(h.freeRamMb),
  free_disk_mb: (h) => String(h.freeDiskMb),
  total_usable_ram_mb: (h) => String(h.totalUsableRamMb),
  total_usable_disk_gb: (h) => String(h.totalUsableDiskGb),
  vcpus_total: (h) => String(h.vcpusTotal),
  vcpus_used: (h) => String(h.vcpusUsed),
  num_instances: (h) => String(h.numInstances),
  num_io_ops: (h) => String(h.numIoOps),
  cpu_allocation_ratio: (h) => pyFloat(h.cpuAllocationRatio),
  ram_allocation_ratio: (h) => pyFloat(h.ramAllocationRatio),
  disk_allocation_ratio: (h) => pyFloat(h.diskAllocationRatio),
};

/** Walks `a:b:c` into the host: an attribute or a stats key first, then into JSON values. */
function capability(host: HostState, scope: string[], req: FilterRequest): string | null {
  let cap: unknown = undefined;
  for (const [i, key] of scope.entries()) {
    if (i === 0) {
      cap = key in ATTRIBUTES ? ATTRIBUTES[key](host) : host.stats[key];
    } else {
      if (typeof cap === 'string') {
        try {
          cap = JSON.parse(cap);
        } catch (e) {
          LOG.debug(req, 43, `${hostStateRepr(host)} fails. The capabilities '${cap}' couldn't be loaded from JSON: ${(e as Error).message}`, '_get_capabilities');
          return null;
        }
      }
      cap = cap !== null && typeof cap === 'object' ? (cap as Record<string, unknown>)[key] : undefined;
    }
    if (cap === undefined || cap === null) {
      LOG.debug(req, 63, `${hostStateRepr(host)} fails. There are no capabilities to retrieve.`, '_get_capabilities');
      return null;
    }
  }
  return typeof cap === 'string' ? cap : JSON.stringify(cap);
}

function satisfiesExtraSpecs(host: HostState, req: FilterRequest): boolean {
  for (const [key, wanted] of Object.entries(req.spec.flavor.extra_specs ?? {})) {
    let scope = key.split(':');
    if (scope.length === 1) {
      // An unscoped key counts only when the host has such an attribute.
      if (!(key in ATTRIBUTES) && !(key in host.stats)) continue;
    } else if (scope[0] !== 'capabilities') {
      continue;
    } else {
      scope = scope.slice(1);
    }
    const cap = capability(host, scope, req);
    if (cap === null) return false;
    if (!matchesExtraSpec(cap, wanted)) {
      LOG.debug(req, 102, `${hostStateRepr(host)} fails extra_spec requirements. '${wanted}' does not match '${pyStr(cap)}'`, '_satisfies_extra_specs');
      return false;
    }
  }
  return true;
}

export const ComputeCapabilitiesFilter: HostFilter = {
  name: 'ComputeCapabilitiesFilter',
  passes(host, req) {
    if (!satisfiesExtraSpecs(host, req)) {
      LOG.debug(req, 113, `${hostStateRepr(host)} fails instance_type extra_specs requirements`);
      return false;
    }
    return true;
  },
};
