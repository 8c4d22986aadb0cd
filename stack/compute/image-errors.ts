// How Nova reports a refused image download: glance.py translates glanceclient's HTTPUnauthorized
// (or HTTPForbidden) into ImageNotAuthorized, re-raised inside the handler, so the traceback
// shows glanceclient's exception and then, "during handling", Nova's.

import { NovaError } from './nova-errors.js';

const NOVA = '/usr/lib/python3/dist-packages/nova';
const GLANCECLIENT = '/usr/lib/python3/dist-packages/glanceclient';

const frame = (file: string, line: number, func: string, code: string) => [`  File "${file}", line ${line}, in ${func}`, `    ${code}`];

export function imageNotAuthorized(imageId: string): NovaError {
  const glance = 'glanceclient.exc.HTTPUnauthorized: HTTP 401 Unauthorized: The request you have made requires authentication.';
  const message = `Not authorized for image ${imageId}.`;
  const tb = [
    'Traceback (most recent call last):',
    ...frame(`${NOVA}/image/glance.py`, 375, 'download', 'image_chunks = self._client.call('),
    ...frame(`${NOVA}/image/glance.py`, 191, 'call', 'result = getattr(controller, method)(*args, **kwargs)'),
    ...frame(`${GLANCECLIENT}/common/utils.py`, 670, 'inner', 'return RequestIdProxy(wrapped(*args, **kwargs))'),
    ...frame(`${GLANCECLIENT}/v2/images.py`, 280, 'data', 'resp, body = self.http_client.get(url)'),
    ...frame(`${GLANCECLIENT}/common/http.py`, 395, 'get', "return self.request(url, 'GET', **kwargs)"),
    ...frame(`${GLANCECLIENT}/common/http.py`, 380, 'request', 'return self._handle_response(resp)'),
    ...frame(`${GLANCECLIENT}/common/http.py`, 120, '_handle_response', 'raise exc.from_response(resp, resp.content)'),
    glance,
    '',
    'During handling of the above exception, another exception occurred:',
    '',
    'Traceback (most recent call last):',
    ...frame(`${NOVA}/compute/manager.py`, 2503, '_build_and_run_instance', 'self.driver.spawn(context, instance, image_meta,'),
    ...frame(`${NOVA}/virt/libvirt/driver.py`, 4376, 'spawn', 'created_instance_dir, created_disks = self._create_image('),
    ...frame(`${NOVA}/virt/libvirt/driver.py`, 4742, '_create_image', 'created_disks = self._create_and_inject_local_root('),
    ...frame(`${NOVA}/virt/libvirt/imagebackend.py`, 273, 'cache', 'self.create_image(fetch_func_sync, base, size,'),
    ...frame(`${NOVA}/virt/images.py`, 156, 'fetch_to_raw', 'fetch(context, image_href, path_tmp)'),
    ...frame(`${NOVA}/image/glance.py`, 378, 'download', '_reraise_translated_image_exception(image_id)'),
    ...frame(`${NOVA}/image/glance.py`, 983, '_reraise_translated_image_exception', 'raise new_exc.with_traceback(exc_trace)'),
    ...frame(`${NOVA}/image/glance.py`, 375, 'download', 'image_chunks = self._client.call('),
    `nova.exception.ImageNotAuthorized: ${message}`,
  ];
  return new NovaError('nova.exception.ImageNotAuthorized', message, tb);
}
