// compute.API.rescue's volume-backed check: a server whose root disk is a volume (no image, or
// a root mapping on a volume) is rescued only from 2.87, only with a stable-rescue image (the
// rescue image, else the server's own, has both hw_rescue_bus and hw_rescue_device) and only on
// a host whose resource provider has COMPUTE_RESCUE_BFV; otherwise InstanceNotRescuable (400).

import type { RequestContext } from '../../common/request-context.js';
import { PlacementClient } from '../../placement/placement-client.js';
import type { ApiDeps } from '../api-deps.js';
import { badRequest } from '../http/api-error.js';
import type { InstanceRow } from './instances.js';

const notRescuable = (uuid: string, reason: string) => badRequest(`Instance ${uuid} cannot be rescued: ${reason}`);

/** compute_utils.is_volume_backed_instance: no image, or the boot disk on a volume. */
export function isVolumeBacked(deps: ApiDeps, inst: InstanceRow): boolean {
  if (!inst.image_ref) return true;
  const root = deps.db.prepare("SELECT 1 FROM block_device_mapping WHERE instance_uuid = ? AND boot_index = 0 AND destination_type = 'volume'").get(inst.uuid);
  return root !== undefined;
}

function imageProperties(deps: ApiDeps, imageId: string | null): Record<string, unknown> {
  if (!imageId) return {};
  const row = deps.db.prepare('SELECT properties FROM images WHERE id = ?').pluck().get(imageId) as string | undefined;
  return row ? JSON.parse(row) as Record<string, unknown> : {};
}

/** get_provider_traits of the server's compute node. */
async function nodeTraits(deps: ApiDeps, ctx: RequestContext, inst: InstanceRow): Promise<string[]> {
  const uuid = deps.db.prepare('SELECT uuid FROM compute_nodes WHERE host = ? AND hypervisor_hostname = ?').pluck().get(inst.host, inst.node) as string | undefined;
  if (!uuid) return [];
  const r = await PlacementClient.fromConfig(deps.cfg).request<{ traits: string[] }>(ctx, 'GET', `/resource_providers/${uuid}/traits`, '1.6');
  return r.status === 200 ? r.body.traits : [];
}

export async function checkVolumeBackedRescue(deps: ApiDeps, ctx: RequestContext, inst: InstanceRow, rescueImageRef: string | null, allowBfvRescue: boolean): Promise<void> {
  if (!isVolumeBacked(deps, inst)) return;
  const props = imageProperties(deps, rescueImageRef ?? inst.image_ref);
  const stable = allowBfvRescue && 'hw_rescue_bus' in props && 'hw_rescue_device' in props;
  if (!stable) throw notRescuable(inst.uuid, 'Cannot rescue a volume-backed instance');
  if (!(await nodeTraits(deps, ctx, inst)).includes('COMPUTE_RESCUE_BFV')) throw notRescuable(inst.uuid, 'Host unable to rescue a volume-backed instance');
}
