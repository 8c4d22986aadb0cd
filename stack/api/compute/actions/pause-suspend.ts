// pause/unpause and suspend/resume: the API sets the task state and records the action, the
// guest's host does the rest (compute/actions/guest-steps.ts).

import type { GuestStep } from '../../../compute/actions/guest-steps.js';
import { ACCEPTED, member, type ActionSpec } from './action-spec.js';

const step = (method: GuestStep['method']): ActionSpec['run'] => async (deps, req, inst) => {
  await deps.actions.guestStep(req.ctx, inst.host, method, inst.uuid);
  return ACCEPTED;
};

export const PAUSE_SUSPEND_ACTIONS: Record<string, ActionSpec> = {
  pause: {
    calls: 'pause_server.PauseServerController._pause', name: 'pause', needsHost: true, record: 'pause', setTask: 'pausing',
    vmStates: ['active'], taskStates: [null], policy: member('os_compute_api:os-pause-server:pause'), run: step('pause_instance'),
  },
  unpause: {
    calls: 'pause_server.PauseServerController._unpause', name: 'unpause', needsHost: true, record: 'unpause', setTask: 'unpausing',
    vmStates: ['paused'], taskStates: [null], policy: member('os_compute_api:os-pause-server:unpause'), run: step('unpause_instance'),
  },
  suspend: {
    calls: 'suspend_server.SuspendServerController._suspend', name: 'suspend', needsHost: true, record: 'suspend', setTask: 'suspending',
    vmStates: ['active'], taskStates: [null], policy: member('os_compute_api:os-suspend-server:suspend'), run: step('suspend_instance'),
  },
  resume: {
    calls: 'suspend_server.SuspendServerController._resume', name: 'resume', needsHost: true, record: 'resume', setTask: 'resuming',
    vmStates: ['suspended'], taskStates: [null], policy: member('os_compute_api:os-suspend-server:resume'), run: step('resume_instance'),
  },
};
