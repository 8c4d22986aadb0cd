// A resize that the libvirt driver refuses before touching the guest: migrate_disk_and_power_off
// raises InstanceFaultRollback(ResizeError), and _error_out_instance_on_exception sets the server
// back to its vm_state (not ERROR), logs why at INFO and re-raises the ResizeError, which
// errors_out_migration_ctxt, resize_instance's _revert_allocation, wrap_instance_fault and
// oslo.messaging's "Exception during message handling" see in turn.

import type { VmState } from '../common/objects.js';
import type { RequestContext } from '../common/request-context.js';
import { remoteMkdirError } from '../faults/resize-failure.js';
import { RemoteError } from '../rpc/messaging-errors.js';
import type { MoveDeps } from './move-deps.js';
import { NOVA } from './traceback-frames.js';

const PY = '/usr/lib/python3/dist-packages';
const frame = (file: string, line: number, func: string, code: string) => [`File "${file}", line ${line}, in ${func}`, `  ${code}`];
const RERAISE = [...frame(`${PY}/oslo_utils/excutils.py`, 260, '__exit__', 'self.force_reraise()'), ...frame(`${PY}/oslo_utils/excutils.py`, 226, 'force_reraise', 'raise self.value')];

/** The frames oslo.messaging prints for the ResizeError, from the dispatcher down to _error_out_instance_on_exception's raise. */
const RESIZE_ERROR_FRAMES = [
  ...frame(`${PY}/oslo_messaging/rpc/server.py`, 174, '_process_incoming', 'res = self.dispatcher.dispatch(message)'),
  ...frame(`${PY}/oslo_messaging/rpc/dispatcher.py`, 309, 'dispatch', 'return self._do_dispatch(endpoint, method, ctxt, args)'),
  ...frame(`${PY}/oslo_messaging/rpc/dispatcher.py`, 229, '_do_dispatch', 'result = func(ctxt, **new_args)'),
  ...frame(`${NOVA}/compute/manager.py`, 202, 'decorated_function', 'return function(self, context, *args, **kwargs)'),
  ...frame(`${NOVA}/compute/manager.py`, 6712, 'resize_instance', 'with excutils.save_and_reraise_exception():'),
  ...RERAISE,
  ...frame(`${NOVA}/compute/manager.py`, 6709, 'resize_instance', 'self._resize_instance(context, instance, image, migration,'),
  ...frame(`${NOVA}/compute/manager.py`, 6723, '_resize_instance', 'with self._error_out_instance_on_exception('),
  ...frame('/usr/lib/python3.11/contextlib.py', 158, '__exit__', 'self.gen.throw(typ, value, traceback)'),
  ...frame(`${NOVA}/compute/manager.py`, 11719, '_error_out_instance_on_exception', 'raise error.inner_exception'),
];

/**
 * migrate_disk_and_power_off's first remote step: the instance directory made on the destination
 * over ssh (no shared instance path here). Returns the ResizeError to raise when ssh fails,
 * after the rollback of the server's state; null when the directory was made.
 */
export async function createRemoteInstanceDir(d: MoveDeps, ctx: RequestContext, uuid: string, dest: string, vmState: VmState): Promise<RemoteError | null> {
  const dir = `/var/lib/nova/instances/${uuid}`;
  d.log.child('nova.virt.libvirt.volume.remotefs').debug(ctx, null, `Creating directory ${dir} on remote host ${dest}`, { func: 'create_dir', file: 'virt/libvirt/volume/remotefs.py', line: 91 });
  const cmd = `ssh -o BatchMode=yes ${dest} mkdir -p ${dir}`;
  const proc = d.log.child('oslo_concurrency.processutils');
  proc.debug(ctx, null, `Running cmd (subprocess): ${cmd}`, { func: 'execute', file: '/usr/lib/python3/dist-packages/oslo_concurrency/processutils.py', line: 384 });
  const failed = remoteMkdirError(d.faults, dest, dir);
  proc.debug(ctx, null, `CMD "${cmd}" returned: ${failed ? 255 : 0} in 0.012s`, { func: 'execute', file: '/usr/lib/python3/dist-packages/oslo_concurrency/processutils.py', line: 422 });
  if (!failed) return null;
  proc.debug(ctx, null, `'${cmd}' failed. Not Retrying.`, { func: 'execute', file: '/usr/lib/python3/dist-packages/oslo_concurrency/processutils.py', line: 473 });
  const reason = `Resize error: not able to execute ssh command: ${failed}`;
  const [first, ...rest] = `Setting instance back to ${vmState} after: Instance rollback performed due to: ${reason}`.split('\n');
  const mgr = d.log.child('nova.compute.manager');
  mgr.info(ctx, uuid, first);
  mgr.continuation(rest);
  await d.conductor.instanceUpdate(ctx, uuid, { vm_state: vmState, task_state: null });
  return new RemoteError('nova.exception.ResizeError', reason, RESIZE_ERROR_FRAMES);
}
