// backup_instance: the snapshot (task states image_backup → image_pending_upload →
// image_uploading → None, the image deleted again if the snapshot fails), then _rotate_backups:
// the instance's backups of that type, newest first, beyond `rotation` deleted from glance,
// oldest first, with the manager's lines at Nova's levels.

import type { RequestContext } from '../../common/request-context.js';
import { apiUrl } from '../../common/stack-config.js';
import type { BuildDeps } from '../build-instance.js';
import { snapshotWithLogs } from './snapshot.js';

const MANAGER = 'compute/manager.py';

function headers(ctx: RequestContext): Record<string, string> {
  return { 'X-Auth-Token': ctx.authToken ?? '', 'X-OpenStack-Request-ID': ctx.globalRequestId ?? ctx.requestId, Accept: 'application/json' };
}

/** The image API's delete: 404 is ImageNotFound, anything else not 204 a failure. */
async function deleteImage(d: BuildDeps, ctx: RequestContext, imageId: string): Promise<'deleted' | 'not-found'> {
  const res = await fetch(apiUrl(d.cfg, `/image/v2/images/${imageId}`), { method: 'DELETE', headers: headers(ctx), signal: AbortSignal.timeout(10_000) });
  if (res.status === 404) return 'not-found';
  if (res.status !== 204) throw new Error(`Image ${imageId} could not be deleted: glance answered ${res.status}`);
  return 'deleted';
}

/** delete_image_on_error: compute_utils.delete_image, whose failure is only logged. */
async function cleanUpImage(d: BuildDeps, ctx: RequestContext, uuid: string, imageId: string): Promise<void> {
  const log = d.log.child('nova.compute.utils');
  log.debug(ctx, uuid, `Cleaning up image ${imageId}`, { func: 'delete_image', file: 'compute/utils.py', line: 1352 });
  await deleteImage(d, ctx, imageId).catch((e: Error) => log.exception(ctx, uuid, `Error while trying to clean up image ${imageId}`, ['Traceback (most recent call last):', `${e.name}: ${e.message}`]));
}

async function backupImages(d: BuildDeps, ctx: RequestContext, uuid: string, backupType: string): Promise<{ id: string }[]> {
  const q = new URLSearchParams({ image_type: 'backup', backup_type: backupType, instance_uuid: uuid, sort_key: 'created_at', sort_dir: 'desc' });
  const res = await fetch(apiUrl(d.cfg, `/image/v2/images?${q.toString()}`), { headers: headers(ctx), signal: AbortSignal.timeout(10_000) });
  if (res.status !== 200) throw new Error(`Image list failed: glance answered ${res.status}`);
  return ((await res.json()) as { images: { id: string }[] }).images;
}

export async function rotateBackups(d: BuildDeps, ctx: RequestContext, uuid: string, backupType: string, rotation: number): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  const images = await backupImages(d, ctx, uuid, backupType);
  mgr.debug(ctx, uuid, `Found ${images.length} images (rotation: ${rotation})`, { func: '_rotate_backups', file: MANAGER, line: 5122 });
  if (images.length <= rotation) return;
  const excess = images.length - rotation;
  mgr.debug(ctx, uuid, `Rotating out ${excess} backups`, { func: '_rotate_backups', file: MANAGER, line: 5130 });
  for (let i = 0; i < excess; i++) {
    const imageId = images.pop()!.id;
    mgr.debug(ctx, uuid, `Deleting image ${imageId}`, { func: '_rotate_backups', file: MANAGER, line: 5135 });
    try {
      if ((await deleteImage(d, ctx, imageId)) === 'not-found') mgr.info(ctx, uuid, `Failed to find image ${imageId} to delete`);
    } catch (e) {
      mgr.info(ctx, uuid, `Failed to delete image ${imageId} during deleting excess backups. Continuing for next image.. ${(e as Error).message}`);
    }
  }
}

export async function backupInstance(d: BuildDeps, ctx: RequestContext, uuid: string, imageId: string, backupType: string, rotation: number): Promise<void> {
  try {
    await snapshotWithLogs(d, ctx, uuid, imageId, 'image_backup');
  } catch (e) {
    await cleanUpImage(d, ctx, uuid, imageId);
    throw e;
  }
  await rotateBackups(d, ctx, uuid, backupType, rotation);
}
