// How Nova reports a refused image download: glance.py translates glanceclient's HTTPUnauthorized
// (or HTTPForbidden) into ImageNotAuthorized, re-raised inside the handler, so the traceback
// shows glanceclient's exception and then, "during handling", Nova's.

import { NovaError } from './nova-errors.js';
import { TRACEBACK_FRAMES, tracebackOf } from './traceback-frames.js';

export function imageNotAuthorized(imageId: string): NovaError {
  const glance = 'glanceclient.exc.HTTPUnauthorized: HTTP 401 Unauthorized: The request you have made requires authentication.';
  const message = `Not authorized for image ${imageId}.`;
  const tb = tracebackOf(TRACEBACK_FRAMES.imageNotAuthorized, `nova.exception.ImageNotAuthorized: ${message}`, glance);
  return new NovaError('nova.exception.ImageNotAuthorized', message, tb);
}
