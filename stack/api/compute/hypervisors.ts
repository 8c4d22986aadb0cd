// os-hypervisors (admin only): list and detail (paged from 2.33), show, statistics, search, servers and uptime, from
// the compute_nodes table that compute's resource tracker keeps up to date through the
// conductor; state/status come from the host's nova-compute service (a node without one is
// left out). From 2.53 nodes and services are known by uuid, and search/servers give way to the
// hypervisor_hostname_pattern and with_servers query parameters. From 2.88 the detail view has
// no resource figures (placement has them) but the host's uptime, and statistics and the uptime
// route are gone.

import type { ApiDeps } from '../api-deps.js';
import { badRequest, notFound } from '../http/api-error.js';
import { ok, type ApiReply } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { computeService, isServiceUp } from './service-state.js';
import { isSupported } from './microversion.js';
import { limitAndMarker, MAX_LIMIT, nextLink } from './pagination.js';
import { hypervisorQuery } from './hypervisor-query.js';
import { getHostUptime, uptimeOrNull } from './hypervisor-uptime.js';
import { isUuidLike } from './service-update-v253.js';

interface NodeRow {
  id: number; uuid: string; host: string; hypervisor_hostname: string; hypervisor_type: string; host_ip: string;
  vcpus: number; memory_mb: number; local_gb: number; vcpus_used: number; memory_mb_used: number; local_gb_used: number; running_vms: number;
}

const nodes = (deps: ApiDeps) => deps.db.prepare('SELECT * FROM compute_nodes ORDER BY id').all() as NodeRow[];

/** The node's id: compute_nodes.uuid from 2.53. */
const nodeId = (req: ApiRequest, n: NodeRow) => (isSupported(req, '2.53') ? n.uuid : n.id);

function summary(deps: ApiDeps, req: ApiRequest, n: NodeRow) {
  const svc = computeService(deps.db, n.host);
  return {
    id: nodeId(req, n), hypervisor_hostname: n.hypervisor_hostname,
    state: svc && isServiceUp(deps.cfg, svc) ? 'up' : 'down', status: svc?.disabled ? 'disabled' : 'enabled',
  };
}

async function detail(deps: ApiDeps, req: ApiRequest, n: NodeRow) {
  const svc = computeService(deps.db, n.host);
  const view = {
    ...summary(deps, req, n), hypervisor_type: n.hypervisor_type, hypervisor_version: 1000, host_ip: n.host_ip,
    service: { host: n.host, id: (isSupported(req, '2.53') ? svc?.uuid : svc?.id) ?? 0, disabled_reason: svc?.disabled_reason ?? null },
  };
  if (isSupported(req, '2.88')) return { ...view, uptime: await uptimeOrNull(deps, req.ctx, n.host) };
  const freeDisk = n.local_gb - n.local_gb_used;
  return {
    ...view, vcpus: n.vcpus, vcpus_used: n.vcpus_used, memory_mb: n.memory_mb, memory_mb_used: n.memory_mb_used,
    local_gb: n.local_gb, local_gb_used: n.local_gb_used, free_ram_mb: n.memory_mb - n.memory_mb_used, free_disk_gb: freeDisk,
    current_workload: 0, running_vms: n.running_vms, disk_available_least: freeDisk, cpu_info: cpuInfo(req, n),
  };
}

/** The node's cpu_info: the JSON text the driver reported, parsed into an object from 2.28. */
function cpuInfo(req: ApiRequest, n: NodeRow): string | Record<string, unknown> {
  const info = { arch: 'x86_64', model: 'Nehalem', vendor: 'Intel', topology: { cells: 1, sockets: 1, cores: n.vcpus, threads: 1 }, features: [] };
  return isSupported(req, '2.28') ? info : JSON.stringify(info);
}

/** _validate_id and compute_node_get: a uuid from 2.53 (400 otherwise), an integer before (404 otherwise). */
function byId(deps: ApiDeps, req: ApiRequest): NodeRow {
  const id = req.params.id;
  const missing = () => notFound(`Hypervisor with ID '${id}' could not be found.`);
  if (isSupported(req, '2.53')) {
    if (!isUuidLike(id)) throw badRequest(`Invalid uuid ${id}`);
  } else if (!/^\s*[-+]?\d+\s*$/.test(id)) {
    throw missing();
  }
  const n = nodes(deps).find((x) => (isSupported(req, '2.53') ? x.uuid === id : x.id === Number(id)));
  if (!n || !computeService(deps.db, n.host)) throw missing();
  return n;
}

/** compute_node_search_by_hypervisor: the nodes whose name contains the pattern (SQL LIKE %pattern%). */
function matchingNodes(deps: ApiDeps, pattern: string): NodeRow[] {
  const found = nodes(deps).filter((n) => n.hypervisor_hostname.toLowerCase().includes(pattern.toLowerCase()));
  if (found.length === 0) throw notFound(`No hypervisor matching '${pattern}' could be found.`);
  return found;
}

