// /v3/domains: the one domain keystone-lite has, `Default` (id `default`), for clients that
// resolve --domain / --user-domain / --project-domain names.

import type { ApiDeps } from '../api-deps.js';
import { ok, type ApiReply } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import { collection, DEFAULT_DOMAIN_ID, notFound } from './identity-views.js';

const view = (baseUrl: string) => ({
  id: DEFAULT_DOMAIN_ID, name: 'Default', description: 'The default domain', enabled: true, tags: [], options: {},
  links: { self: `${baseUrl}/v3/domains/${DEFAULT_DOMAIN_ID}` },
});

export function listDomains(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const name = req.query.get('name');
    const rows = name === null || name === 'Default' ? [view(deps.baseUrl)] : [];
    return ok(collection(deps.baseUrl, 'domains', 'domains', rows));
  };
}

export function showDomain(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    if (req.params.domain_id !== DEFAULT_DOMAIN_ID) throw notFound('domain', req.params.domain_id);
    return ok({ domain: view(deps.baseUrl) });
  };
}
