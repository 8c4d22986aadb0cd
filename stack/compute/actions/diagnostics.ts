// ComputeManager.get_diagnostics and get_instance_diagnostics (calls from the API; no instance
// action): a running guest's statistics from the driver after "Retrieving diagnostics"; any
// other power state raises InstanceInvalidState, which wrap_instance_fault records as a fault
// (code 400, no details) and oslo.messaging logs as an exception before sending it back.

import { POWER_STATE } from '../../common/objects.js';
import type { RequestContext } from '../../common/request-context.js';
import type { BuildDeps } from '../build-instance.js';
import { diagnosticsBlob, instanceDiagnostics, type GuestNic } from '../guest-stats.js';
import { NovaError } from '../nova-errors.js';
import { NOVA, tracebackOf, type Frame } from '../traceback-frames.js';

/** nova.compute.power_state.STATE_MAP. */
const STATE_NAMES: Record<number, string> = { 0: 'pending', 1: 'running', 3: 'paused', 4: 'shutdown', 6: 'crashed', 7: 'suspended' };

export interface DiagnosticsArgs { uuid: string; power_state: number; launched_at: string | null }

const PY = '/usr/lib/python3/dist-packages';
const at = (file: string, line: number, func: string, code: string): Frame => ({ file: file.startsWith('nova/') ? `${NOVA}/${file.slice(5)}` : `${PY}/${file}`, line, func, code });
const reraise = [at('oslo_utils/excutils.py', 260, '__exit__', 'self.force_reraise()'), at('oslo_utils/excutils.py', 226, 'force_reraise', 'raise self.value')];

/** The RPC server's dispatch down to the manager method, through wrap_exception and wrap_instance_fault. */
function managerFrames(method: string, raiseLine: number): Frame[] {
  return [
    at('oslo_messaging/rpc/server.py', 174, '_process_incoming', 'res = self.dispatcher.dispatch(message)'),
    at('oslo_messaging/rpc/dispatcher.py', 309, 'dispatch', 'return self._do_dispatch(endpoint, method, ctxt, args)'),
    at('oslo_messaging/rpc/dispatcher.py', 229, '_do_dispatch', 'result = func(ctxt, **new_args)'),
    at('nova/exception_wrapper.py', 65, 'wrapped', 'with excutils.save_and_reraise_exception():'), ...reraise,
    at('nova/exception_wrapper.py', 63, 'wrapped', 'return f(self, context, *args, **kw)'),
    at('nova/compute/manager.py', 212, 'decorated_function', 'with excutils.save_and_reraise_exception():'), ...reraise,
    at('nova/compute/manager.py', 202, 'decorated_function', 'return function(self, context, *args, **kwargs)'),
    at('nova/compute/manager.py', raiseLine, method, 'raise exception.InstanceInvalidState('),
  ];
}

async function whenRunning<T>(d: BuildDeps, ctx: RequestContext, a: DiagnosticsArgs, method: string, raiseLine: number, read: (nics: GuestNic[]) => T): Promise<T> {
  const guest = d.driver.guests.get(a.uuid);
  if (guest?.powerState !== POWER_STATE.RUNNING) {
    const state = STATE_NAMES[a.power_state] ?? String(a.power_state);
    const message = `Instance ${a.uuid} in power state ${state}. Cannot get_diagnostics while the instance is in this state.`;
    await d.conductor.instanceFaultCreate(ctx, a.uuid, 400, message, '', d.host);
    throw new NovaError('nova.exception.InstanceInvalidState', message, tracebackOf({ frames: managerFrames(method, raiseLine) }, `nova.exception.InstanceInvalidState: ${message}`));
  }
  d.log.child('nova.compute.manager').info(ctx, a.uuid, 'Retrieving diagnostics');
  const nics = (await d.network.instancePorts(ctx, a.uuid)).map((p) => ({ mac: p.mac_address, dev: `tap${p.id.slice(0, 11)}` }));
  return read(nics);
}

export function getDiagnostics(d: BuildDeps, ctx: RequestContext, a: DiagnosticsArgs): Promise<Record<string, number>> {
  return whenRunning(d, ctx, a, 'get_diagnostics', 7445, (nics) => diagnosticsBlob(d.driver.guests.get(a.uuid)!, nics));
}

/** The stack has no config drive (and force_config_drive is off), so configdrive.required_by is false. */
export function getInstanceDiagnostics(d: BuildDeps, ctx: RequestContext, a: DiagnosticsArgs) {
  return whenRunning(d, ctx, a, 'get_instance_diagnostics', 7461, (nics) => instanceDiagnostics(d.driver.guests.get(a.uuid)!, nics, a.launched_at, false));
}
