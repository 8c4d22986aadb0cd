// Builds a HostState per compute node from the nova database at the start of every request:
// compute_nodes for capacity, services for up/disabled, aggregates (and their metadata, which
// holds the availability zone), the instances on each host, and the request's server group.

import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestSpec } from '../common/objects.js';
import type { RequestContext } from '../common/request-context.js';
import type { StackConfig } from '../common/stack-config.js';
import { groupRules } from '../common/server-group-rules.js';
import type { Db } from '../db/open-db.js';
import type { ServerGroupInfo } from './filters/host-filter.js';
import type { AggregateInfo, HostState, SupportedInstance } from './host-state.js';

/** The fake driver reports this hypervisor version (as Nova's FakeDriver does). */
export const FAKE_HYPERVISOR_VERSION = 1000;

/** Task states that count as I/O work on a host (Nova's io_workload), besides building. */
const IO_TASK_STATES = new Set(['resize_migrating', 'rebuilding', 'resize_prep', 'rescuing']);

interface NodeRow {
  uuid: string; host: string; hypervisor_hostname: string; hypervisor_type: string; host_ip: string;
  vcpus: number; memory_mb: number; local_gb: number; vcpus_used: number; memory_mb_used: number; local_gb_used: number;
  cpu_allocation_ratio: number; ram_allocation_ratio: number; disk_allocation_ratio: number; numa_topology: string | null;
  service_id: number | null; disabled: number | null; disabled_reason: string | null; forced_down: number | null;
  last_seen_up: string | null; service_created_at: string | null;
}

/** Libvirt advertises both kvm and qemu guests on a KVM host. */
function supportedInstances(hypervisorType: string): SupportedInstance[] {
  const hv = hypervisorType.toLowerCase();
  const types = hv === 'qemu' || hv === 'kvm' ? ['kvm', 'qemu'] : [hv];
  return ['x86_64', 'i686'].flatMap((arch) => types.map((t): SupportedInstance => [arch, t, 'hvm']));
}

export class HostManager {
  private readonly log: OsloLogger;

  constructor(private readonly db: Db, private readonly cfg: StackConfig, rootLog: OsloLogger) {
    this.log = rootLog.child('nova.scheduler.host_manager');
  }

  private serviceIsUp(row: NodeRow, now: number): boolean {
    if (row.forced_down) return false;
    const seen = row.last_seen_up ?? row.service_created_at;
    return seen !== null && now - Date.parse(seen) <= this.cfg.serviceDownMs;
  }

  private aggregatesByHost(): Map<string, AggregateInfo[]> {
    const rows = this.db.prepare(`SELECT ah.host, a.id, a.name, am.key, am.value FROM aggregate_hosts ah
      JOIN aggregates a ON a.id = ah.aggregate_id LEFT JOIN aggregate_metadata am ON am.aggregate_id = a.id ORDER BY a.id`)
      .all() as { host: string; id: number; name: string; key: string | null; value: string | null }[];
    const out = new Map<string, Map<number, AggregateInfo>>();
    for (const r of rows) {
      let byId = out.get(r.host);
      if (!byId) out.set(r.host, (byId = new Map()));
      let agg = byId.get(r.id);
      if (!agg) byId.set(r.id, (agg = { name: r.name, metadata: {} }));
      if (r.key !== null && r.value !== null) agg.metadata[r.key] = r.value;
    }
    return new Map([...out].map(([h, byId]) => [h, [...byId.values()]]));
  }

  private instancesByHost(): Map<string, { uuid: string; io: boolean }[]> {
    const rows = this.db.prepare(`SELECT uuid, host, vm_state, task_state FROM instances
      WHERE host IS NOT NULL AND deleted_at IS NULL AND vm_state != 'deleted'`).all() as { uuid: string; host: string; vm_state: string; task_state: string | null }[];
    const out = new Map<string, { uuid: string; io: boolean }[]>();
    for (const r of rows) {
      const list = out.get(r.host) ?? [];
      list.push({ uuid: r.uuid, io: r.vm_state === 'building' || IO_TASK_STATES.has(r.task_state ?? '') });
      out.set(r.host, list);
    }
    return out;
  }

