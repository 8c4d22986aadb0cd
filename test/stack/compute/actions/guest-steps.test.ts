// The table of guest steps against Nova's state machine: each step ends in the vm_state the
// API's allowed states of its inverse expect, and every task state it expects is one Nova has.
import { describe, expect, it } from 'vitest';
import { POWER_STATE, TASK_STATES, VM_STATES } from '../../../../stack/common/objects.js';
import { GUEST_STEPS, guestStep } from '../../../../stack/compute/actions/guest-steps.js';
import { tailLog } from '../../../../stack/compute/actions/guest-actions.js';
import { PAUSE_SUSPEND_ACTIONS } from '../../../../stack/api/compute/actions/pause-suspend.js';
import { RESCUE_ACTIONS } from '../../../../stack/api/compute/actions/rescue.js';

describe('guest steps', () => {
  it('use only Nova vm_states and task_states', () => {
    for (const s of GUEST_STEPS) {
      expect(VM_STATES).toContain(s.vmState);
      expect(TASK_STATES).toContain(s.expectedTask);
    }
  });

  it('each API action sets the task state its compute step expects, and leaves a state its inverse accepts', () => {
    const pairs: [string, string, string][] = [
      ['pause', 'pause_instance', 'unpause'], ['unpause', 'unpause_instance', 'pause'],
      ['suspend', 'suspend_instance', 'resume'], ['resume', 'resume_instance', 'suspend'], ['unrescue', 'unrescue_instance', 'rescue'],
    ];
    const api = { ...PAUSE_SUSPEND_ACTIONS, ...RESCUE_ACTIONS };
    for (const [action, method, inverse] of pairs) {
      const step = guestStep(method)!;
      expect(api[action].setTask, action).toBe(step.expectedTask);
      expect(api[inverse].vmStates, `${inverse} after ${action}`).toContain(step.vmState);
    }
    expect(guestStep('rescue_instance')!.expectedTask).toBe('rescuing');
    expect(api.unrescue.vmStates).toEqual([guestStep('rescue_instance')!.vmState]);
  });

  it('power states as libvirt reports them after each step', () => {
    expect(Object.fromEntries(GUEST_STEPS.map((s) => [s.method, s.powerState]))).toEqual({
      pause_instance: POWER_STATE.PAUSED, unpause_instance: POWER_STATE.RUNNING, suspend_instance: POWER_STATE.SHUTDOWN,
      resume_instance: POWER_STATE.RUNNING, rescue_instance: POWER_STATE.RUNNING, unrescue_instance: POWER_STATE.RUNNING,
    });
  });
});

describe("ComputeManager._tail_log", () => {
  const log = 'a\nb\nc\nd\n';
  it('keeps the last N pieces of the log split on newlines (the trailing newline is a piece)', () => {
    expect(tailLog(log, 2)).toBe('d\n');
    expect(tailLog(log, '3')).toBe('c\nd\n');
    expect(tailLog(log, 10)).toBe(log);
  });
  it('None is the whole log, 0 is nothing, -1 drops the first piece (Python [1:])', () => {
    expect(tailLog(log, null)).toBe(log);
    expect(tailLog(log, 0)).toBe('');
    expect(tailLog(log, -1)).toBe('b\nc\nd\n');
    expect(tailLog(log, '-1')).toBe('b\nc\nd\n');
  });
});
