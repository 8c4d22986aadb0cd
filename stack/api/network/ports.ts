// The port API compute needs (nova.network.neutron): create a port with an address from the
// network's subnet, list by device, bind it to a host (binding:host_id) and delete it. A bound
// port of an instance turns ACTIVE and its network-vif-plugged event follows shortly after.

import { randomUUID } from 'node:crypto';
import type { ApiDeps } from '../api-deps.js';
import { badRequest, conflict, notFound } from '../http/api-error.js';
import { empty, json, ok, type ApiReply } from '../http/reply.js';
import { isObject, type ApiRequest } from '../http/request.js';
import { nowIso } from '../../db/open-db.js';
import { inCidr, nextFreeIp, randomMac, type SubnetRow } from './ip-allocation.js';
import { matchesFilters, portView, type PortRow } from './neutron-views.js';
import { findNetwork } from './networks.js';
import type { VifNotifier } from './vif-notifier.js';
import { authorizeAttribute } from './policy.js';
import { defaultGroup, portGroups, setPortGroups } from './security-groups.js';

const MANAGERS = '/usr/lib/python3/dist-packages/neutron/plugins/ml2/managers.py';

const canSeePort = (req: ApiRequest, p: PortRow) => req.ctx.isAdmin || p.project_id === req.ctx.projectId;

function findPort(deps: ApiDeps, req: ApiRequest, id = req.params.id): PortRow {
  const p = deps.db.prepare('SELECT * FROM ports WHERE id = ?').get(id) as PortRow | undefined;
  if (!p || !canSeePort(req, p)) throw notFound(`Port ${id} could not be found.`, 'PortNotFound');
  return p;
}

function portBody(req: ApiRequest): Record<string, unknown> {
  if (!isObject(req.body) || !isObject(req.body.port)) throw badRequest('Resource body required', 'HTTPBadRequest');
  return req.body.port;
}

const view = (deps: ApiDeps, p: PortRow) => portView(p, portGroups(deps.db, p.id));

const optionalString = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** An address on the first subnet of the network that still has one. */
function allocate(deps: ApiDeps, networkId: string): { subnet: SubnetRow; ip: string } {
  if (deps.addressesExhausted()) throw conflict(`No more IP addresses available on network ${networkId}.`, 'IpAddressGenerationFailure');
  const subnets = deps.db.prepare('SELECT * FROM subnets WHERE network_id = ? ORDER BY id').all(networkId) as SubnetRow[];
  for (const subnet of subnets) {
    const used = new Set((deps.db.prepare('SELECT ip_address FROM ports WHERE subnet_id = ?').all(subnet.id) as { ip_address: string }[]).map((r) => r.ip_address));
    const ip = nextFreeIp(subnet, used);
    if (ip) return { subnet, ip };
  }
  throw conflict(`No more IP addresses available on network ${networkId}.`, 'IpAddressGenerationFailure');
}

/** The requested address on the network's subnet that holds it, if no port has it yet. */
function allocateAddress(deps: ApiDeps, networkId: string, ip: string): { subnet: SubnetRow; ip: string } {
  const subnets = deps.db.prepare('SELECT * FROM subnets WHERE network_id = ? ORDER BY id').all(networkId) as SubnetRow[];
  const subnet = subnets.find((s) => inCidr(ip, s.cidr));
  if (!subnet) throw badRequest(`IP address ${ip} is not a valid IP for the specified subnet.`, 'InvalidIpForNetwork');
  if (deps.db.prepare('SELECT 1 FROM ports WHERE subnet_id = ? AND ip_address = ?').get(subnet.id, ip)) {
    throw conflict(`IP address ${ip} already allocated in subnet ${subnet.id}`, 'IpAddressAlreadyAllocated');
  }
  return { subnet, ip };
}

export function createPort(deps: ApiDeps, notifier: VifNotifier) {
  return (req: ApiRequest): ApiReply => {
    const body = portBody(req);
    const networkId = optionalString(body.network_id);
    if (!networkId) throw badRequest("Failed to parse request. Required attribute 'network_id' not specified", 'HTTPBadRequest');
    findNetwork(deps, req, networkId);
    if ('binding:host_id' in body) authorizeAttribute(req.ctx, 'create_port:binding:host_id');
    const owner = optionalString(body.project_id) ?? optionalString(body.tenant_id);
    const projectId = req.ctx.isAdmin && owner ? owner : req.ctx.projectId;
    const id = randomUUID();
    const wanted = Array.isArray(body.fixed_ips) && isObject(body.fixed_ips[0]) ? optionalString(body.fixed_ips[0].ip_address) : null;
    deps.db.transaction(() => {
      const { subnet, ip } = wanted ? allocateAddress(deps, networkId, wanted) : allocate(deps, networkId);
      deps.db.prepare(`INSERT INTO ports (id, network_id, subnet_id, device_id, device_owner, mac_address, ip_address, status, project_id, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'DOWN', ?, ?)`).run(id, networkId, subnet.id, optionalString(body.device_id), optionalString(body.device_owner),
        randomMac(), ip, projectId, nowIso());
    })();
    // A port without security_groups gets its project's default group.
    setPortGroups(deps, req, id, 'security_groups' in body ? body.security_groups : [defaultGroup(deps.db, projectId ?? '').id]);
    const host = optionalString(body['binding:host_id']);
    if (host) bind(deps, req, id, host, notifier);
    return json(201, { port: view(deps, findPort(deps, req, id)) });
  };
}

