// What the scheduler knows about one compute node while it places a request (Nova's
// HostState): capacity and usage from compute_nodes, the service's up/disabled state, its
// aggregates, and the instances it holds. Filters and weighers read only this; the repr is
// the `(host, node) ram: …MB disk: …MB io_ops: N instances: N` every scheduler line prints.

import type { HostNumaTopology } from '../common/numa.js';

export interface ServiceState {
  disabled: boolean;
  disabledReason: string | null;
  /** Heard from within cfg.serviceDownMs and not forced down. */
  up: boolean;
}

export interface AggregateInfo {
  name: string;
  metadata: Record<string, string>;
}

/** One (architecture, hypervisor type, vm mode) triple the host can run. */
export type SupportedInstance = [arch: string, hvType: string, vmMode: string];

export interface HostState {
  host: string;
  nodename: string;
  /** Compute node uuid = its resource provider uuid in placement. */
  uuid: string;
  hostIp: string;
  hypervisorType: string;
  hypervisorVersion: number;
  totalUsableRamMb: number;
  /** May be negative when overcommitted. */
  freeRamMb: number;
  totalUsableDiskGb: number;
  freeDiskMb: number;
  vcpusTotal: number;
  vcpusUsed: number;
  cpuAllocationRatio: number;
  ramAllocationRatio: number;
  diskAllocationRatio: number;
  numInstances: number;
  numIoOps: number;
  service: ServiceState;
  aggregates: AggregateInfo[];
  /** Uuids of the instances on this host. */
  instances: Set<string>;
  supportedInstances: SupportedInstance[];
  stats: Record<string, string>;
  /** compute_nodes.numa_topology as the host reported it; null when it reported none. */
  numaTopology: HostNumaTopology | null;
}

export function hostStateRepr(h: HostState): string {
  return `(${h.host}, ${h.nodename}) ram: ${h.freeRamMb}MB disk: ${h.freeDiskMb}MB io_ops: ${h.numIoOps} instances: ${h.numInstances}`;
}

/** Values per metadata key over the host's aggregates (Nova's aggregate_metadata_get_by_host). */
export function aggregateMetadata(h: HostState, key?: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const agg of h.aggregates) {
    for (const [k, v] of Object.entries(agg.metadata)) {
      if (key !== undefined && k !== key) continue;
      let values = out.get(k);
      if (!values) out.set(k, (values = new Set()));
      values.add(v);
    }
  }
  return out;
}

/** The oversubscription limits the chosen host is handed (Selection.limits). */
export function hostLimits(h: HostState): { memory_mb: number; vcpus: number; disk_gb: number } {
  return {
    memory_mb: h.totalUsableRamMb * h.ramAllocationRatio,
    vcpus: h.vcpusTotal * h.cpuAllocationRatio,
    disk_gb: h.totalUsableDiskGb * h.diskAllocationRatio,
  };
}

/** Takes a request's resources from the host, as Nova does after choosing it. */
export function consumeFromRequest(h: HostState, flavor: { memory_mb: number; vcpus: number; root_gb: number; ephemeral_gb: number; swap: number }, instanceUuid: string): void {
  h.freeRamMb -= flavor.memory_mb;
  h.freeDiskMb -= (flavor.root_gb + flavor.ephemeral_gb) * 1024 + flavor.swap;
  h.vcpusUsed += flavor.vcpus;
  h.numInstances += 1;
  h.numIoOps += 1;
  h.instances.add(instanceUuid);
}
