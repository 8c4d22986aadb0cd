// The compute manager's RPC handlers (topic `compute.<host>`), with the same names as the
// rpcapi methods.

import type { RequestSpec, Selection } from '../common/objects.js';
import type { Handler } from '../rpc/rpc-server.js';
import { buildAndRunInstance, type BuildDeps } from './build-instance.js';
import { rebootInstance, startInstance, stopInstance, terminateInstance } from './instance-ops.js';
import type { ProviderStatus } from './provider-status.js';
import type { ComputeMethod } from './rpcapi.js';
import { actionHandlers } from './actions/handlers.js';
import { extendVolume } from './actions/extend-volume.js';
import { powerUpdate } from './actions/power-update.js';
import { processInstanceEvent } from './actions/process-event.js';

export function computeHandlers(d: BuildDeps, status: ProviderStatus): Record<string, Handler> {
  const mgr = d.log.child('nova.compute.manager');
  const base: Record<ComputeMethod, Handler> = {
    // Both under the instance's lock: a delete cast while the instance builds waits for the build.
    build_and_run_instance: (ctx, args) => {
      const spec = args.request_spec as RequestSpec;
      return d.locks.hold(spec.instance_uuid, () => buildAndRunInstance(d, ctx, spec, args.selection as Selection, args.host_list as Selection[] | undefined));
    },
    terminate_instance: (ctx, args) => d.locks.hold(args.uuid as string, () => terminateInstance(d, ctx, args.uuid as string)),
    reboot_instance: (ctx, args) => rebootInstance(d, ctx, args.uuid as string, args.reboot_type as 'SOFT' | 'HARD'),
    stop_instance: (ctx, args) => stopInstance(d, ctx, args.uuid as string),
    start_instance: (ctx, args) => startInstance(d, ctx, args.uuid as string),
    // set_host_enabled: the API enabled or disabled this compute service.
    set_host_enabled: async (ctx, args) => {
      const enabled = Boolean(args.enabled);
      await d.tracker.changeDisabled(!enabled, () => status.sync(ctx, !enabled));
      return enabled ? 'enabled' : 'disabled';
    },
    external_instance_event: (ctx, args) => {
      const uuid = args.uuid as string;
      const event = `${args.name as string}-${args.tag as string}`;
      mgr.debug(ctx, uuid, `Received event ${event}`, { func: 'external_instance_event', file: 'compute/manager.py', line: 11031 });
      if (args.name === 'volume-extended') return extendVolume(d, ctx, uuid, args.tag as string);
      if (args.name === 'power-update') return powerUpdate(d, ctx, uuid, args.tag as string);
      return processInstanceEvent(d, ctx, uuid, args.name as string, event);
    },
  };
  return { ...base, ...actionHandlers(d) } as Record<string, Handler>;
}
