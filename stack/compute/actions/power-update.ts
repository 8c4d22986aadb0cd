// ComputeManager.power_update, run for a power-update external event (2.76; tag POWER_ON or
// POWER_OFF), recorded as the compute_power_update event of the start or stop action the API
// began. Under the instance's lock: an instance not in the state the target needs (stopped and
// shut down for POWER_ON, active and running for POWER_OFF, no task either way) is a no-op, said
// at INFO; otherwise the task state is set (powering-on/-off) and the driver asked to match the
// new power state. Only Nova's ironic driver can; the libvirt-like driver here raises the base
// class's NotImplementedError, which — as in Nova — is an instance fault, the event's Error, the
// task state reverted, and oslo.messaging's "Exception during message handling".

import type { RequestContext } from '../../common/request-context.js';
import type { BuildDeps } from '../build-instance.js';
import { withInstanceEvent } from './instance-event.js';

/** fields.InstancePowerState.from_index. */
const POWER_STATE_NAMES: Record<number, string> = { 0: 'pending', 1: 'running', 3: 'paused', 4: 'shutdown', 6: 'crashed', 7: 'suspended' };

export async function powerUpdate(d: BuildDeps, ctx: RequestContext, uuid: string, target: string): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  const at = (line: number) => ({ func: 'do_power_update', file: 'compute/manager.py', line });
  await withInstanceEvent(d, ctx, uuid, 'power_update', () => d.locks.hold(uuid, async () => {
    mgr.debug(ctx, uuid, `Handling power-update event with target_power_state ${target} for instance`, at(11902));
    const inst = await d.conductor.instanceGet(ctx, uuid);
    if (!inst) return;
    const valid = inst.task_state === null && ((target === 'POWER_ON' && inst.vm_state === 'stopped' && inst.power_state === 4)
      || (target === 'POWER_OFF' && inst.vm_state === 'active' && inst.power_state === 1));
    if (!valid) {
      mgr.info(ctx, null, `The power-update ${target} event for instance ${uuid} is a no-op since the instance is in vm_state ${inst.vm_state}, `
        + `task_state ${inst.task_state ?? 'None'} and power_state ${POWER_STATE_NAMES[inst.power_state] ?? inst.power_state}.`);
      return;
    }
    mgr.debug(ctx, uuid, `Trying to ${target} instance`, at(11918));
    await d.conductor.instanceUpdate(ctx, uuid, target === 'POWER_ON' ? { task_state: 'powering-on' } : { task_state: 'powering-off', progress: 0 });
    d.driver.powerUpdateEvent();
  }));
}
