// os-quota-class-sets: show and update a quota class (the `default` class is the cloud's
// defaults). Below 2.50 the answers leave the server group keys out (the update still takes
// them); from 2.50 the network keys are gone, from 2.57 also the personality keys, as Nova's
// QuotaClassSetsController does.

import type { ApiDeps } from '../api-deps.js';
import { badRequest } from '../http/api-error.js';
import { ok, type ApiReply } from '../http/reply.js';
import { bodyObject, integerField, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { pyRepr } from './actions/action-spec.js';
import { isSupported } from './microversion.js';
import { classQuotas, FILTERED_QUOTAS_V236, FILTERED_QUOTAS_V257, pick, QUOTA_RESOURCES, type QuotaResource } from './quota-store.js';

/** _get_filtered_quotas: the keys the version's schemas and answers no longer have. */
function filtered(req: ApiRequest): readonly QuotaResource[] {
  if (isSupported(req, '2.57')) return FILTERED_QUOTAS_V257;
  if (isSupported(req, '2.50')) return FILTERED_QUOTAS_V236;
  return [];
}

/** What the answers leave out: below 2.50 also the server group keys, which the 2.1 update still takes. */
function hidden(req: ApiRequest): readonly QuotaResource[] {
  return isSupported(req, '2.50') ? filtered(req) : ['server_groups', 'server_group_members'];
}

function update(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const id = req.params.id;
    if (id.length > 255) throw badRequest('quota_class_name has a maximum length of 255 characters.');
    const body = bodyObject(req, 'quota_class_set');
    const allowed = QUOTA_RESOURCES.filter((r) => !filtered(req).includes(r));
    const changes = Object.keys(body).map((key) => {
      if (!allowed.includes(key as QuotaResource)) throw badRequest(`Invalid input for field/attribute quota_class_set. Value: ${pyRepr(body)}. Additional properties are not allowed ('${key}' was unexpected)`);
      return [key, integerField(body, key, { min: -1, required: true })] as const;
    });
    for (const [key, limit] of changes) deps.db.prepare('INSERT OR REPLACE INTO quota_classes (class_name, resource, hard_limit) VALUES (?, ?, ?)').run(id, key, limit);
    return ok({ quota_class_set: pick(classQuotas(deps.db, id), hidden(req)) });
  };
}

export function quotaClassRoutes(deps: ApiDeps): Route[] {
  const calls = (m: string) => `quota_classes.QuotaClassSetsController.${m}`;
  return [
    { method: 'GET', pattern: '/v2.1/os-quota-class-sets/{id}', calls: calls('show'),
      handler: (req) => ok({ quota_class_set: { id: req.params.id, ...pick(classQuotas(deps.db, req.params.id), hidden(req)) } }) },
    { method: 'PUT', pattern: '/v2.1/os-quota-class-sets/{id}', calls: calls('update'), handler: update(deps) },
  ];
}
