// nova.volume.cinder's side of a refused cinder call during a volume attach: the ERROR line it
// logs for each failed attachment call (and the retries of attachment_update on a 500 or 504),
// the exception Nova raises for it (a 404 is VolumeNotFound or VolumeAttachmentNotFound, a
// 400 InvalidInput, anything else cinderclient's ClientException as it prints itself), and the
// traceback _attach_volume logs with "Failed to attach …".

import { HttpError } from '../../common/http-json.js';
import type { RequestContext } from '../../common/request-context.js';
import type { BuildDeps } from '../build-instance.js';
import { NovaError } from '../nova-errors.js';
import { frameLines, NOVA, type Frame } from '../traceback-frames.js';

export type CinderStep = 'get' | 'update' | 'complete';

const PY = '/usr/lib/python3/dist-packages';
const frame = (file: string, line: number, func: string, code: string): Frame => ({ file: file.startsWith('/') ? file : `${NOVA}/${file}`, line, func, code });

/** The fault message of cinder's answer (`{"badRequest": {"message": …}}`), or the raw body. */
function faultMessage(body: unknown): string {
  if (body && typeof body === 'object') {
    const fault = Object.values(body as Record<string, unknown>)[0];
    if (fault && typeof fault === 'object' && typeof (fault as { message?: unknown }).message === 'string') return (fault as { message: string }).message;
  }
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/** What Nova raises for a cinder answer of `status` on `step`. */
function novaException(step: CinderStep, e: HttpError, id: string): NovaError {
  const client = `${faultMessage(e.body)} (HTTP ${e.status})`;
  if (e.status === 404) {
    return step === 'get'
      ? new NovaError('nova.exception.VolumeNotFound', `Volume ${id} could not be found.`, [])
      : new NovaError('nova.exception.VolumeAttachmentNotFound', `Volume attachment ${id} could not be found.`, []);
  }
  if (e.status === 400) return new NovaError('nova.exception.InvalidInput', `Invalid input received: ${client}`, []);
  return new NovaError('cinderclient.exceptions.ClientException', client, []);
}

const LOGGED: Record<Exclude<CinderStep, 'get'>, string> = { update: 'Update attachment failed for attachment', complete: 'Complete attachment failed for attachment' };

/**
 * One call of the attach through nova.volume.cinder.API: attachment_update is retried up to 5
 * times on a 500 or 504 (retrying.retry), each failure logged before it is raised again.
 */
export async function cinderCall<T>(d: BuildDeps, ctx: RequestContext, uuid: string, step: CinderStep, call: () => Promise<T>, id = ''): Promise<T> {
  const log = d.log.child('nova.volume.cinder');
  const attempts = step === 'update' ? 5 : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      const err = Object.assign(novaException(step, e, id), { cinderStep: step });
      if (step !== 'get') log.error(ctx, null, `${LOGGED[step]} ${id}. Error: ${faultMessage(e.body)} (HTTP ${e.status}) Code: ${e.status}`);
      if (attempt < attempts && (e.status === 500 || e.status === 504)) continue;
      throw err;
    }
  }
}

/** The frames below DriverVolumeBlockDevice.attach down to the cinder call of each step. */
const STEP_FRAMES: Record<CinderStep, Frame[]> = {
  get: [
    frame('virt/block_device.py', 762, 'attach', 'volume = self._get_volume(context, volume_api, self.volume_id)'),
    frame('virt/block_device.py', 441, '_get_volume', 'return volume_api.get(context, volume_id, microversion=mv)'),
    frame('volume/cinder.py', 413, 'wrapper', 'res = method(self, ctx, volume_id, *args, **kwargs)'),
    frame('volume/cinder.py', 483, 'get', 'item = cinderclient('),
  ],
  update: [
    frame('virt/block_device.py', 769, 'attach', 'self._do_attach(context, instance, volume, volume_api,'),
    frame('virt/block_device.py', 753, '_do_attach', 'self._volume_attach(context, volume, connector, instance,'),
    frame('virt/block_device.py', 668, '_volume_attach', 'connection_info = volume_api.attachment_update('),
    frame('volume/cinder.py', 376, 'wrapper', 'res = method(self, ctx, *args, **kwargs)'),
    frame(`${PY}/retrying.py`, 56, 'wrapped_f', 'return Retrying(*dargs, **dkw).call(f, *args, **kw)'),
    frame(`${PY}/retrying.py`, 257, 'call', 'return attempt.get(self._wrap_exception)'),
    frame('volume/cinder.py', 892, 'attachment_update', "context, '3.44', skip_version_check=True).attachments.update("),
  ],
  complete: [
    frame('virt/block_device.py', 769, 'attach', 'self._do_attach(context, instance, volume, volume_api,'),
    frame('virt/block_device.py', 753, '_do_attach', 'self._volume_attach(context, volume, connector, instance,'),
    frame('virt/block_device.py', 720, '_volume_attach', 'volume_api.attachment_complete(context, attachment_id)'),
    frame('volume/cinder.py', 376, 'wrapper', 'res = method(self, ctx, *args, **kwargs)'),
    frame('volume/cinder.py', 940, 'attachment_complete', "context, '3.44', skip_version_check=True).attachments.complete("),
  ],
};

/** _attach_volume's traceback: from bdm.attach down to the cinder call that failed (the driver's attach otherwise). */
export function attachFailedTraceback(e: Error): string[] {
  const step = (e as { cinderStep?: CinderStep }).cinderStep;
  const frames: Frame[] = [
    frame('compute/manager.py', 8211, '_attach_volume', 'bdm.attach(context, instance, self.volume_api, self.driver,'),
    frame('virt/block_device.py', 46, 'wrapped', 'ret_val = method(obj, context, *args, **kwargs)'),
    ...(step ? STEP_FRAMES[step] : [
      frame('virt/block_device.py', 769, 'attach', 'self._do_attach(context, instance, volume, volume_api,'),
      frame('virt/block_device.py', 753, '_do_attach', 'self._volume_attach(context, volume, connector, instance,'),
      frame('virt/block_device.py', 692, '_volume_attach', 'virt_driver.attach_volume('),
    ]),
  ];
  const excClass = e instanceof NovaError ? e.excClass : e.name;
  return ['Traceback (most recent call last):', ...frames.flatMap(frameLines), `${excClass}: ${e.message}`];
}
