// Compute version documents: GET /compute/ lists v2.0 then v2.1; /compute/v2 and /compute/v2.1
// answer with the single-version document (version and min_version are what `nova` reads).

import type { ApiDeps } from '../api-deps.js';
import { ok } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { MAX_VERSION, MIN_VERSION } from './microversion.js';

function v20(baseUrl: string) {
  return { id: 'v2.0', status: 'SUPPORTED', version: '', min_version: '', updated: '2011-01-21T11:33:21Z', links: [{ rel: 'self', href: `${baseUrl}/compute/v2/` }] };
}

function v21(baseUrl: string) {
  return { id: 'v2.1', status: 'CURRENT', version: MAX_VERSION, min_version: MIN_VERSION, updated: '2013-07-23T11:33:21Z', links: [{ rel: 'self', href: `${baseUrl}/compute/v2.1/` }] };
}

function single(doc: ReturnType<typeof v21>) {
  return {
    version: {
      ...doc,
      links: [...doc.links, { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' }],
      'media-types': [{ base: 'application/json', type: `application/vnd.openstack.compute+json;version=${doc.id.slice(1)}` }],
    },
  };
}

export function versionRoutes(deps: ApiDeps): Route[] {
  const base = deps.baseUrl;
  return [
    { method: 'GET', pattern: '/', handler: () => ok({ versions: [v20(base), v21(base)] }) },
    { method: 'GET', pattern: '/v2', handler: () => ok(single(v20(base))) },
    { method: 'GET', pattern: '/v2.1', handler: () => ok(single(v21(base))) },
  ];
}
