// The image cache under <state>/<host>/instances/_base: an image is downloaded from the image
// service once per host, converted (qcow2 → raw, as Nova does with force_raw_images), and
// reused by later boots. Logs the processutils lines Nova writes for the conversion.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import type { ImageMeta } from '../common/objects.js';
import { serviceAuth, type TokenSource } from '../common/service-auth.js';
import { apiUrl, type StackConfig } from '../common/stack-config.js';
import type { FaultStore } from '../faults/fault-store.js';
import { flavorDiskSmallerThanImage, glanceUnavailable, noSpaceLeft } from './nova-errors.js';
import { virtualSize } from './disk-info.js';
import { imageNotAuthorized } from './image-errors.js';
import { verifyBeforeDownload } from './image-signature.js';

export class ImageNotFound extends Error {
  override readonly name = 'ImageNotFound';
}

export class ImageCache {
  readonly baseDir: string;
  private readonly procLog: OsloLogger;
  private readonly imagesLog: OsloLogger;
  private readonly backendLog: OsloLogger;
  private readonly glanceLog: OsloLogger;
  private readonly inflight = new Map<string, Promise<string>>();
  /** Nova's [glance] service user credentials. */
  private readonly auth: TokenSource;

  constructor(private readonly cfg: StackConfig, private readonly host: string, rootLog: OsloLogger, private readonly faults?: FaultStore) {
    this.baseDir = path.join(cfg.stateDir, host, 'instances', '_base');
    fs.mkdirSync(this.baseDir, { recursive: true });
    this.procLog = rootLog.child('oslo_concurrency.processutils');
    this.imagesLog = rootLog.child('nova.virt.images');
    this.backendLog = rootLog.child('nova.virt.libvirt.imagebackend');
    this.glanceLog = rootLog.child('nova.image.glance');
    this.auth = serviceAuth(cfg, 'nova');
  }

  /**
   * Path of the cached raw image, fetching it first if needed (one download per image at a time).
   * A download checks the image's signature when the instance has trusted certificates (read
   * then, as only a download verifies: a cached image is used as it is).
   */
  fetch(ctx: RequestContext, uuid: string | null, image: ImageMeta, trustedCerts?: () => Promise<string[] | null>): Promise<string> {
    const target = this.cachedPath(image.id);
    const name = path.basename(target);
    // The instance's disk is written under the same directory, cached image or not.
    if (this.faults?.take('disk-full', this.host)) return Promise.reject(noSpaceLeft(`/var/lib/nova/instances/_base/${name}.part`));
    if (fs.existsSync(target)) return Promise.resolve(target);
    let p = this.inflight.get(name);
    if (!p) {
      p = this.download(ctx, uuid, image, target, trustedCerts).finally(() => this.inflight.delete(name));
      this.inflight.set(name, p);
    }
    return p;
  }

  /** Where the image is (or would be) cached: imagecache.get_cache_fname, the sha1 of its id. */
  cachedPath(imageId: string): string {
    return path.join(this.baseDir, createHash('sha1').update(imageId).digest('hex'));
  }

  /**
   * imagebackend's verify_base_size: the base image's virtual size against the flavor's root
   * disk (0: no check, as Nova allows). Raises FlavorDiskSmallerThanImage.
   */
  verifyBaseSize(ctx: RequestContext, base: string, rootGb: number): void {
    if (rootGb === 0) return;
    const shown = `/var/lib/nova/instances/_base/${path.basename(base)}`;
    const baseSize = virtualSize(this.procLog, ctx, base, shown);
    const size = rootGb * 1024 ** 3;
    if (size < baseSize) {
      this.backendLog.error(ctx, null, `${shown} virtual size ${baseSize} larger than flavor root disk size ${size}`);
      throw flavorDiskSmallerThanImage(size, baseSize);
    }
  }

  private async download(ctx: RequestContext, uuid: string | null, image: ImageMeta, target: string, trustedCerts?: () => Promise<string[] | null>): Promise<string> {
    verifyBeforeDownload(this.glanceLog, ctx, image, trustedCerts ? await trustedCerts() : null);
    const url = apiUrl(this.cfg, `/image/v2/images/${image.id}/file`);
    // As Nova without [service_user] send_service_user_token: the user's own token when the build
    // has one (it cannot be renewed: a 401 is final), the [glance] service user's otherwise.
    const userToken = ctx.authToken;
    const get = async () => fetch(url, { headers: { 'X-Auth-Token': userToken ?? await this.auth.token(), 'X-OpenStack-Request-ID': ctx.requestId }, signal: AbortSignal.timeout(60_000) });
    let res = await get();
    if (res.status === 401 && !userToken) {
      this.auth.invalidate();
      res = await get();
    }
    if (res.status === 401 || res.status === 403) throw imageNotAuthorized(image.id);
    if (res.status === 404) throw new ImageNotFound(`Image ${image.id} could not be found.`);
    if (res.status === 503) throw glanceUnavailable(image.id);
    if (!res.ok) throw new Error(`Image ${image.id} download failed: HTTP ${res.status}`);
    const part = `${target}.part`;
    fs.writeFileSync(part, Buffer.from(await res.arrayBuffer()));
    this.imagesLog.debug(ctx, uuid, `Image download ${image.id} complete: ${image.size} bytes`, { func: 'fetch', file: 'virt/images.py', line: 151 });
    const cmd = `qemu-img convert -t none -O raw -f ${image.disk_format} ${part} ${target}.converted`;
    const t0 = Date.now();
    this.procLog.debug(ctx, null, `Running cmd (subprocess): ${cmd}`, { func: 'execute', file: '../oslo_concurrency/processutils.py', line: 384 });
    fs.renameSync(part, `${target}.converted`);
    this.procLog.debug(ctx, null, `CMD "${cmd}" returned: 0 in ${((Date.now() - t0) / 1000).toFixed(3)}s`, { func: 'execute', file: '../oslo_concurrency/processutils.py', line: 422 });
    fs.renameSync(`${target}.converted`, target);
    return target;
  }
}
