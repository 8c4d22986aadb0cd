// Compute's side of cinder (nova.volume.cinder.API): create a volume, read it, and the
// attachments API at microversion 3.44 (create, update with the host connector, complete,
// delete), over HTTP to cinder-lite with the user's token as Nova sends it.

import type { RequestContext } from '../common/request-context.js';
import { apiUrl, type StackConfig } from '../common/stack-config.js';
import { HttpError, httpJson } from '../common/http-json.js';
import { serviceAuth, type ServiceAuth } from '../common/service-auth.js';

export interface CinderVolume { id: string; status: string; size: number }
export interface CinderAttachment { id: string; status: string; connection_info: Record<string, unknown> }

const ATTACHMENTS_MICROVERSION = '3.44';

export class VolumeClient {
  private readonly auth: ServiceAuth;

  constructor(private readonly cfg: StackConfig, private readonly host: string) {
    this.auth = serviceAuth(cfg, 'nova');
  }

  private async call<T>(ctx: RequestContext, method: string, p: string, body?: unknown, microversion?: string): Promise<T> {
    const url = apiUrl(this.cfg, `/volume/v3${p}`);
    const headers: Record<string, string> = microversion ? { 'OpenStack-API-Version': `volume ${microversion}` } : {};
    const r = await httpJson<T>(method, url, body, { token: ctx.authToken ?? await this.auth.token(), requestId: ctx.requestId, headers });
    if (r.status >= 400) throw new HttpError(r.status, method, url, r.body);
    return r.body;
  }

  async create(ctx: RequestContext, size: number, imageId: string | null, name: string, zone: string | null, volumeType: string | null = null): Promise<CinderVolume> {
    const volume: Record<string, unknown> = { size, name, description: '', ...(volumeType ? { volume_type: volumeType } : {}), ...(imageId ? { imageRef: imageId } : {}), ...(zone ? { availability_zone: zone } : {}) };
    return (await this.call<{ volume: CinderVolume }>(ctx, 'POST', '/volumes', { volume })).volume;
  }

  async get(ctx: RequestContext, id: string): Promise<CinderVolume> {
    return (await this.call<{ volume: CinderVolume }>(ctx, 'GET', `/volumes/${id}`)).volume;
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    await this.call(ctx, 'DELETE', `/volumes/${id}`);
  }

  async attachmentCreate(ctx: RequestContext, volumeId: string, instance: string): Promise<CinderAttachment> {
    return (await this.call<{ attachment: CinderAttachment }>(ctx, 'POST', '/attachments', { attachment: { volume_uuid: volumeId, instance_uuid: instance } }, ATTACHMENTS_MICROVERSION)).attachment;
  }

  /** The libvirt driver's volume connector for this host. */
  connector(mountpoint: string) {
    return { platform: 'x86_64', os_type: 'linux', ip: this.cfg.bind, host: this.host, multipath: false, initiator: `iqn.2004-10.com.ubuntu:01:${this.host}`, do_local_attach: false, mountpoint };
  }

  async attachmentUpdate(ctx: RequestContext, id: string, mountpoint: string): Promise<CinderAttachment> {
    return (await this.call<{ attachment: CinderAttachment }>(ctx, 'PUT', `/attachments/${id}`, { attachment: { connector: this.connector(mountpoint) } }, ATTACHMENTS_MICROVERSION)).attachment;
  }

  async attachmentComplete(ctx: RequestContext, id: string): Promise<void> {
    await this.call(ctx, 'POST', `/attachments/${id}/action`, { 'os-complete': null }, ATTACHMENTS_MICROVERSION);
  }

  async attachmentDelete(ctx: RequestContext, id: string): Promise<void> {
    await this.call(ctx, 'DELETE', `/attachments/${id}`, undefined, ATTACHMENTS_MICROVERSION);
  }
}
