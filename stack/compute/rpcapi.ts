// Client side of a compute host's RPC API (topic `compute.<host>`).
import type { RequestContext } from '../common/request-context.js';
import type { RequestSpec, Selection } from '../common/objects.js';
import type { RpcClient } from '../rpc/rpc-client.js';
import { computeTopic } from '../common/stack-config.js';

export const COMPUTE_API_VERSION = '5.0';

export const COMPUTE_METHODS = [
  'build_and_run_instance', 'terminate_instance', 'reboot_instance', 'stop_instance', 'start_instance',
  'external_instance_event', 'set_host_enabled',
] as const;
export type ComputeMethod = (typeof COMPUTE_METHODS)[number];

export class ComputeAPI {
  constructor(private readonly rpc: RpcClient) {}

  private cast(ctx: RequestContext, host: string, method: ComputeMethod, args: Record<string, unknown>): Promise<void> {
    return this.rpc.cast(computeTopic(host), COMPUTE_API_VERSION, method, ctx, args);
  }

  /** `hostList`: the alternates left for a reschedule (current release); absent in legacy. */
  buildAndRunInstance(ctx: RequestContext, host: string, requestSpec: RequestSpec, selection: Selection, hostList?: Selection[]): Promise<void> {
    return this.cast(ctx, host, 'build_and_run_instance', { request_spec: requestSpec, selection, ...(hostList ? { host_list: hostList } : {}) });
  }

  terminateInstance(ctx: RequestContext, host: string, uuid: string): Promise<void> {
    return this.cast(ctx, host, 'terminate_instance', { uuid });
  }

  rebootInstance(ctx: RequestContext, host: string, uuid: string, type: 'SOFT' | 'HARD'): Promise<void> {
    return this.cast(ctx, host, 'reboot_instance', { uuid, reboot_type: type });
  }

  stopInstance(ctx: RequestContext, host: string, uuid: string): Promise<void> {
    return this.cast(ctx, host, 'stop_instance', { uuid });
  }

  startInstance(ctx: RequestContext, host: string, uuid: string): Promise<void> {
    return this.cast(ctx, host, 'start_instance', { uuid });
  }

  /** A call (Nova waits for the answer, 'enabled' or 'disabled'): the compute syncs COMPUTE_STATUS_DISABLED at once. */
  setHostEnabled(ctx: RequestContext, host: string, enabled: boolean): Promise<string> {
    return this.rpc.call<string>(computeTopic(host), COMPUTE_API_VERSION, 'set_host_enabled', ctx, { enabled });
  }

  externalInstanceEvent(ctx: RequestContext, host: string, uuid: string, name: string, tag: string): Promise<void> {
    return this.cast(ctx, host, 'external_instance_event', { uuid, name, tag });
  }
}
