// Interface hot-plug on the host: attach_interface (a call: the port is created on the requested
// or the project's only network, or the given port is taken over, bound to this host and plugged
// into the guest) and detach_interface (a cast: the device leaves the persistent and, for a
// running guest, the live domain config, the vif is unplugged, and the port is deleted — or only
// released when the user had given it). Errors are Nova's, for the API to answer with.

import { authedJson, serviceAuth } from '../../common/service-auth.js';
import { apiUrl } from '../../common/stack-config.js';
import { POWER_STATE } from '../../common/objects.js';
import type { RequestContext } from '../../common/request-context.js';
import { ExpectedError } from '../../rpc/messaging-errors.js';
import type { BuildDeps } from '../build-instance.js';
import { withInstanceEvent } from './instance-event.js';

interface NPort { id: string; network_id: string; device_id: string; device_owner: string; mac_address: string; project_id: string; fixed_ips: { ip_address: string }[]; 'binding:vif_type': string }

/** The network info cache's preserve_on_delete, kept in system metadata: a port the user gave is released, not deleted. */
const preservedKey = (portId: string) => `preserve_on_delete_${portId}`;

function neutron(d: BuildDeps, ctx: RequestContext) {
  const auth = serviceAuth(d.cfg, 'nova');
  return <T>(method: string, p: string, body?: unknown) => authedJson<T>(auth, method, apiUrl(d.cfg, `/network/v2.0${p}`), body, { requestId: ctx.requestId });
}

const ovsVif = (port: NPort) => `VIFOpenVSwitch(active=True,address=${port.mac_address},bridge_name='br-int',has_traffic_filtering=True,id=${port.id},network=Network(${port.network_id}),plugin='ovs',port_profile=VIFPortProfileOpenVSwitch,preserve_on_delete=False,vif_name='tap${port.id.slice(0, 11)}')`;

/** allocate_for_instance for one requested network or port: the port, bound to this host. */
async function allocate(d: BuildDeps, ctx: RequestContext, uuid: string, projectId: string, networkId: string | null, portId: string | null, ip: string | null): Promise<NPort> {
  const call = neutron(d, ctx);
  let port: NPort;
  if (portId) {
    const r = await call<{ port: NPort }>('GET', `/ports/${portId}`);
    if (r.status === 404) throw new ExpectedError('PortNotFound', `Port id ${portId} could not be found.`);
    port = r.body.port;
    if (port.device_id) throw new ExpectedError('PortInUse', `Port ${portId} is still in use.`);
    await d.conductorActions.systemMetadataUpdate(ctx, uuid, { [preservedKey(portId)]: 'True' });
  } else {
    let net = networkId;
    if (!net) {
      const nets = (await call<{ networks: { id: string; shared: boolean; project_id: string }[] }>('GET', '/networks')).body.networks.filter((n) => n.shared || n.project_id === projectId);
      if (nets.length > 1) throw new ExpectedError('NetworkAmbiguous', 'More than one possible network found. Specify network ID(s) to select which one(s) to connect to.');
      if (!nets.length) throw new ExpectedError('InterfaceAttachFailedNoNetwork', `No specific network was requested and none are available for project '${projectId}'.`);
      net = nets[0].id;
    } else if ((await call('GET', `/networks/${net}`)).status === 404) {
      throw new ExpectedError('NetworkNotFound', `Network ${net} could not be found.`);
    }
    const r = await call<{ port: NPort; NeutronError?: { type: string; message: string } }>('POST', '/ports', {
      port: { network_id: net, device_id: uuid, device_owner: 'compute:nova', project_id: projectId, ...(ip ? { fixed_ips: [{ ip_address: ip }] } : {}) },
    });
    const fault = (r.body as { NeutronError?: { type: string; message: string } }).NeutronError;
    if (fault?.type === 'IpAddressAlreadyAllocated') throw new ExpectedError('FixedIpAlreadyInUse', `Fixed IP address ${ip} is already in use on instance ${uuid}.`);
    if (fault?.type === 'IpAddressGenerationFailure') throw new ExpectedError('NoMoreFixedIps', `No fixed IP addresses available for network: ${net}`);
    if (r.status >= 400) throw new ExpectedError('InterfaceAttachFailed', `Failed to attach network adapter device to ${uuid}`);
    port = r.body.port;
    d.log.child('nova.network.neutron').debug(ctx, uuid, `Successfully created port: ${port.id}`, { func: '_create_port_minimal', file: 'network/neutron.py', line: 547 });
  }
  const bound = await call<{ port: NPort }>('PUT', `/ports/${port.id}`, { port: { 'binding:host_id': d.host, device_id: uuid, device_owner: 'compute:nova' } });
  d.log.child('nova.network.neutron').debug(ctx, uuid, `Successfully updated port: ${port.id}`, { func: '_update_port', file: 'network/neutron.py', line: 587 });
  return bound.body.port;
}