const hostedServers = (deps: ApiDeps, host: string) =>
  deps.db.prepare('SELECT name, uuid FROM instances WHERE host = ? AND deleted_at IS NULL ORDER BY created_at').all(host) as { name: string; uuid: string }[];

/** _view_hypervisor's servers: the hosted servers when there are any (an empty list only from 2.75). */
function withServers<T extends object>(deps: ApiDeps, req: ApiRequest, view: T, host: string, asked: boolean): T {
  if (!asked) return view;
  const servers = hostedServers(deps, host);
  return servers.length || isSupported(req, '2.75') ? { ...view, servers } : view;
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

/**
 * The list: limit and marker from 2.33 (the marker a node id, a node uuid from 2.53; the next
 * link when the page is full); from 2.53 hypervisor_hostname_pattern (no paging) and with_servers.
 */
async function listReply(deps: ApiDeps, req: ApiRequest, detailed: boolean): Promise<ApiReply> {
  const query = hypervisorQuery(req, true);
  const view = async (n: NodeRow) => withServers(deps, req, detailed ? await detail(deps, req, n) : summary(deps, req, n), n.host, query.withServers);
  const listed = (rows: NodeRow[]) => Promise.all(rows.filter((n) => computeService(deps.db, n.host)).map(view));
  if (query.pattern !== null) {
    if (req.query.has('limit') || req.query.get('marker')) throw badRequest('Paging over hypervisors with the hypervisor_hostname_pattern query parameter is not supported.');
    return ok({ hypervisors: await listed(matchingNodes(deps, query.pattern)) });
  }
  let rows = nodes(deps);
  if (!isSupported(req, '2.33')) return ok({ hypervisors: await listed(rows) });
  const { limit, marker } = limitAndMarker(req);
  if (marker !== undefined) {
    const at = rows.findIndex((n) => String(nodeId(req, n)) === marker);
    if (at < 0) throw badRequest(`marker [${marker}] not found`);
    rows = rows.slice(at + 1);
  }
  const max = Math.min(limit ?? MAX_LIMIT, MAX_LIMIT);
  rows = rows.slice(0, max);
  const out: Record<string, unknown> = { hypervisors: await listed(rows) };
  if (max && rows.length === max) out.hypervisors_links = nextLink(deps.baseUrl, detailed ? 'os-hypervisors/detail' : 'os-hypervisors', req, nodeId(req, rows[rows.length - 1]));
  return ok(out);
}

export function hypervisorRoutes(deps: ApiDeps): Route[] {
  const base = '/v2.1/os-hypervisors';
  const calls = (m: string) => `hypervisors.HypervisorsController.${m}`;
  return [
    { method: 'GET', pattern: base, calls: calls('index'), handler: (req) => listReply(deps, req, false) },
    { method: 'GET', pattern: `${base}/detail`, calls: calls('detail'), handler: (req) => listReply(deps, req, true) },
    // Both gone from 2.88: the detail view has the uptime, placement the figures.
    { method: 'GET', pattern: `${base}/statistics`, calls: calls('statistics'), versions: ['2.1', '2.87'], handler: () => statistics(deps) },
    { method: 'GET', pattern: `${base}/{id}`, calls: calls('show'), handler: async (req) => {
      const { withServers: asked } = hypervisorQuery(req, false);
      const n = byId(deps, req);
      return ok({ hypervisor: withServers(deps, req, await detail(deps, req, n), n.host, asked) });
    } },
    { method: 'GET', pattern: `${base}/{id}/uptime`, calls: calls('uptime'), versions: ['2.1', '2.87'], handler: async (req) => {
      const n = byId(deps, req);
      return ok({ hypervisor: { ...summary(deps, req, n), uptime: await getHostUptime(deps, req.ctx, n.host) } });
    } },
    // Replaced by the hypervisor_hostname_pattern and with_servers query parameters from 2.53.
    { method: 'GET', pattern: `${base}/{hostname}/search`, calls: calls('search'), versions: ['2.1', '2.52'],
      handler: (req) => ok({ hypervisors: matchingNodes(deps, req.params.hostname).filter((n) => computeService(deps.db, n.host)).map((n) => summary(deps, req, n)) }) },
    { method: 'GET', pattern: `${base}/{hostname}/servers`, calls: calls('servers'), versions: ['2.1', '2.52'], handler: (req) => ok({
      hypervisors: matchingNodes(deps, req.params.hostname).filter((n) => computeService(deps.db, n.host)).map((n) => withServers(deps, req, summary(deps, req, n), n.host, true)),
    }) },
  ];
}
