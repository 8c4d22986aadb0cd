// keystone-lite, mounted at the root of the api port: version discovery, tokens, and the
// identity admin API (users, projects, roles, grants, role assignments, the Default domain).
// Errors use keystone's `{"error": {code, title, message}}`; keystone.log gets the request
// lines of keystone's req_logging and the "Authorization failed" warning on every 401.

import type { ApiDeps } from '../api-deps.js';
import { badRequest, type ApiError } from '../http/api-error.js';
import { json, type ApiReply } from '../http/reply.js';
import { header, type ApiRequest } from '../http/request.js';
import { Router, type Route } from '../http/router.js';
import type { ServiceApp } from '../http/service-app.js';
import { tracebackLines } from '../http/traceback.js';
import { createProject, deleteProject, listProjects, showProject, updateProject } from './projects.js';
import { checkGrant, createGrant, createRole, deleteRole, listGrants, listRoleAssignments, listRoles, revokeGrant, showRole } from './roles.js';
import { createUser, deleteUser, listUserProjects, listUsers, showUser, updateUser } from './users.js';
import { listDomains, showDomain } from './domains.js';
import { checkToken, issueToken, revokeToken, validateToken } from './tokens.js';
import { IDENTITY_POLICY, keystonePolicyDenied, tokenTarget } from './policy.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 500: 'Internal Server Error',
};

const REQ_LOGGING = '/usr/lib/python3/dist-packages/keystone/server/flask/request_processing/req_logging.py';

export function identityVersion(baseUrl: string) {
  return {
    id: 'v3.14', status: 'stable', updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${baseUrl}/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  };
}

export function identityApp(deps: ApiDeps): ServiceApp {
  const log = deps.logs.keystone;
  const reqLog = log.child('keystone.server.flask.request_processing.req_logging');
  const appLog = log.child('keystone.server.flask.application');
  const routes: Route[] = [
    { method: 'GET', pattern: '/', handler: () => json(300, { versions: { values: [identityVersion(deps.baseUrl)] } }) },
    { method: 'GET', pattern: '/v3', handler: () => json(200, { version: identityVersion(deps.baseUrl) }) },
    { method: 'POST', pattern: '/v3/auth/tokens', handler: issueToken(deps) },
    { method: 'GET', pattern: '/v3/auth/tokens', handler: validateToken(deps) },
    { method: 'HEAD', pattern: '/v3/auth/tokens', handler: checkToken(deps) },
    { method: 'DELETE', pattern: '/v3/auth/tokens', handler: revokeToken(deps) },
    { method: 'GET', pattern: '/v3/projects', handler: listProjects(deps) },
    { method: 'GET', pattern: '/v3/projects/{id}', handler: showProject(deps) },
    { method: 'POST', pattern: '/v3/projects', handler: createProject(deps) },
    { method: 'PATCH', pattern: '/v3/projects/{id}', handler: updateProject(deps) },
    { method: 'DELETE', pattern: '/v3/projects/{id}', handler: deleteProject(deps) },
    { method: 'GET', pattern: '/v3/users', handler: listUsers(deps) },
    { method: 'POST', pattern: '/v3/users', handler: createUser(deps) },
    { method: 'GET', pattern: '/v3/users/{user_id}', handler: showUser(deps) },
    { method: 'PATCH', pattern: '/v3/users/{user_id}', handler: updateUser(deps) },
    { method: 'DELETE', pattern: '/v3/users/{user_id}', handler: deleteUser(deps) },
    { method: 'GET', pattern: '/v3/users/{user_id}/projects', handler: listUserProjects(deps) },
    { method: 'GET', pattern: '/v3/roles', handler: listRoles(deps) },
    { method: 'POST', pattern: '/v3/roles', handler: createRole(deps) },
    { method: 'GET', pattern: '/v3/roles/{role_id}', handler: showRole(deps) },
    { method: 'DELETE', pattern: '/v3/roles/{role_id}', handler: deleteRole(deps) },
    { method: 'GET', pattern: '/v3/projects/{project_id}/users/{user_id}/roles', handler: listGrants(deps) },
    { method: 'HEAD', pattern: '/v3/projects/{project_id}/users/{user_id}/roles/{role_id}', handler: checkGrant(deps) },
    { method: 'GET', pattern: '/v3/projects/{project_id}/users/{user_id}/roles/{role_id}', handler: checkGrant(deps) },
    { method: 'PUT', pattern: '/v3/projects/{project_id}/users/{user_id}/roles/{role_id}', handler: createGrant(deps) },
    { method: 'DELETE', pattern: '/v3/projects/{project_id}/users/{user_id}/roles/{role_id}', handler: revokeGrant(deps) },
    { method: 'GET', pattern: '/v3/role_assignments', handler: listRoleAssignments(deps) },
    { method: 'GET', pattern: '/v3/domains', handler: listDomains(deps) },
    { method: 'GET', pattern: '/v3/domains/{domain_id}', handler: showDomain(deps) },
  ];
  return {
    name: 'identity',
    // keystone's json_body_before_request: a body must be JSON (flask's is_json) or carry no Content-Type.
    beforeHandler(req: ApiRequest) {
      if (req.rawBody === '') return;
      const type = (header(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (type === '' || type === 'application/json' || type.endsWith('+json')) return;
      throw badRequest('Expecting to find application/json in Content-Type header. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.');
    },
    prefix: '',
    router: new Router(routes),
    policy: IDENTITY_POLICY,
    policyDenied: (entry) => keystonePolicyDenied(entry.action),
    policyTarget: (req) => tokenTarget(deps.tokens, req),
    requestIdHeaders: (id) => ({ 'x-openstack-request-id': id }),
    logRequest(req: ApiRequest) {
      reqLog.debug(req.ctx, null, `REQUEST_METHOD: \`${req.method}\``, { func: 'log_request_info', file: REQ_LOGGING, line: 27 });
      reqLog.debug(req.ctx, null, 'SCRIPT_NAME: ``', { func: 'log_request_info', file: REQ_LOGGING, line: 28 });
      reqLog.debug(req.ctx, null, `PATH_INFO: \`${req.path}\``, { func: 'log_request_info', file: REQ_LOGGING, line: 29 });
    },
    renderError(err: ApiError, req: ApiRequest): ApiReply {
      if (err.status === 401) appLog.warning(req.ctx, null, `Authorization failed. ${err.message} from ${req.remoteAddr}`);
      const title = TITLES[err.status] ?? err.kind ?? 'Error';
      return json(err.status, { error: { code: err.status, title, message: err.message } });
    },
    renderUnexpected(err: Error, req: ApiRequest): ApiReply {
      appLog.exception(req.ctx, null, `${err.name}: ${err.message}`, tracebackLines(err));
      const message = 'An unexpected error prevented the server from fulfilling your request.';
      return json(500, { error: { code: 500, title: TITLES[500], message } });
    },
  };
}
