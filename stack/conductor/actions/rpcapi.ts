// Client side of the conductor's RPC methods for the server actions that keep a server on its
// host or send it back through the scheduler (topic `conductor`): unshelve, rebuild and the
// aggregate's image pre-caching (from the API, casts), the instance's system metadata and its VirtualInterface records (from compute,
// calls: compute never touches the database).

import type { RequestContext } from '../../common/request-context.js';
import type { RpcClient } from '../../rpc/rpc-client.js';
import { CONDUCTOR_API_VERSION, CONDUCTOR_TOPIC } from '../rpcapi.js';
import type { VirtualInterfaceRecord } from './virtual-interfaces.js';

export const CONDUCTOR_ACTION_METHODS = ['unshelve_instance', 'rebuild_instance', 'cache_images', 'instance_system_metadata_update', 'instance_system_metadata_get', 'instances_queued_for_delete',
  'virtual_interface_create', 'virtual_interface_destroy', 'virtual_interfaces_destroy_by_instance'] as const;
export type ConductorActionMethod = (typeof CONDUCTOR_ACTION_METHODS)[number];

export class ConductorActionsAPI {
  constructor(private readonly rpc: RpcClient) {}

  /** `host` (2.91): the request spec's requested_destination for this scheduling only, as Nova does not save it. */
  unshelveInstance(ctx: RequestContext, uuid: string, host: string | null = null): Promise<void> {
    return this.rpc.cast(CONDUCTOR_TOPIC, CONDUCTOR_API_VERSION, 'unshelve_instance', ctx, { uuid, ...(host ? { host } : {}) });
  }

  rebuildInstance(ctx: RequestContext, uuid: string, args: Record<string, unknown>): Promise<void> {
    return this.rpc.cast(CONDUCTOR_TOPIC, CONDUCTOR_API_VERSION, 'rebuild_instance', ctx, { uuid, ...args });
  }

  /** Image pre-caching on the aggregate's hosts (2.81). */
  cacheImages(ctx: RequestContext, aggregate: { id: number; hosts: string[] }, imageIds: string[]): Promise<void> {
    return this.rpc.cast(CONDUCTOR_TOPIC, CONDUCTOR_API_VERSION, 'cache_images', ctx, { aggregate, image_ids: imageIds });
  }

  /** Sets (a string) or removes (null) keys of instance.system_metadata. */
  systemMetadataUpdate(ctx: RequestContext, uuid: string, values: Record<string, string | null>): Promise<void> {
    return this.rpc.call(CONDUCTOR_TOPIC, CONDUCTOR_API_VERSION, 'instance_system_metadata_update', ctx, { uuid, values });
  }

  systemMetadata(ctx: RequestContext, uuid: string): Promise<Record<string, string>> {
    return this.rpc.call(CONDUCTOR_TOPIC, CONDUCTOR_API_VERSION, 'instance_system_metadata_get', ctx, { uuid });
  }

  /** A VirtualInterface record for a port nova allocated (with the device tag asked for, if any). */
  virtualInterfaceCreate(ctx: RequestContext, vif: VirtualInterfaceRecord): Promise<void> {
    return this.rpc.call(CONDUCTOR_TOPIC, CONDUCTOR_API_VERSION, 'virtual_interface_create', ctx, { vif });
  }

  virtualInterfaceDestroy(ctx: RequestContext, portId: string): Promise<void> {
    return this.rpc.call(CONDUCTOR_TOPIC, CONDUCTOR_API_VERSION, 'virtual_interface_destroy', ctx, { port_id: portId });
  }

  virtualInterfacesDestroyByInstance(ctx: RequestContext, uuid: string): Promise<void> {
    return this.rpc.call(CONDUCTOR_TOPIC, CONDUCTOR_API_VERSION, 'virtual_interfaces_destroy_by_instance', ctx, { uuid });
  }

  /** The host's SOFT_DELETED instances without a task, with their deletion time (_reclaim_queued_deletes' query). */
  queuedDeletes(ctx: RequestContext, host: string): Promise<{ uuid: string; deleted_at: string }[]> {
    return this.rpc.call(CONDUCTOR_TOPIC, CONDUCTOR_API_VERSION, 'instances_queued_for_delete', ctx, { host });
  }
}