  /** Every compute node with a nova-compute service record, in creation order. */
  hostStates(ctx: RequestContext): HostState[] {
    const nodes = this.db.prepare(`SELECT c.*, s.id AS service_id, s.disabled, s.disabled_reason, s.forced_down, s.last_seen_up,
      s.created_at AS service_created_at FROM compute_nodes c LEFT JOIN services s ON s.host = c.host AND s.binary = 'nova-compute'
      ORDER BY c.id`).all() as NodeRow[];
    const aggregates = this.aggregatesByHost();
    const instances = this.instancesByHost();
    const now = Date.now();
    const out: HostState[] = [];
    for (const n of nodes) {
      if (n.service_id === null) {
        this.log.warning(ctx, null, `No compute service record found for host ${n.host}`);
        continue;
      }
      const onHost = instances.get(n.host) ?? [];
      out.push({
        host: n.host, nodename: n.hypervisor_hostname, uuid: n.uuid, hostIp: n.host_ip,
        hypervisorType: n.hypervisor_type, hypervisorVersion: FAKE_HYPERVISOR_VERSION,
        totalUsableRamMb: n.memory_mb, freeRamMb: n.memory_mb - n.memory_mb_used,
        totalUsableDiskGb: n.local_gb, freeDiskMb: (n.local_gb - n.local_gb_used) * 1024,
        vcpusTotal: n.vcpus, vcpusUsed: n.vcpus_used,
        cpuAllocationRatio: n.cpu_allocation_ratio, ramAllocationRatio: n.ram_allocation_ratio, diskAllocationRatio: n.disk_allocation_ratio,
        numInstances: onHost.length, numIoOps: onHost.filter((i) => i.io).length,
        service: { disabled: !!n.disabled, disabledReason: n.disabled_reason, up: this.serviceIsUp(n, now) },
        aggregates: aggregates.get(n.host) ?? [],
        instances: new Set(onHost.map((i) => i.uuid)),
        supportedInstances: supportedInstances(n.hypervisor_type),
        stats: {},
        numaTopology: n.numa_topology ? JSON.parse(n.numa_topology) as HostState['numaTopology'] : null,
      });
    }
    return out;
  }

  /** The server group named by the `group` hint, with the hosts of its other members. */
  serverGroup(spec: RequestSpec): ServerGroupInfo | null {
    const uuid = spec.scheduler_hints?.group;
    if (!uuid) return null;
    const g = this.db.prepare('SELECT id, uuid, policy, rules FROM server_groups WHERE uuid = ?').get(uuid) as { id: number; uuid: string; policy: string; rules: string } | undefined;
    if (!g) return null;
    const members = (this.db.prepare('SELECT instance_uuid FROM server_group_members WHERE group_id = ?').all(g.id) as { instance_uuid: string }[])
      .map((m) => m.instance_uuid);
    const hosts = this.db.prepare(`SELECT DISTINCT i.host FROM server_group_members m JOIN instances i ON i.uuid = m.instance_uuid
      WHERE m.group_id = ? AND i.uuid != ? AND i.host IS NOT NULL AND i.deleted_at IS NULL AND i.vm_state != 'deleted' ORDER BY i.host`)
      .all(g.id, spec.instance_uuid) as { host: string }[];
    return { uuid: g.uuid, policy: g.policy, members, hosts: hosts.map((h) => h.host), rules: groupRules(g.rules) };
  }

  /** [host, node] of hosts already tried, for the RetryFilter. */
  triedHosts(hosts: readonly string[]): [string, string][] {
    const node = this.db.prepare('SELECT hypervisor_hostname FROM compute_nodes WHERE host = ?');
    return hosts.map((h) => [h, (node.get(h) as { hypervisor_hostname: string } | undefined)?.hypervisor_hostname ?? h]);
  }
}
