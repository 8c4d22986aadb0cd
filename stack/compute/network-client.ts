// Compute's side of neutron (nova.network.neutron): create the instance's port, bind it to
// this host, delete it — over HTTP to the neutron look-alike, as Nova does.

import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import { apiUrl, type StackConfig } from '../common/stack-config.js';
import { HttpError } from '../common/http-json.js';
import { authedJson, serviceAuth, type TokenSource } from '../common/service-auth.js';
import { neutronConnectionFailed, noMoreFixedIps, portBindingFailed } from './nova-errors.js';

export interface Port {
  id: string;
  mac_address: string;
  fixed_ips: { subnet_id: string; ip_address: string }[];
  status: string;
  'binding:vif_type'?: string;
}


export class NetworkClient {
  private readonly log: OsloLogger;
  /** Nova's [neutron] service user credentials. */
  private readonly auth: TokenSource;

  /** `reachable()`: whether this host reaches neutron's endpoint now (the neutron-unreachable fault: a firewall, a wrong [neutron] endpoint). */
  constructor(private readonly cfg: StackConfig, rootLog: OsloLogger, private readonly reachable: () => boolean = () => true) {
    this.log = rootLog.child('nova.network.neutron');
    this.auth = serviceAuth(cfg, 'nova');
  }

  private async ok<T>(method: string, url: string, body: unknown, ctx: RequestContext) {
    const r = await authedJson<T>(this.auth, method, url, body, { requestId: ctx.requestId });
    if (r.status >= 400) throw new HttpError(r.status, method, url, r.body);
    return r;
  }

  private url(p: string): string {
    return apiUrl(this.cfg, `/network/v2.0${p}`);
  }

  /** _process_security_groups: the requested group names as the project's group ids. */
  private async securityGroupIds(ctx: RequestContext, names: string[]): Promise<string[]> {
    const r = await this.ok<{ security_groups: { id: string; name: string }[] }>('GET', this.url(`/security-groups?project_id=${ctx.projectId ?? ''}`), undefined, ctx);
    return names.map((n) => r.body.security_groups.find((g) => g.id === n || g.name === n)?.id).filter((id): id is string => id !== undefined);
  }

  async createPort(ctx: RequestContext, uuid: string, networkId: string, securityGroups?: string[]): Promise<Port> {
    const url = this.url('/ports');
    const where = new URL(url);
    const refused = `HTTPConnectionPool(host='${where.hostname}', port=${where.port}): Max retries exceeded with url: ${where.pathname} (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f3c2a1b9d50>: Failed to establish a new connection: [Errno 111] ECONNREFUSED'))`;
    if (!this.reachable()) throw neutronConnectionFailed(url, refused);
    const groups = securityGroups?.length ? { security_groups: await this.securityGroupIds(ctx, securityGroups) } : {};
    let r: Awaited<ReturnType<typeof authedJson<{ port: Port }>>>;
    try {
      r = await authedJson<{ port: Port }>(this.auth, 'POST', url, {
        port: { network_id: networkId, device_id: uuid, device_owner: 'compute:nova', project_id: ctx.projectId, ...groups },
      }, { requestId: ctx.requestId });
    } catch {
      // keystoneauth's ConnectFailure, wrapped by neutronclient.
      throw neutronConnectionFailed(url, "('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))");
    }
    const fault = (r.body as { NeutronError?: { type?: string; message?: string } } | undefined)?.NeutronError;
    if (r.status === 409 && fault?.type === 'IpAddressGenerationFailure') {
      const err = noMoreFixedIps(networkId, fault.message ?? '');
      // Logged in the except block: oslo.log adds the exception being handled.
      this.log.warning(ctx, uuid, `Neutron error: No more fixed IPs in network: ${networkId}: neutronclient.common.exceptions.IpAddressGenerationFailureClient: ${fault.message ?? ''}`);
      throw err;
    }
    if (r.status >= 400) throw new HttpError(r.status, 'POST', url, r.body);
    this.log.debug(ctx, uuid, `Successfully created port: ${r.body.port.id}`, { func: '_create_port_minimal', file: 'network/neutron.py', line: 547 });
    return r.body.port;
  }

  async bindPort(ctx: RequestContext, uuid: string, portId: string, host: string): Promise<Port> {
    const r = await this.ok<{ port: Port }>('PUT', this.url(`/ports/${portId}`), {
      port: { 'binding:host_id': host, device_id: uuid, device_owner: 'compute:nova' },
    }, ctx);
    if (r.body.port['binding:vif_type'] === 'binding_failed') throw portBindingFailed(portId);
    this.log.debug(ctx, uuid, `Successfully updated port: ${portId}`, { func: '_update_port', file: 'network/neutron.py', line: 587 });
    return r.body.port;
  }

  /** The instance's ports (get_instance_nw_info's source). */
  async instancePorts(ctx: RequestContext, uuid: string): Promise<Port[]> {
    const r = await this.ok<{ ports: Port[] }>('GET', this.url(`/ports?device_id=${uuid}`), undefined, ctx);
    return r.body.ports;
  }

  /** unbind_ports(detach=False): the port leaves its host, stays the instance's. */
  async unbindPort(ctx: RequestContext, portId: string): Promise<void> {
    await this.ok('PUT', this.url(`/ports/${portId}`), { port: { 'binding:host_id': null, 'binding:profile': {}, device_owner: '' } }, ctx);
  }

  async deletePorts(ctx: RequestContext, uuid: string): Promise<void> {
    const r = await authedJson<{ ports: Port[] }>(this.auth, 'GET', this.url(`/ports?device_id=${uuid}`), undefined, { requestId: ctx.requestId });
    for (const p of r.status === 200 ? r.body.ports : []) {
      await authedJson(this.auth, 'DELETE', this.url(`/ports/${p.id}`), undefined, { requestId: ctx.requestId });
      this.log.debug(ctx, uuid, `Port ${p.id} deleted`, { func: '_delete_ports', file: 'network/neutron.py', line: 1792 });
    }
  }
}
