// Keystone's default policy (keystone/common/policies/{token,project}.py) for the routes
// keystone-lite serves: anyone may ask for a token; a token may be checked and revoked by its
// own user or an admin, and validated also by services (keystonemiddleware does it for
// placement); a project may be read by its own members, projects listed by admins only.

import { ApiError } from '../http/api-error.js';
import { header, type ApiRequest } from '../http/request.js';
import type { PolicyTable } from '../http/service-app.js';
import type { TokenStore } from './token-store.js';

export const IDENTITY_POLICY: PolicyTable = {
  'GET /': { action: 'versions', rule: 'public' },
  'GET /v3': { action: 'versions', rule: 'public' },
  'POST /v3/auth/tokens': { action: 'identity:authenticate', rule: 'public' },
  'GET /v3/auth/tokens': { action: 'identity:validate_token', rule: 'admin_or_service_or_token_subject' },
  'HEAD /v3/auth/tokens': { action: 'identity:check_token', rule: 'admin_or_token_subject' },
  'DELETE /v3/auth/tokens': { action: 'identity:revoke_token', rule: 'admin_or_token_subject' },
  'GET /v3/projects': { action: 'identity:list_projects', rule: 'admin' },
  'GET /v3/projects/{id}': { action: 'identity:get_project', rule: 'admin_or_own_project', targetParam: 'id' },
};

/** keystone.exception.ForbiddenAction. */
export const keystonePolicyDenied = (action: string) =>
  new ApiError(403, `You are not authorized to perform the requested action: ${action}.`, 'Forbidden');

/** `%(target.token.user_id)s`: the user of the X-Subject-Token, when it is a valid token. */
export function tokenTarget(tokens: TokenStore, req: ApiRequest): { tokenUserId: string | null } {
  return { tokenUserId: tokens.validate(header(req, 'x-subject-token'))?.userId ?? null };
}
