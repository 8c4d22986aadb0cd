// The NotImplementedError a power-update event ends in on a libvirt compute, with the frames
// Python prints for it: oslo.messaging's dispatch, wrap_exception around external_instance_event
// and power_update, reverts_task_state, wrap_instance_event, wrap_instance_fault, the
// synchronized do_power_update and ComputeDriver.power_update_event's raise.

import { NovaError } from '../nova-errors.js';
import { NOVA } from '../traceback-frames.js';

const PY = '/usr/lib/python3/dist-packages';
const frame = (file: string, line: number, func: string, code: string) => [`  File "${file}", line ${line}, in ${func}`, `    ${code}`];
const RERAISE = [...frame(`${PY}/oslo_utils/excutils.py`, 260, '__exit__', 'self.force_reraise()'), ...frame(`${PY}/oslo_utils/excutils.py`, 226, 'force_reraise', 'raise self.value')];
const WRAP_EXCEPTION = [
  ...frame(`${NOVA}/exception_wrapper.py`, 65, 'wrapped', 'with excutils.save_and_reraise_exception():'), ...RERAISE,
  ...frame(`${NOVA}/exception_wrapper.py`, 63, 'wrapped', 'return f(self, context, *args, **kw)'),
];
const CALL = 'return function(self, context, *args, **kwargs)';

const FRAMES = [
  ...frame(`${PY}/oslo_messaging/rpc/server.py`, 174, '_process_incoming', 'res = self.dispatcher.dispatch(message)'),
  ...frame(`${PY}/oslo_messaging/rpc/dispatcher.py`, 309, 'dispatch', 'return self._do_dispatch(endpoint, method, ctxt, args)'),
  ...frame(`${PY}/oslo_messaging/rpc/dispatcher.py`, 229, '_do_dispatch', 'result = func(ctxt, **new_args)'),
  ...WRAP_EXCEPTION,
  ...frame(`${NOVA}/compute/manager.py`, 12001, 'external_instance_event', 'self.power_update(context, instance, event.tag)'),
  ...WRAP_EXCEPTION,
  ...frame(`${NOVA}/compute/manager.py`, 165, 'decorated_function', 'with excutils.save_and_reraise_exception():'), ...RERAISE,
  ...frame(`${NOVA}/compute/manager.py`, 156, 'decorated_function', CALL),
  ...frame(`${NOVA}/compute/utils.py`, 1483, 'decorated_function', CALL),
  ...frame(`${NOVA}/compute/manager.py`, 212, 'decorated_function', 'with excutils.save_and_reraise_exception():'), ...RERAISE,
  ...frame(`${NOVA}/compute/manager.py`, 202, 'decorated_function', CALL),
  ...frame(`${NOVA}/compute/manager.py`, 11963, 'power_update', 'do_power_update()'),
  ...frame(`${PY}/oslo_concurrency/lockutils.py`, 533, 'inner', 'return f(*args, **kwargs)'),
  ...frame(`${NOVA}/compute/manager.py`, 11950, 'do_power_update', 'self.driver.power_update_event(instance, target_power_state)'),
  ...frame(`${NOVA}/virt/driver.py`, 1162, 'power_update_event', 'raise NotImplementedError()'),
];

/** NotImplementedError() has no message: Python's last line is the class alone. */
export function driverNotImplemented(): NovaError {
  return new NovaError('NotImplementedError', '', ['Traceback (most recent call last):', ...FRAMES, 'NotImplementedError']);
}
