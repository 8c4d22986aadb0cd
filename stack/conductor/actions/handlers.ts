// The conductor's handlers for the server actions, spread into its RPC server's table.

import type { Handler } from '../../rpc/rpc-server.js';
import type { ConductorActionMethod } from './rpcapi.js';
import { systemMetadata, updateSystemMetadata } from './system-metadata.js';
import { unshelveInstance, type UnshelveDeps } from './unshelve.js';
import { cacheImages, type CacheImagesDeps } from './cache-images.js';
import { rebuildInstance } from './rebuild.js';
import { createVirtualInterface, destroyInstanceVirtualInterfaces, destroyVirtualInterface, type VirtualInterfaceRecord } from './virtual-interfaces.js';

export function conductorActionHandlers(d: UnshelveDeps & CacheImagesDeps): Record<ConductorActionMethod, Handler> {
  return {
    unshelve_instance: (ctx, args) => unshelveInstance(d, ctx, args.uuid as string, (args.host as string | undefined) ?? null),
    rebuild_instance: (ctx, args) => rebuildInstance(d, ctx, args.uuid as string, args as unknown as Parameters<typeof rebuildInstance>[3]),
    cache_images: (ctx, args) => cacheImages(d, ctx, args.aggregate as { id: number; hosts: string[] }, args.image_ids as string[]),
    instance_system_metadata_update: (_ctx, args) => updateSystemMetadata(d.db, args.uuid as string, args.values as Record<string, string | null>),
    instance_system_metadata_get: (_ctx, args) => systemMetadata(d.db, args.uuid as string),
    virtual_interface_create: (_ctx, args) => createVirtualInterface(d.db, args.vif as VirtualInterfaceRecord),
    virtual_interface_destroy: (_ctx, args) => destroyVirtualInterface(d.db, args.port_id as string),
    virtual_interfaces_destroy_by_instance: (_ctx, args) => destroyInstanceVirtualInterfaces(d.db, args.uuid as string),
    instances_queued_for_delete: (_ctx, args) => d.db.prepare(`SELECT i.uuid, q.deleted_at FROM instances i JOIN queued_deletes q ON q.instance_uuid = i.uuid
      WHERE i.host = ? AND i.vm_state = 'soft-delete' AND i.task_state IS NULL AND i.deleted_at IS NULL ORDER BY q.deleted_at`).all(args.host as string),
  };
}
