// Networks, subnets and quotas of neutron-lite. Names given where an id is expected answer 404
// NetworkNotFound, as the CLIs expect before they list by name.

import type { ApiDeps } from '../api-deps.js';
import { notFound } from '../http/api-error.js';
import { ok, type ApiReply } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import type { SubnetRow } from './ip-allocation.js';
import { matchesFilters, networkView, subnetView, type NetworkRow } from './neutron-views.js';

const canSeeNetwork = (req: ApiRequest, n: NetworkRow) => n.shared === 1 || req.ctx.isAdmin || n.project_id === req.ctx.projectId;

function subnetsOf(deps: ApiDeps, networkId: string): SubnetRow[] {
  return deps.db.prepare('SELECT * FROM subnets WHERE network_id = ? ORDER BY id').all(networkId) as SubnetRow[];
}

export function findNetwork(deps: ApiDeps, req: ApiRequest, id: string): NetworkRow {
  const n = deps.db.prepare('SELECT * FROM networks WHERE id = ?').get(id) as NetworkRow | undefined;
  if (!n || !canSeeNetwork(req, n)) throw notFound(`Network ${id} could not be found.`, 'NetworkNotFound');
  return n;
}

const fullNetworkView = (deps: ApiDeps, n: NetworkRow) => networkView(n, subnetsOf(deps, n.id).map((s) => s.id));

export function listNetworks(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const rows = (deps.db.prepare('SELECT * FROM networks ORDER BY created_at, id').all() as NetworkRow[]).filter((n) => canSeeNetwork(req, n));
    return ok({ networks: rows.map((n) => fullNetworkView(deps, n)).filter((v) => matchesFilters(req, v)) });
  };
}

export function showNetwork(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => ok({ network: fullNetworkView(deps, findNetwork(deps, req, req.params.id)) });
}

function visibleSubnets(deps: ApiDeps, req: ApiRequest): { view: Record<string, unknown>; row: SubnetRow }[] {
  const networks = new Map((deps.db.prepare('SELECT * FROM networks').all() as NetworkRow[]).map((n) => [n.id, n]));
  return (deps.db.prepare('SELECT * FROM subnets ORDER BY id').all() as SubnetRow[])
    .filter((s) => { const n = networks.get(s.network_id); return n !== undefined && canSeeNetwork(req, n); })
    .map((s) => ({ row: s, view: subnetView(s, networks.get(s.network_id)!.project_id) }));
}

export function listSubnets(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => ok({ subnets: visibleSubnets(deps, req).map((s) => s.view).filter((v) => matchesFilters(req, v)) });
}

export function showSubnet(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const s = visibleSubnets(deps, req).find((x) => x.row.id === req.params.id);
    if (!s) throw notFound(`Subnet ${req.params.id} could not be found.`, 'SubnetNotFound');
    return ok({ subnet: s.view });
  };
}

/** Neutron's default quotas (neutron.conf [quotas]). */
export const NEUTRON_QUOTAS = { network: 100, subnet: 100, port: 500, router: 10, floatingip: 50, security_group: 10, security_group_rule: 100, rbac_policy: 10, subnetpool: -1 };

export function showQuota() {
  return (): ApiReply => ok({ quota: NEUTRON_QUOTAS });
}
