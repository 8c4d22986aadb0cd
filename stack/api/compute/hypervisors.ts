// os-hypervisors (admin only): list and detail (paged from 2.33), show, statistics, search, servers and uptime, from
// the compute_nodes table that compute's resource tracker keeps up to date through the
// conductor; state/status come from the host's nova-compute service.

import type { ApiDeps } from '../api-deps.js';
import { badRequest, notFound } from '../http/api-error.js';
import { ok, type ApiReply } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { computeService, isServiceUp } from './service-state.js';
import { isSupported } from './microversion.js';
import { limitAndMarker, MAX_LIMIT, nextLink } from './pagination.js';

interface NodeRow {
  id: number; uuid: string; host: string; hypervisor_hostname: string; hypervisor_type: string; host_ip: string;
  vcpus: number; memory_mb: number; local_gb: number; vcpus_used: number; memory_mb_used: number; local_gb_used: number; running_vms: number;
}

const nodes = (deps: ApiDeps) => deps.db.prepare('SELECT * FROM compute_nodes ORDER BY id').all() as NodeRow[];

function summary(deps: ApiDeps, n: NodeRow) {
  const svc = computeService(deps.db, n.host);
  return {
    id: n.id, hypervisor_hostname: n.hypervisor_hostname,
    state: svc && isServiceUp(deps.cfg, svc) ? 'up' : 'down', status: svc?.disabled ? 'disabled' : 'enabled',
  };
}

function detail(deps: ApiDeps, req: ApiRequest, n: NodeRow) {
  const svc = computeService(deps.db, n.host);
  const freeDisk = n.local_gb - n.local_gb_used;
  return {
    ...summary(deps, n), hypervisor_type: n.hypervisor_type, hypervisor_version: 1000, host_ip: n.host_ip,
    vcpus: n.vcpus, vcpus_used: n.vcpus_used, memory_mb: n.memory_mb, memory_mb_used: n.memory_mb_used,
    local_gb: n.local_gb, local_gb_used: n.local_gb_used, free_ram_mb: n.memory_mb - n.memory_mb_used, free_disk_gb: freeDisk,
    current_workload: 0, running_vms: n.running_vms, disk_available_least: freeDisk,
    cpu_info: cpuInfo(req, n),
    service: { host: n.host, id: svc?.id ?? 0, disabled_reason: svc?.disabled_reason ?? null },
  };
}

/** The node's cpu_info: the JSON text the driver reported, parsed into an object from 2.28. */
function cpuInfo(req: ApiRequest, n: NodeRow): string | Record<string, unknown> {
  const info = { arch: 'x86_64', model: 'Nehalem', vendor: 'Intel', topology: { cells: 1, sockets: 1, cores: n.vcpus, threads: 1 }, features: [] };
  return isSupported(req, '2.28') ? info : JSON.stringify(info);
}

function byId(deps: ApiDeps, req: ApiRequest): NodeRow {
  const n = nodes(deps).find((x) => String(x.id) === req.params.id);
  if (!n) throw notFound(`Hypervisor ${req.params.id} could not be found.`);
  return n;
}

function matching(deps: ApiDeps, req: ApiRequest): NodeRow[] {
  const found = nodes(deps).filter((n) => n.hypervisor_hostname.includes(req.params.hostname));
  if (found.length === 0) throw notFound(`No hypervisor matching '${req.params.hostname}' could be found.`);
  return found;
}

function statistics(deps: ApiDeps): ApiReply {
  const all = nodes(deps);
  const sum = (f: (n: NodeRow) => number) => all.reduce((s, n) => s + f(n), 0);
  return ok({
    hypervisor_statistics: {
      count: all.length, vcpus: sum((n) => n.vcpus), vcpus_used: sum((n) => n.vcpus_used), memory_mb: sum((n) => n.memory_mb),
      memory_mb_used: sum((n) => n.memory_mb_used), local_gb: sum((n) => n.local_gb), local_gb_used: sum((n) => n.local_gb_used),
      free_ram_mb: sum((n) => n.memory_mb - n.memory_mb_used), free_disk_gb: sum((n) => n.local_gb - n.local_gb_used),
      current_workload: 0, running_vms: sum((n) => n.running_vms), disk_available_least: sum((n) => n.local_gb - n.local_gb_used),
    },
  });
}

/** The list (2.33: limit and marker, the marker a node id, and the next link when the page is full). */
function listReply(deps: ApiDeps, req: ApiRequest, detailed: boolean): ApiReply {
  let rows = nodes(deps);
  const out: Record<string, unknown> = {};
  if (isSupported(req, '2.33')) {
    const { limit, marker } = limitAndMarker(req);
    if (marker !== undefined) {
      const at = rows.findIndex((n) => String(n.id) === marker);
      if (at < 0) throw badRequest(`marker [${marker}] not found`);
      rows = rows.slice(at + 1);
    }
    const max = Math.min(limit ?? MAX_LIMIT, MAX_LIMIT);
    rows = rows.slice(0, max);
    out.hypervisors = rows.map((n) => (detailed ? detail(deps, req, n) : summary(deps, n)));
    if (max && rows.length === max) out.hypervisors_links = nextLink(deps.baseUrl, detailed ? 'os-hypervisors/detail' : 'os-hypervisors', req, rows[rows.length - 1].id);
    return ok(out);
  }
  return ok({ hypervisors: rows.map((n) => (detailed ? detail(deps, req, n) : summary(deps, n))) });
}

export function hypervisorRoutes(deps: ApiDeps): Route[] {
  const base = '/v2.1/os-hypervisors';
  const calls = (m: string) => `hypervisors.HypervisorsController.${m}`;
  return [
    { method: 'GET', pattern: base, calls: calls('index'), handler: (req) => listReply(deps, req, false) },
    { method: 'GET', pattern: `${base}/detail`, calls: calls('detail'), handler: (req) => listReply(deps, req, true) },
    { method: 'GET', pattern: `${base}/statistics`, calls: calls('statistics'), handler: () => statistics(deps) },
    { method: 'GET', pattern: `${base}/{id}`, calls: calls('show'), handler: (req) => ok({ hypervisor: detail(deps, req, byId(deps, req)) }) },
    { method: 'GET', pattern: `${base}/{id}/uptime`, calls: calls('uptime'), handler: (req) => {
      const n = byId(deps, req);
      return ok({ hypervisor: { ...summary(deps, n), uptime: ' 10:00:00 up 1 day,  2:03,  1 user,  load average: 0.10, 0.05, 0.01' } });
    } },
    { method: 'GET', pattern: `${base}/{hostname}/search`, calls: calls('search'),
      handler: (req) => ok({ hypervisors: matching(deps, req).map((n) => summary(deps, n)) }) },
    { method: 'GET', pattern: `${base}/{hostname}/servers`, calls: calls('servers'), handler: (req) => ok({
      hypervisors: matching(deps, req).map((n) => {
        const servers = deps.db.prepare('SELECT uuid, name FROM instances WHERE host = ? AND deleted_at IS NULL ORDER BY created_at').all(n.host);
        return servers.length ? { ...summary(deps, n), servers } : summary(deps, n);
      }),
    }) },
  ];
}
