// The conductor's rebuild_instance for a rebuild in place (wrapped as `conductor_rebuild_server`):
// the instance stays on its host, so the rebuild is cast to that host with the new image.

import type { RequestContext } from '../../common/request-context.js';
import type { ImageMeta } from '../../common/objects.js';
import type { UnshelveDeps } from './unshelve.js';
import { CONTROLLER_HOST } from '../../common/db-heartbeat.js';

const EVENT = 'conductor_rebuild_server';

export async function rebuildInstance(d: UnshelveDeps, ctx: RequestContext, uuid: string, args: { image: ImageMeta; orig_image_ref: string; new_pass: string; orig_vm_state: string }): Promise<void> {
  const inst = d.instances.get(uuid);
  if (!inst?.host) return;
  d.instances.eventStart(uuid, ctx.requestId, EVENT, CONTROLLER_HOST);
  await d.actions.cast(ctx, inst.host, 'rebuild_instance', { uuid, ...args });
  d.instances.eventFinish(uuid, ctx.requestId, EVENT, 'Success', null);
}
