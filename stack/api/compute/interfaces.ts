// /servers/{id}/os-interface (nova.api.openstack.compute.attach_interfaces): the server's ports
// from neutron as interface attachments; attach (by network, by port, or on the project's only
// network) is a call to the server's host, which answers with the port or one of Nova's errors;
// detach is a cast. Both check the lock and the state and record an instance action. From 2.70
// every answer has each port's device tag (the VirtualInterface record compute made for it).

import type { ApiDeps } from '../api-deps.js';
import { ApiError, badRequest, conflict, notFound } from '../http/api-error.js';
import { ok, type ApiReply } from '../http/reply.js';
import { isObject, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { ExpectedError } from '../../rpc/messaging-errors.js';
import { invalid, pyRepr } from './actions/action-spec.js';
import { getInstance, recordAction, type InstanceRow } from './instances.js';
import { instancePorts, NeutronError, showPort, type NeutronPort } from './neutron-api.js';
import { checkLock } from './server-delete.js';
import { isSupported } from './microversion.js';
import { checkDeviceTag } from './requested-networks.js';
import { virtualInterfaceTags } from '../../conductor/actions/virtual-interfaces.js';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const STATUS_BY_ERROR: Record<string, number> = {
  InterfaceAttachFailedNoNetwork: 400, NetworkAmbiguous: 400, NoMoreFixedIps: 400, PortNotUsable: 400, SecurityGroupCannotBeApplied: 400,
  PortInUse: 409, FixedIpAlreadyInUse: 409, PortNotFound: 404, NetworkNotFound: 404, InterfaceAttachFailed: 500,
};

const attachmentView = (p: NeutronPort) => ({ net_id: p.network_id, port_id: p.id, mac_addr: p.mac_address, port_state: p.status, fixed_ips: p.fixed_ips });

/** From 2.70 each attachment has the `tag` of its VirtualInterface record (null without one or without a tag). */
function taggedViews(deps: ApiDeps, req: ApiRequest, serverId: string, ports: NeutronPort[]) {
  if (!isSupported(req, '2.70')) return ports.map(attachmentView);
  const tags = virtualInterfaceTags(deps.db, serverId);
  return ports.map((p) => ({ ...attachmentView(p), tag: tags.get(p.id) ?? null }));
}

/** check_instance_state(vm_state=[ACTIVE, PAUSED, STOPPED], task_state=[None]) of attach/detach. */
function checkState(inst: InstanceRow, method: string): void {
  if (!['active', 'paused', 'stopped'].includes(inst.vm_state)) throw conflict(`Cannot '${method}' instance ${inst.uuid} while it is in vm_state ${inst.vm_state}`);
  if (inst.task_state !== null) throw conflict(`Cannot '${method}' instance ${inst.uuid} while it is in task_state ${inst.task_state}`);
}

/** The schema of interfaceAttachment (net_id, port_id, one fixed IP), as Nova's validator words it. */
function parseAttachment(req: ApiRequest): { net: string | null; port: string | null; ip: string | null; tag: string | null } {
  const body = req.body;
  if (body === undefined || body === null) return { net: null, port: null, ip: null, tag: null };
  if (!isObject(body)) throw badRequest(`Invalid input for field/attribute body. Value: ${pyRepr(body, false)}. ${pyRepr(body)} is not of type 'object'`);
  const extra = Object.keys(body).filter((k) => k !== 'interfaceAttachment');
  if (extra.length) throw badRequest(`Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
  const a = body.interfaceAttachment;
  if (a === undefined) return { net: null, port: null, ip: null, tag: null };
  if (!isObject(a)) throw invalid('interfaceAttachment', a, `${pyRepr(a)} is not of type 'object'`);
  // create_v249: a device tag, refused as an additional property before.
  const keys = ['net_id', 'port_id', 'fixed_ips', ...(isSupported(req, '2.49') ? ['tag'] : [])];
  const bad = Object.keys(a).filter((k) => !keys.includes(k));
  if (bad.length) throw invalid('interfaceAttachment', a, `Additional properties are not allowed (${bad.map((k) => `'${k}'`).join(', ')} ${bad.length > 1 ? 'were' : 'was'} unexpected)`);
  for (const f of ['net_id', 'port_id'] as const) {
    if (a[f] !== undefined && (typeof a[f] !== 'string' || !UUID.test(a[f] as string))) throw invalid(f, a[f], `${pyRepr(a[f])} is not a 'uuid'`);
  }
  let ip: string | null = null;
  if (a.fixed_ips !== undefined) {
    const ips = a.fixed_ips;
    if (!Array.isArray(ips)) throw invalid('fixed_ips', ips, `${pyRepr(ips)} is not of type 'array'`);
    if (ips.length !== 1) throw invalid('fixed_ips', ips, `${pyRepr(ips)} ${ips.length ? 'is too long' : 'should be non-empty'}`);
    const first = ips[0];
    if (!isObject(first) || typeof first.ip_address !== 'string') throw invalid('fixed_ips/0', first, "'ip_address' is a required property");
    if (!IPV4.test(first.ip_address)) throw invalid('ip_address', first.ip_address, `'${first.ip_address}' is not a 'ipv4'`);
    ip = first.ip_address;
  }
  const tag = a.tag === undefined ? null : checkDeviceTag(a.tag);
  return { net: (a.net_id as string | undefined) ?? null, port: (a.port_id as string | undefined) ?? null, ip, tag };
}

async function showAttachment(deps: ApiDeps, req: ApiRequest, serverId: string, portId: string): Promise<ApiReply> {
  let port: NeutronPort;
  try {
    port = await showPort(deps, req, portId);
  } catch (e) {
    if (e instanceof NeutronError && e.status === 404) throw notFound(`Port id ${portId} could not be found.`);
    throw e;
  }
  if (port.device_id !== serverId) throw notFound(`Instance ${serverId} does not have a port with id ${portId}`);
  return ok({ interfaceAttachment: taggedViews(deps, req, serverId, [port])[0] });
}

function attach(deps: ApiDeps) {
  return async (req: ApiRequest): Promise<ApiReply> => {
    const { net, port, ip, tag } = parseAttachment(req);
    const inst = getInstance(deps, req, req.params.id);
    if (net && port) throw badRequest('Must not input both network_id and port_id');
    if (ip && !net) throw badRequest('Must input network_id when request IP address');
    checkLock(req, inst);
    checkState(inst, 'attach_interface');
    recordAction(deps.db, req.ctx, inst.uuid, 'attach_interface');
    if (port) {
      try {
        await showPort(deps, req, port);
      } catch (e) {
        if (e instanceof NeutronError && e.status === 404) throw notFound(`Port id ${port} could not be found.`);
        throw e;
      }
    }
    let vif: { id: string };
    try {
      vif = await deps.actions.call<{ id: string }>(req.ctx, inst.host!, 'attach_interface', { uuid: inst.uuid, network_id: net, port_id: port, requested_ip: ip, tag, project_id: inst.project_id });
    } catch (e) {
      if (e instanceof ExpectedError && STATUS_BY_ERROR[e.excClass]) throw new ApiError(STATUS_BY_ERROR[e.excClass], e.message);
      throw e;
    }
    return showAttachment(deps, req, inst.uuid, vif.id);
  };
}

function detach(deps: ApiDeps) {
  return async (req: ApiRequest): Promise<ApiReply> => {
    const inst = getInstance(deps, req, req.params.id);
    checkLock(req, inst);
    checkState(inst, 'detach_interface');
    recordAction(deps.db, req.ctx, inst.uuid, 'detach_interface');
    await deps.actions.cast(req.ctx, inst.host!, 'detach_interface', { uuid: inst.uuid, port_id: req.params.port_id });
    return { status: 202 };
  };
}

export function interfaceRoutes(deps: ApiDeps): Route[] {
  const calls = (m: string) => `attach_interfaces.InterfaceAttachmentController.${m}`;
  const base = '/v2.1/servers/{id}/os-interface';
  return [
    {
      method: 'GET', pattern: base, calls: calls('index'),
      handler: async (req) => {
        const inst = getInstance(deps, req, req.params.id);
        return ok({ interfaceAttachments: taggedViews(deps, req, inst.uuid, await instancePorts(deps, req, inst.uuid)) });
      },
    },
    {
      method: 'GET', pattern: `${base}/{port_id}`, calls: calls('show'),
      handler: async (req) => showAttachment(deps, req, getInstance(deps, req, req.params.id).uuid, req.params.port_id),
    },
    { method: 'POST', pattern: base, calls: calls('create'), handler: attach(deps) },
    { method: 'DELETE', pattern: `${base}/{port_id}`, calls: calls('delete'), handler: detach(deps) },
  ];
}
