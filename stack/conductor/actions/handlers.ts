// The conductor's handlers for the server actions, spread into its RPC server's table.

import type { Handler } from '../../rpc/rpc-server.js';
import type { ConductorActionMethod } from './rpcapi.js';
import { updateSystemMetadata } from './system-metadata.js';
import { unshelveInstance, type UnshelveDeps } from './unshelve.js';

export function conductorActionHandlers(d: UnshelveDeps): Record<ConductorActionMethod, Handler> {
  return {
    unshelve_instance: (ctx, args) => unshelveInstance(d, ctx, args.uuid as string),
    instance_system_metadata_update: (_ctx, args) => updateSystemMetadata(d.db, args.uuid as string, args.values as Record<string, string | null>),
  };
}
