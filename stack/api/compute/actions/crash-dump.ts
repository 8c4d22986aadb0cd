// trigger_crash_dump (2.17): an NMI to the guest. The API checks the lock, the host and the
// state (active, paused, rescued, resized or error, no task), records the action and casts to
// the host, whose driver does the rest; task and power state do not change.

import { ACCEPTED, invalid, member, pyRepr, type ActionSpec } from './action-spec.js';

export const CRASH_DUMP_ACTIONS: Record<string, ActionSpec> = {
  trigger_crash_dump: {
    calls: 'servers.ServersController._trigger_crash_dump', name: 'trigger_crash_dump', minVersion: '2.17', needsHost: true,
    vmStates: ['active', 'paused', 'rescued', 'resized', 'error'], taskStates: [null], record: 'trigger_crash_dump',
    policy: member('os_compute_api:servers:trigger_crash_dump'),
    parse: (value) => {
      if (value !== null) throw invalid('trigger_crash_dump', value, `${pyRepr(value)} is not of type 'null'`);
      return {};
    },
    run: async (deps, req, inst) => {
      deps.logs.nova.child('nova.compute.api').debug(req.ctx, inst.uuid, 'Try to trigger crash dump', { func: 'trigger_crash_dump', file: 'compute/api.py', line: 2891 });
      await deps.actions.cast(req.ctx, inst.host, 'trigger_crash_dump', { uuid: inst.uuid });
      return ACCEPTED;
    },
  },
};