export async function attachInterface(d: BuildDeps, ctx: RequestContext, uuid: string, args: { network_id: string | null; port_id: string | null; requested_ip: string | null; tag?: string | null; project_id: string }): Promise<NPort> {
  return withInstanceEvent(d, ctx, uuid, 'attach_interface', async () => {
    const port = await allocate(d, ctx, uuid, args.project_id, args.network_id, args.port_id, args.requested_ip);
    if (!d.driver.hasGuest(uuid)) {
      d.log.child('nova.virt.libvirt.driver').error(ctx, uuid, 'attaching network adapter failed.');
      throw new ExpectedError('InterfaceAttachFailed', `Failed to attach network adapter device to ${uuid}`);
    }
    // The port's VirtualInterface record with the requested device tag (2.49+), shown from 2.70.
    await d.conductorActions.virtualInterfaceCreate(ctx, { uuid: port.id, instance_uuid: uuid, address: port.mac_address, network_id: port.network_id, tag: args.tag ?? null });
    d.log.child('os_vif').info(ctx, null, `Successfully plugged vif ${ovsVif(port)}`);
    return port;
  });
}

export async function detachInterface(d: BuildDeps, ctx: RequestContext, uuid: string, portId: string): Promise<void> {
  await withInstanceEvent(d, ctx, uuid, 'detach_interface', async () => {
    const call = neutron(d, ctx);
    const ports = (await call<{ ports: NPort[] }>('GET', `/ports?device_id=${uuid}`)).body.ports;
    const port = ports.find((p) => p.id === portId);
    if (!port) throw new ExpectedError('PortNotFound', `Port ${portId} is not attached`);
    const virt = d.log.child('nova.virt.libvirt.driver');
    const dev = `tap${port.id.slice(0, 11)}`;
    virt.info(ctx, null, `Successfully detached device ${dev} from instance ${uuid} from the persistent domain config.`);
    if (d.driver.guests.get(uuid)?.powerState === POWER_STATE.RUNNING) virt.info(ctx, null, `Successfully detached device ${dev} from instance ${uuid} from the live domain config.`);
    d.log.child('os_vif').info(ctx, null, `Successfully unplugged vif ${ovsVif(port)}`);
    await d.conductorActions.virtualInterfaceDestroy(ctx, portId);
    const preserved = (await d.conductorActions.systemMetadata(ctx, uuid))[preservedKey(portId)] === 'True';
    if (preserved) {
      await call('PUT', `/ports/${portId}`, { port: { device_id: '', device_owner: '', 'binding:host_id': null } });
      await d.conductorActions.systemMetadataUpdate(ctx, uuid, { [preservedKey(portId)]: null });
    } else {
      await call('DELETE', `/ports/${portId}`);
      d.log.child('nova.network.neutron').debug(ctx, uuid, `Port ${portId} deleted`, { func: '_delete_ports', file: 'network/neutron.py', line: 1792 });
    }
  });
}
