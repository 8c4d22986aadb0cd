// The compute manager's cache_images (2.81, called by the conductor): each image is handed to the
// driver's cache_image, the libvirt driver's as this one plays it: an image already in _base is
// only touched (its timestamp updated) and is 'existing'; any other is fetched into _base through
// the host's image cache (download and raw conversion, as a boot fetches it) and is 'cached'; a
// failure is logged and is 'error'. The answer maps each image id to its status.

import fs from 'node:fs';
import type { ImageMeta } from '../../common/objects.js';
import type { RequestContext } from '../../common/request-context.js';
import { apiUrl } from '../../common/stack-config.js';
import type { BuildDeps } from '../build-instance.js';
import { ImageNotFound } from '../image-cache.js';
import { imageNotAuthorized } from '../image-errors.js';

/** The image's metadata from glance, as images.fetch reads it before the download. */
async function showImage(d: BuildDeps, ctx: RequestContext, imageId: string): Promise<ImageMeta> {
  const res = await fetch(apiUrl(d.cfg, `/image/v2/images/${encodeURIComponent(imageId)}`), {
    headers: { 'X-Auth-Token': ctx.authToken ?? '', 'X-OpenStack-Request-ID': ctx.globalRequestId ?? ctx.requestId }, signal: AbortSignal.timeout(10_000),
  });
  if (res.status === 404) throw new ImageNotFound(`Image ${imageId} could not be found.`);
  if (res.status === 401 || res.status === 403) throw imageNotAuthorized(imageId);
  if (!res.ok) throw new Error(`Image ${imageId} could not be read: HTTP ${res.status}`);
  const doc = await res.json() as Record<string, unknown>;
  const base = new Set(['id', 'name', 'size', 'disk_format', 'min_ram', 'min_disk']);
  const properties = Object.fromEntries(Object.entries(doc).filter(([k, v]) => !base.has(k) && typeof v === 'string')) as Record<string, string>;
  return { id: imageId, name: String(doc.name ?? ''), size: Number(doc.size ?? 0), disk_format: String(doc.disk_format ?? 'raw'),
    min_ram: Number(doc.min_ram ?? 0), min_disk: Number(doc.min_disk ?? 0), properties };
}

/** LibvirtDriver.cache_image: true when the image was downloaded, false when it was there. */
async function cacheImage(d: BuildDeps, ctx: RequestContext, imageId: string): Promise<boolean> {
  const driverLog = d.log.child('nova.virt.libvirt.driver');
  const target = d.images.cachedPath(imageId);
  if (fs.existsSync(target)) {
    driverLog.info(ctx, null, `Image ${imageId} already cached; updating timestamp`);
    const now = new Date();
    fs.utimesSync(target, now, now);
    return false;
  }
  driverLog.info(ctx, null, `Caching image ${imageId} by request`);
  await d.images.fetch(ctx, null, await showImage(d, ctx, imageId));
  return true;
}

export async function cacheImages(d: BuildDeps, ctx: RequestContext, imageIds: string[]): Promise<Record<string, string>> {
  const mgr = d.log.child('nova.compute.manager');
  const results: Record<string, string> = {};
  mgr.info(ctx, null, `Caching ${imageIds.length} image(s) by request`);
  for (const imageId of imageIds) {
    try {
      results[imageId] = (await cacheImage(d, ctx, imageId)) ? 'cached' : 'existing';
    } catch (e) {
      results[imageId] = 'error';
      mgr.error(ctx, null, `Failed to cache image ${imageId}: ${(e as Error).message}`);
    }
  }
  return results;
}
