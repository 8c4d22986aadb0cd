// What compute's move operations need besides a build's dependencies: the move RPC clients
// (other compute hosts, the conductor's migration records), placement's move calls, and the
// instance action event every decorated manager method records (wrap_instance_event).

import type { RequestContext } from '../common/request-context.js';
import type { MoveConductorAPI } from '../conductor/move-rpcapi.js';
import type { MoveAllocations } from '../placement/move-allocations.js';
import type { FaultStore } from '../faults/fault-store.js';
import type { BuildDeps } from './build-instance.js';
import type { MoveComputeAPI } from './move-rpcapi.js';
import { NOVA, frameLines } from './traceback-frames.js';

export interface MoveDeps extends BuildDeps {
  moves: MoveComputeAPI;
  migrations: MoveConductorAPI;
  allocs: MoveAllocations;
  faults?: FaultStore;
}

export { incoming } from './resource-tracker.js';

/** wrap_instance_event(prefix='compute'): the event around `fn`, Error with its traceback when it throws. */
export async function withEvent<T>(d: MoveDeps, ctx: RequestContext, uuid: string, method: string, fn: () => Promise<T>): Promise<T> {
  const event = `compute_${method}`;
  await d.conductor.actionEventStart(ctx, uuid, event, d.host);
  try {
    const out = await fn();
    await d.conductor.actionEventFinish(ctx, uuid, event, d.host, 'Success', null);
    return out;
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const cls = (err as { excClass?: string }).excClass ?? err.name.replace(/_Remote$/, '');
    const tb = ['Traceback (most recent call last):',
      ...frameLines({ file: `${NOVA}/compute/utils.py`, line: 1455, func: 'decorated_function', code: 'return function(self, context, *args, **kwargs)' }),
      ...frameLines({ file: `${NOVA}/compute/manager.py`, line: 215, func: 'decorated_function', code: 'return function(self, context, *args, **kwargs)' }),
      `nova.exception.${cls}: ${err.message}`].join('\n');
    await d.conductor.actionEventFinish(ctx, uuid, event, d.host, 'Error', `${tb}\n`).catch(() => undefined);
    throw e;
  }
}
