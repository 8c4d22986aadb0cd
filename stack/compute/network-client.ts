// Compute's side of neutron (nova.network.neutron): create the instance's port, bind it to
// this host, delete it — over HTTP to the neutron look-alike, as Nova does.

import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import { apiUrl, type StackConfig } from '../common/stack-config.js';
import { HttpError } from '../common/http-json.js';
import { authedJson, serviceAuth, type TokenSource } from '../common/service-auth.js';
import { portBindingFailed } from './nova-errors.js';

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

  constructor(private readonly cfg: StackConfig, rootLog: OsloLogger) {
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

  async createPort(ctx: RequestContext, uuid: string, networkId: string): Promise<Port> {
    const r = await this.ok<{ port: Port }>('POST', this.url('/ports'), {
      port: { network_id: networkId, device_id: uuid, device_owner: 'compute:nova', project_id: ctx.projectId },
    }, ctx);
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

  async deletePorts(ctx: RequestContext, uuid: string): Promise<void> {
    const r = await authedJson<{ ports: Port[] }>(this.auth, 'GET', this.url(`/ports?device_id=${uuid}`), undefined, { requestId: ctx.requestId });
    for (const p of r.status === 200 ? r.body.ports : []) {
      await authedJson(this.auth, 'DELETE', this.url(`/ports/${p.id}`), undefined, { requestId: ctx.requestId });
      this.log.debug(ctx, uuid, `Port ${p.id} deleted`, { func: '_delete_ports', file: 'network/neutron.py', line: 1792 });
    }
  }
}
