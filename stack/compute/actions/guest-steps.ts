// The actions that change a guest on its host without moving it, as data: the compute manager
// method (its instance event is `compute_<method>`), the INFO line nova.compute.manager logs
// first, the task state the API set, what the hypervisor does (power state reached and the
// libvirt lifecycle events on the way), and the vm_state the instance ends in.

import { POWER_STATE, type TaskState, type VmState } from '../../common/objects.js';

export interface GuestStep {
  method: 'pause_instance' | 'unpause_instance' | 'suspend_instance' | 'resume_instance' | 'rescue_instance' | 'unrescue_instance';
  /** LOG.info of the manager method; suspend_instance logs none. */
  info: string | null;
  expectedTask: TaskState;
  /** Rescue powers the guest off cleanly first (_power_off_instance). */
  powerOffFirst: boolean;
  /** What nova.virt.libvirt.driver logs at INFO during the step. */
  driverInfo: string | null;
  powerState: number;
  lifecycle: readonly string[];
  /** The guest boots again (its console log grows). */
  boots: boolean;
  vmState: VmState;
  /** rescue_instance stamps launched_at; the others leave it. */
  setsLaunchedAt: boolean;
  /** _error_out_instance_on_exception / _set_instance_obj_error_state: a driver failure leaves ERROR. */
  errorsOut: boolean;
}

export const GUEST_STEPS: readonly GuestStep[] = [
  { method: 'pause_instance', info: 'Pausing', expectedTask: 'pausing', powerOffFirst: false, driverInfo: null,
    powerState: POWER_STATE.PAUSED, lifecycle: ['Paused'], boots: false, vmState: 'paused', setsLaunchedAt: false, errorsOut: false },
  { method: 'unpause_instance', info: 'Unpausing', expectedTask: 'unpausing', powerOffFirst: false, driverInfo: null,
    powerState: POWER_STATE.RUNNING, lifecycle: ['Resumed'], boots: false, vmState: 'active', setsLaunchedAt: false, errorsOut: false },
  // libvirt suspends with a managed save: the domain pauses, is saved and shut off.
  { method: 'suspend_instance', info: null, expectedTask: 'suspending', powerOffFirst: false, driverInfo: null,
    powerState: POWER_STATE.SHUTDOWN, lifecycle: ['Paused', 'Stopped'], boots: false, vmState: 'suspended', setsLaunchedAt: false, errorsOut: true },
  { method: 'resume_instance', info: 'Resuming', expectedTask: 'resuming', powerOffFirst: false, driverInfo: null,
    powerState: POWER_STATE.RUNNING, lifecycle: ['Started', 'Resumed'], boots: false, vmState: 'active', setsLaunchedAt: false, errorsOut: true },
  // A legacy rescue (the image has no hw_rescue_bus/hw_rescue_device): the rescue disk boots first.
  { method: 'rescue_instance', info: 'Rescuing', expectedTask: 'rescuing', powerOffFirst: true, driverInfo: 'Attempting rescue',
    powerState: POWER_STATE.RUNNING, lifecycle: ['Started'], boots: true, vmState: 'rescued', setsLaunchedAt: true, errorsOut: true },
  { method: 'unrescue_instance', info: 'Unrescuing', expectedTask: 'unrescuing', powerOffFirst: false, driverInfo: null,
    powerState: POWER_STATE.RUNNING, lifecycle: ['Stopped', 'Started'], boots: true, vmState: 'active', setsLaunchedAt: false, errorsOut: true },
];

export const guestStep = (method: string): GuestStep | undefined => GUEST_STEPS.find((s) => s.method === method);
