// The decorators around every compute manager action, in Nova's order: wrap_instance_event
// (the `compute_<method>` event of the request's instance action, Success or Error with the
// traceback), reverts_task_state (task_state back to None when the method fails) and
// wrap_instance_fault (an instance fault for the failure; an exception without a message is
// named by its class, as compute_utils.exception_to_dict does).

import type { RequestContext } from '../../common/request-context.js';
import type { BuildDeps } from '../build-instance.js';
import { NovaError } from '../nova-errors.js';

function tracebackText(e: Error): string {
  const frames = e instanceof NovaError ? e.traceback : ['Traceback (most recent call last):', ...(e.stack ?? '').split('\n').slice(1, 5).map((l) => `  ${l.trim()}`), `${e.name}: ${e.message}`];
  return frames.join('\n');
}

export async function withInstanceEvent<T>(d: BuildDeps, ctx: RequestContext, uuid: string, method: string, body: () => Promise<T>): Promise<T> {
  const event = `compute_${method}`;
  await d.conductor.actionEventStart(ctx, uuid, event, d.host);
  try {
    const result = await body();
    await d.conductor.actionEventFinish(ctx, uuid, event, d.host, 'Success', null);
    return result;
  } catch (e) {
    const err = e as Error;
    await d.conductor.actionEventFinish(ctx, uuid, event, d.host, 'Error', tracebackText(err)).catch(() => undefined);
    await d.conductor.instanceUpdate(ctx, uuid, { task_state: null }).catch(() => undefined);
    await d.conductor.instanceFaultCreate(ctx, uuid, 500, err.message || err.name, tracebackText(err), d.host).catch(() => undefined);
    throw e;
  }
}
