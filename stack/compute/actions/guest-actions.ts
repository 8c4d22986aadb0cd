// The compute manager's handlers for the steps of guest-steps.ts, the admin password and the
// console log, each wrapped as Nova wraps them (instance-event.ts).

import type { RequestContext } from '../../common/request-context.js';
import { POWER_STATE } from '../../common/objects.js';
import { nowIso } from '../../common/time.js';
import type { BuildDeps } from '../build-instance.js';
import { withInstanceEvent } from './instance-event.js';
import type { GuestStep } from './guest-steps.js';
import { ExpectedError } from '../../rpc/messaging-errors.js';

export async function runGuestStep(d: BuildDeps, ctx: RequestContext, uuid: string, step: GuestStep, rescuePassword?: string): Promise<void> {
  const mgr = d.log.child('nova.compute.manager');
  const virt = d.log.child('nova.virt.libvirt.driver');
  await withInstanceEvent(d, ctx, uuid, step.method, async () => {
    if (step.info) mgr.info(ctx, uuid, step.info);
    try {
      if (step.powerOffFirst) {
        await d.driver.powerOff(uuid);
        virt.info(ctx, uuid, 'Instance shutdown successfully after 0 seconds.');
      }
      if (step.driverInfo) virt.info(ctx, uuid, step.driverInfo);
      await d.driver.transition(uuid, step.powerState, step.lifecycle, step.boots);
      if (rescuePassword !== undefined) d.driver.guests.get(uuid)!.adminPass = rescuePassword;
    } catch (e) {
      if (step.method === 'rescue_instance') mgr.exception(ctx, uuid, 'Error trying to Rescue Instance', [(e as Error).message]);
      if (step.errorsOut) await d.conductor.instanceUpdate(ctx, uuid, { vm_state: 'error' });
      throw e;
    }
    await d.conductor.instanceUpdate(ctx, uuid, {
      vm_state: step.vmState, task_state: null, power_state: step.powerState, ...(step.setsLaunchedAt ? { launched_at: nowIso() } : {}),
    });
  });
}

/** set_admin_password: a call; the API answers 409 when it fails. */
export async function setAdminPassword(d: BuildDeps, ctx: RequestContext, uuid: string, newPass: string): Promise<void> {
  await withInstanceEvent(d, ctx, uuid, 'set_admin_password', async () => {
    const guest = d.driver.guests.get(uuid);
    if (guest?.powerState !== POWER_STATE.RUNNING) {
      await d.conductor.instanceUpdate(ctx, uuid, { task_state: null });
      const reason = `instance ${uuid} is not running`;
      throw new ExpectedError('InstancePasswordSetFailed', `Failed to set admin password on ${uuid} because ${reason}`);
    }
    guest.adminPass = newPass;
    d.log.child('nova.compute.manager').info(ctx, uuid, 'Admin password set');
    await d.conductor.instanceUpdate(ctx, uuid, { task_state: null });
  });
}

/**
 * ComputeManager._tail_log: the log split on newlines and the last `length` pieces joined
 * again (Python's `[-length:]`, so -1 keeps all but the first piece); 0 or a non-number is ''.
 */
export function tailLog(log: string, length: number | string | null): string {
  if (length === null) return log;
  const n = Number.parseInt(String(length), 10);
  if (!Number.isFinite(n) || n === 0) return '';
  const pieces = log.split('\n');
  const start = -n < 0 ? Math.max(pieces.length - n, 0) : Math.min(-n, pieces.length);
  return pieces.slice(start).join('\n');
}

export function getConsoleOutput(d: BuildDeps, ctx: RequestContext, uuid: string, length: number | string | null): string {
  d.log.child('nova.compute.manager').info(ctx, uuid, 'Get console output');
  return tailLog(d.driver.consoleOutput(uuid, null), length);
}
