// The conductor's unshelve_instance (wrapped as `conductor_unshelve_instance`): a shelved
// server still on its host is started there; a shelved_offloaded one is scheduled again with its
// request spec and the shelved snapshot as image (the scheduler claims it in placement) and
// unshelve_instance is cast to the chosen host (from 2.91 a host the API names is the spec's
// requested_destination). No host: task_state back to None and Nova's warning; the snapshot gone: ERROR.

import type { OsloLogger } from '../../common/oslo-logger.js';
import type { RequestContext } from '../../common/request-context.js';
import type { ImageMeta, RequestSpec } from '../../common/objects.js';
import type { ComputeAPI } from '../../compute/rpcapi.js';
import type { ServerActionsAPI } from '../../compute/actions/rpcapi.js';
import type { Db } from '../../db/open-db.js';
import { ExpectedError } from '../../rpc/messaging-errors.js';
import type { SchedulerAPI } from '../../scheduler/rpcapi.js';
import type { InstanceDb } from '../instance-db.js';
import { systemMetadata } from './system-metadata.js';
import { CONTROLLER_HOST } from '../../common/db-heartbeat.js';

export interface UnshelveDeps { db: Db; instances: InstanceDb; scheduler: SchedulerAPI; compute: ComputeAPI; actions: ServerActionsAPI; log: OsloLogger }

const EVENT = 'conductor_unshelve_instance';

interface ImageRow { id: string; name: string; size: number; disk_format: string; min_ram: number; min_disk: number; properties: string; status: string }

function imageMeta(row: ImageRow): ImageMeta {
  return { id: row.id, name: row.name, size: row.size, disk_format: row.disk_format, min_ram: row.min_ram, min_disk: row.min_disk, properties: JSON.parse(row.properties || '{}') as Record<string, string> };
}

export async function unshelveInstance(d: UnshelveDeps, ctx: RequestContext, uuid: string, host: string | null = null): Promise<void> {
  const log = d.log.child('nova.conductor.manager');
  const inst = d.instances.get(uuid);
  if (!inst) return;
  d.instances.eventStart(uuid, ctx.requestId, EVENT, CONTROLLER_HOST);
  try {
    if (inst.vm_state === 'shelved') {
      d.instances.update(uuid, { task_state: 'powering-on' });
      await d.compute.startInstance(ctx, inst.host!, uuid);
    } else if (inst.vm_state === 'shelved_offloaded') {
      await scheduleUnshelve(d, log, ctx, uuid, host);
    } else {
      log.error(ctx, uuid, 'Unshelve attempted but vm_state not SHELVED or SHELVED_OFFLOADED');
      d.instances.update(uuid, { vm_state: 'error' });
      throw new Error(`Error during unshelve instance ${uuid}: Unexpected vm_state`);
    }
    d.instances.eventFinish(uuid, ctx.requestId, EVENT, 'Success', null);
  } catch (e) {
    d.instances.eventFinish(uuid, ctx.requestId, EVENT, 'Error', `${(e as Error).name}: ${(e as Error).message}`);
    if (!(e instanceof ExpectedError)) throw e;
  }
}

async function scheduleUnshelve(d: UnshelveDeps, log: OsloLogger, ctx: RequestContext, uuid: string, requestedHost: string | null): Promise<void> {
  const imageId = systemMetadata(d.db, uuid).shelved_image_id;
  const image = imageId ? d.db.prepare("SELECT * FROM images WHERE id = ? AND status = 'active'").get(imageId) as ImageRow | undefined : undefined;
  if (!image) {
    const reason = `Unshelve attempted but the image ${imageId ?? ''} cannot be found.`;
    d.instances.update(uuid, { vm_state: 'error', task_state: null });
    log.error(ctx, uuid, reason);
    throw new Error(`Error during unshelve instance ${uuid}: ${reason}`);
  }
  const row = d.db.prepare('SELECT request_spec FROM instances WHERE uuid = ?').get(uuid) as { request_spec: string };
  const spec: RequestSpec = { ...(JSON.parse(row.request_spec) as RequestSpec), image: imageMeta(image), retry: { num_attempts: 1, hosts: [] },
    ...(requestedHost ? { requested_destination: { host: requestedHost, node: null } } : {}) };
  let host: string;
  try {
    const [selection] = await d.scheduler.selectDestinations(ctx, spec);
    host = selection.host;
    log.debug(ctx, uuid, `Scheduler selected host: ${selection.host}, node:${selection.nodename}`, { func: 'unshelve_instance', file: 'conductor/manager.py', line: 1128 });
    await d.actions.cast(ctx, host, 'unshelve_instance', { uuid, request_spec: spec, selection, image: spec.image });
  } catch (e) {
    if (e instanceof ExpectedError && e.excClass === 'NoValidHost') {
      d.instances.update(uuid, { task_state: null });
      log.warning(ctx, uuid, 'No valid host found for unshelve instance');
    }
    throw e;
  }
}
