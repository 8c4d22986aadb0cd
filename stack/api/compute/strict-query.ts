// 2.75's "400 error response for an unknown parameter in the querystring": from 2.75 the query
// schemas of these APIs have additionalProperties False (the parameters were ignored before),
// and jsonschema names the unexpected ones in sorted order.

import { badRequest } from '../http/api-error.js';
import type { ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { isSupported } from './microversion.js';

export function refuseUnknownQuery(req: ApiRequest, known: readonly string[], pattern?: RegExp): void {
  const extra = [...new Set(req.query.keys())].filter((k) => !known.includes(k) && !pattern?.test(k)).sort();
  if (extra.length) throw badRequest(`Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
}

/** The handler, behind the query schema of 2.75 that knows only `known`. */
export function strictFrom275(known: readonly string[], handler: Route['handler']): Route['handler'] {
  return (req) => {
    if (isSupported(req, '2.75')) refuseUnknownQuery(req, known);
    return handler(req);
  };
}
