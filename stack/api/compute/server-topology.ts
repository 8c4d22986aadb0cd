// GET /servers/{id}/topology (2.78, server_topology.ServerTopologyController.index): the NUMA
// topology the server's host claim gave it — per cell the guest vCPUs (vcpu_set), their
// siblings, its memory and, when compute:server:topology:host:index allows the caller (admins),
// the host cell and the vCPU → host CPU pinning ({} for an unpinned cell); pagesize_kb the last
// cell's page size. A server without one answers {"nodes": [], "pagesize_kb": null}.

import { allows } from '../../common/policy.js';
import type { InstanceNumaTopology } from '../../common/instance-numa.js';
import type { ApiDeps } from '../api-deps.js';
import { ok } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { getInstance } from './instances.js';

export function serverTopologyRoutes(deps: ApiDeps): Route[] {
  return [{
    method: 'GET', pattern: '/v2.1/servers/{id}/topology', calls: 'server_topology.ServerTopologyController.index', versions: ['2.78'],
    handler: (req) => {
      const inst = getInstance(deps, req, req.params.id);
      const raw = deps.db.prepare('SELECT numa_topology FROM instances WHERE uuid = ?').pluck().get(inst.uuid) as string | null;
      if (!raw) return ok({ nodes: [], pagesize_kb: null });
      const showHost = allows('admin', req.ctx, { projectId: inst.project_id });
      let pagesize: number | null = null;
      const nodes = (JSON.parse(raw) as InstanceNumaTopology).cells.map((c) => {
        if (c.pagesize) pagesize = c.pagesize;
        // One thread per core on the fake host: InstanceNUMACell.siblings is empty.
        return { vcpu_set: c.cpuset, siblings: [], memory_mb: c.memory, ...(showHost ? { host_node: c.id, cpu_pinning: c.cpu_pinning ?? {} } : {}) };
      });
      return ok({ nodes, pagesize_kb: pagesize });
    },
  }];
}
