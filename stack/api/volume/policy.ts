// Cinder's default policy (cinder/policies/volumes.py, attachments.py, volume_type.py, quotas.py, limits.py) for the routes
// cinder-lite serves: project readers read and members write their own project's volumes and
// attachments (nova attaches with the user's token), admins anything; another project's volume
// is not found (404) in the handlers, as cinder filters by project.

import { ApiError } from '../http/api-error.js';
import type { PolicyTable } from '../http/service-app.js';

export const VOLUME_POLICY: PolicyTable = {
  'GET /': { action: 'versions', rule: 'public' },
  'GET /v3': { action: 'versions', rule: 'public' },
  'POST /v3/volumes': { action: 'volume:create', rule: 'project_member_or_admin' },
  'GET /v3/volumes': { action: 'volume:get_all', rule: 'project_reader_or_admin' },
  'GET /v3/volumes/detail': { action: 'volume:get_all', rule: 'project_reader_or_admin' },
  'GET /v3/volumes/{id}': { action: 'volume:get', rule: 'project_reader_or_admin' },
  'DELETE /v3/volumes/{id}': { action: 'volume:delete', rule: 'project_member_or_admin' },
  // os-begin_detaching and os-roll_detaching have one rule each, both admin_or_owner for a member.
  'POST /v3/volumes/{id}/action': { action: 'volume_extension:volume_actions:begin_detaching', rule: 'project_member_or_admin' },
  'POST /v3/attachments': { action: 'volume:attachment_create', rule: 'project_member_or_admin' },
  'GET /v3/attachments': { action: 'volume:attachment_get_all', rule: 'project_reader_or_admin' },
  'GET /v3/attachments/{id}': { action: 'volume:attachment_get', rule: 'project_reader_or_admin' },
  'PUT /v3/attachments/{id}': { action: 'volume:attachment_update', rule: 'project_member_or_admin' },
  'POST /v3/attachments/{id}/action': { action: 'volume:attachment_complete', rule: 'project_member_or_admin' },
  'DELETE /v3/attachments/{id}': { action: 'volume:attachment_delete', rule: 'project_member_or_admin' },
  'GET /v3/types': { action: 'volume_extension:type_get_all', rule: 'any' },
  'GET /v3/types/{id}': { action: 'volume_extension:type_get', rule: 'any' },
  'POST /v3/types': { action: 'volume_extension:types_manage:create', rule: 'admin' },
  'DELETE /v3/types/{id}': { action: 'volume_extension:types_manage:delete', rule: 'admin' },
  'GET /v3/os-quota-sets/{project_id}': { action: 'volume_extension:quotas:show', rule: 'project_reader_or_admin', targetParam: 'project_id' },
  'GET /v3/os-quota-sets/{project_id}/defaults': { action: 'volume_extension:quotas:show', rule: 'project_reader_or_admin', targetParam: 'project_id' },
  // Limits have no policy of their own; the used limits are checked in the handler (limits_extension:used_limits).
  'GET /v3/limits': { action: 'limits', rule: 'any' },
};

/** cinder.exception.PolicyNotAuthorized, as its API renders it. */
export const cinderPolicyDenied = (action: string) => new ApiError(403, `Policy doesn't allow ${action} to be performed.`, 'forbidden');
