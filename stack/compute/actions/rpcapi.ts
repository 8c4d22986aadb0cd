// Client side of the compute RPC methods of the server actions that keep a server on its host
// (topic `compute.<host>`, the same API version as rpcapi.ts): casts, except
// set_admin_password, attach_interface, get_console_output, the diagnostics,
// reserve_block_device_name, cache_images and get_host_uptime, which Nova calls.

import type { RequestContext } from '../../common/request-context.js';
import { computeTopic } from '../../common/stack-config.js';
import type { CallOptions, RpcClient } from '../../rpc/rpc-client.js';
import { COMPUTE_API_VERSION } from '../rpcapi.js';
import type { GuestStep } from './guest-steps.js';
import { ConductorActionsAPI } from '../../conductor/actions/rpcapi.js';

export const ACTION_METHODS = [
  'pause_instance', 'unpause_instance', 'suspend_instance', 'resume_instance', 'rescue_instance', 'unrescue_instance',
  'set_admin_password', 'snapshot_instance', 'backup_instance', 'shelve_instance', 'shelve_offload_instance', 'unshelve_instance',
  'rebuild_instance', 'soft_delete_instance', 'restore_instance', 'attach_interface', 'detach_interface', 'get_console_output',
  'trigger_crash_dump', 'get_diagnostics', 'get_instance_diagnostics', 'reserve_block_device_name', 'attach_volume', 'detach_volume',
  'cache_images', 'get_host_uptime',
] as const;
export type ActionMethod = (typeof ACTION_METHODS)[number];

export class ServerActionsAPI {
  /** The conductor's side of the actions it runs (unshelve). */
  readonly conductor: ConductorActionsAPI;

  constructor(private readonly rpc: RpcClient) {
    this.conductor = new ConductorActionsAPI(rpc);
  }

  cast(ctx: RequestContext, host: string, method: ActionMethod, args: Record<string, unknown>): Promise<void> {
    return this.rpc.cast(computeTopic(host), COMPUTE_API_VERSION, method, ctx, args);
  }

  call<T>(ctx: RequestContext, host: string, method: ActionMethod, args: Record<string, unknown>, opts?: CallOptions): Promise<T> {
    return this.rpc.call<T>(computeTopic(host), COMPUTE_API_VERSION, method, ctx, args, opts);
  }

  guestStep(ctx: RequestContext, host: string, method: GuestStep['method'], uuid: string, extra: Record<string, unknown> = {}): Promise<void> {
    return this.cast(ctx, host, method, { uuid, ...extra });
  }
}