export function listPorts(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const rows = (deps.db.prepare('SELECT * FROM ports ORDER BY created_at, id').all() as PortRow[]).filter((p) => canSeePort(req, p));
    return ok({ ports: rows.map((p) => view(deps, p)).filter((v) => matchesFilters(req, v)) });
  };
}

export function showPort(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => ok({ port: view(deps, findPort(deps, req)) });
}

/** Bind (or unbind, with an empty host) a port; a bound instance port reports vif-plugged. */
function bind(deps: ApiDeps, req: ApiRequest, portId: string, host: string | null, notifier: VifNotifier): void {
  const port = findPort(deps, req, portId);
  const log = deps.logs.neutron.child('neutron.plugins.ml2.managers');
  if (!host) {
    deps.db.prepare("UPDATE ports SET binding_host_id = NULL, binding_vif_type = 'unbound', status = 'DOWN' WHERE id = ?").run(port.id);
    return;
  }
  log.debug(req.ctx, null, `Attempting to bind port ${port.id} on host ${host} for vnic_type normal with profile `, { func: 'bind_port', file: MANAGERS, line: 810 });
  const vifType = deps.decideBinding(port, host);
  if (vifType === 'binding_failed') {
    log.error(req.ctx, null, `Failed to bind port ${port.id} on host ${host} for vnic_type normal using segments [{'id': '${port.network_id.slice(0, 8)}-segment', 'network_type': 'vxlan', 'physical_network': None, 'segmentation_id': 1001, 'network_id': '${port.network_id}'}]`);
    deps.db.prepare("UPDATE ports SET binding_host_id = ?, binding_vif_type = 'binding_failed', status = 'DOWN' WHERE id = ?").run(host, port.id);
    return;
  }
  log.debug(req.ctx, null, `Bound port: ${port.id}, host: ${host}, vif_type: ovs, vif_details: {"connectivity": "l2", "port_filter": true, "ovs_hybrid_plug": false, "datapath_type": "system", "bridge_name": "br-int"}, binding_levels: [{'bound_driver': 'openvswitch', 'bound_segment': {'network_type': 'vxlan', 'segmentation_id': 1001}}]`,
    { func: '_bind_port_level', file: MANAGERS, line: 929 });
  deps.db.prepare("UPDATE ports SET binding_host_id = ?, binding_vif_type = 'ovs', status = 'ACTIVE' WHERE id = ?").run(host, port.id);
  const bound = findPort(deps, req, portId);
  if (bound.device_id && (bound.device_owner ?? '').startsWith('compute:')) notifier.portBound(bound.id, host, bound.device_id);
}

const UPDATABLE = { device_id: 'device_id', device_owner: 'device_owner' } as const;

export function updatePort(deps: ApiDeps, notifier: VifNotifier) {
  return (req: ApiRequest): ApiReply => {
    const body = portBody(req);
    const port = findPort(deps, req);
    if ('binding:host_id' in body) authorizeAttribute(req.ctx, 'update_port:binding:host_id');
    for (const [field, column] of Object.entries(UPDATABLE)) {
      if (field in body) deps.db.prepare(`UPDATE ports SET ${column} = ? WHERE id = ?`).run(optionalString(body[field]), port.id);
    }
    if ('security_groups' in body) setPortGroups(deps, req, port.id, body.security_groups);
    if ('binding:host_id' in body) {
      const host = optionalString(body['binding:host_id']);
      if (host !== port.binding_host_id || port.binding_vif_type !== 'ovs') bind(deps, req, port.id, host, notifier);
    }
    return ok({ port: view(deps, findPort(deps, req)) });
  };
}

export function deletePort(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const port = findPort(deps, req);
    deps.db.prepare('DELETE FROM ports WHERE id = ?').run(port.id);
    deps.db.prepare('DELETE FROM port_security_groups WHERE port_id = ?').run(port.id);
    return empty(204);
  };
}
