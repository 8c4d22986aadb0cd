// ComputeManager._process_instance_event for the external events the manager does not handle
// itself (network-vif-plugged/-unplugged, accelerator-request-bound…): a waiter for the event is
// woken; with none, pop_instance_event says why at DEBUG (no waiter for the instance at all, or
// none for this event among those awaited) and the event is unexpected: a WARNING with the
// instance's states, except a vif unplugged while the instance is deleted or migrated (DEBUG).

import type { RequestContext } from '../../common/request-context.js';
import type { BuildDeps } from '../build-instance.js';

const at = (func: string, line: number) => ({ func, file: 'compute/manager.py', line });
const NAMES = ['network-vif-unplugged', 'network-vif-plugged', 'network-vif-deleted', 'network-changed', 'volume-extended', 'power-update', 'accelerator-request-bound'];

/** The awaited events as Python prints the dict's keys: dict_keys([('<name>', '<tag>'), …]). */
function dictKeys(keys: string[]): string {
  const pairs = keys.map((k) => {
    const name = NAMES.find((n) => k.startsWith(`${n}-`)) ?? k;
    return `('${name}', '${k.slice(name.length + 1)}')`;
  });
  return `dict_keys([${pairs.join(', ')}])`;
}

export async function processInstanceEvent(d: BuildDeps, ctx: RequestContext, uuid: string, name: string, event: string): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  if (d.events.pop(uuid, event)) {
    mgr.debug(ctx, uuid, `Processing event ${event}`, at('_process_instance_event', 10964));
    return;
  }
  const others = d.events.pending(uuid);
  if (others.length === 0) mgr.debug(ctx, uuid, `No waiting events found dispatching ${event}`, at('pop_instance_event', 345));
  else mgr.debug(ctx, uuid, `No event matching ${event} in ${dictKeys(others)}`, at('pop_instance_event', 349));
  const inst = await d.conductor.instanceGet(ctx, uuid);
  const task = inst?.task_state ?? null;
  if (name === 'network-vif-unplugged' && (task === 'deleting' || task === 'migrating')) {
    mgr.debug(ctx, uuid, `Received event ${event} for instance with task_state ${task}.`, at('_process_instance_event', 10981));
    return;
  }
  mgr.warning(ctx, uuid, `Received unexpected event ${event} for instance with vm_state ${inst?.vm_state ?? 'None'} and task_state ${task ?? 'None'}.`);
}
