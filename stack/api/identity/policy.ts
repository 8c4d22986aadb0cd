// Keystone's default policy (keystone/common/policies/*.py) for the routes keystone-lite
// serves, as it applies to project-scoped tokens: anyone may ask for a token; a token may be
// checked and revoked by its own user or an admin, and validated also by services
// (keystonemiddleware does it for placement); a project may be read by its own members, a user
// by itself; everything else about users, projects, roles and grants is for admins.

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
  'POST /v3/projects': { action: 'identity:create_project', rule: 'admin' },
  'PATCH /v3/projects/{id}': { action: 'identity:update_project', rule: 'admin' },
  'DELETE /v3/projects/{id}': { action: 'identity:delete_project', rule: 'admin' },

  'GET /v3/users': { action: 'identity:list_users', rule: 'admin' },
  'POST /v3/users': { action: 'identity:create_user', rule: 'admin' },
  'GET /v3/users/{user_id}': { action: 'identity:get_user', rule: 'admin_or_own_user' },
  'PATCH /v3/users/{user_id}': { action: 'identity:update_user', rule: 'admin' },
  'DELETE /v3/users/{user_id}': { action: 'identity:delete_user', rule: 'admin' },
  'GET /v3/users/{user_id}/projects': { action: 'identity:list_user_projects', rule: 'admin_or_own_user' },

  'GET /v3/roles': { action: 'identity:list_roles', rule: 'admin' },
  'POST /v3/roles': { action: 'identity:create_role', rule: 'admin' },
  'GET /v3/roles/{role_id}': { action: 'identity:get_role', rule: 'admin' },
  'DELETE /v3/roles/{role_id}': { action: 'identity:delete_role', rule: 'admin' },
  'GET /v3/projects/{project_id}/users/{user_id}/roles': { action: 'identity:list_grants', rule: 'admin' },
  'HEAD /v3/projects/{project_id}/users/{user_id}/roles/{role_id}': { action: 'identity:check_grant', rule: 'admin' },
  'GET /v3/projects/{project_id}/users/{user_id}/roles/{role_id}': { action: 'identity:check_grant', rule: 'admin' },
  'PUT /v3/projects/{project_id}/users/{user_id}/roles/{role_id}': { action: 'identity:create_grant', rule: 'admin' },
  'DELETE /v3/projects/{project_id}/users/{user_id}/roles/{role_id}': { action: 'identity:revoke_grant', rule: 'admin' },
  'GET /v3/role_assignments': { action: 'identity:list_role_assignments', rule: 'admin' },

  'GET /v3/domains': { action: 'identity:list_domains', rule: 'admin' },
  /** `token.project.domain.id:%(target.domain.id)s`: every project is in the Default domain. */
  'GET /v3/domains/{domain_id}': { action: 'identity:get_domain', rule: 'any' },
};

/** keystone.exception.ForbiddenAction. */
export const keystonePolicyDenied = (action: string) =>
  new ApiError(403, `You are not authorized to perform the requested action: ${action}.`, 'Forbidden');

/**
 * `%(target.token.user_id)s`: the user of the X-Subject-Token, when it is a valid token;
 * `%(target.user.id)s`: the user a /v3/users/{user_id} route is about.
 */
export function tokenTarget(tokens: TokenStore, req: ApiRequest): { tokenUserId: string | null; userId: string | null } {
  return { tokenUserId: tokens.validate(header(req, 'x-subject-token'))?.userId ?? null, userId: req.params.user_id ?? null };
}
