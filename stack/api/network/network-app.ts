// neutron-lite under /network: networks, subnets, quotas, the port API, security groups and their rules, with NeutronError
// bodies and neutron.wsgi access lines in neutron-server.log.

import type { ApiDeps } from '../api-deps.js';
import { ACCESS_FORMATS, accessLogger } from '../http/access-log.js';
import type { ApiError } from '../http/api-error.js';
import { authTokenRejection, json, ok, type ApiReply } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import { Router, type Route } from '../http/router.js';
import type { ServiceApp } from '../http/service-app.js';
import { tracebackLines } from '../http/traceback.js';
import { listNetworks, listSubnets, showNetwork, showQuota, showSubnet } from './networks.js';
import { createPort, deletePort, listPorts, showPort, updatePort } from './ports.js';
import type { VifNotifier } from './vif-notifier.js';
import { securityGroupRoutes } from './security-groups.js';
import { securityGroupRuleRoutes } from './security-group-rules.js';
import { NETWORK_POLICY, neutronPolicyDenied } from './policy.js';

const PREFIX = '/network';
/** The API extensions neutron-lite serves, as neutron lists them. */
const SECURITY_GROUP_EXTENSION = { name: 'security-group', alias: 'security-group', description: 'The security groups extension.', updated: '2012-10-05T10:00:00-00:00', links: [] };
const GENERIC_TYPES: Record<number, string> = { 400: 'HTTPBadRequest', 403: 'HTTPForbidden', 404: 'HTTPNotFound', 405: 'HTTPMethodNotAllowed', 409: 'HTTPConflict' };

export function networkApp(deps: ApiDeps, notifier: VifNotifier): ServiceApp {
  const log = deps.logs.neutron;
  const versions = () => ok({ versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: `${deps.baseUrl}${PREFIX}/v2.0/` }] }] });
  const sg = securityGroupRoutes(deps);
  const rules = securityGroupRuleRoutes(deps);
  const routes: Route[] = [
    { method: 'GET', pattern: '/', handler: versions },
    { method: 'GET', pattern: '/v2.0/extensions', handler: () => ok({ extensions: [SECURITY_GROUP_EXTENSION] }) },
    { method: 'GET', pattern: '/v2.0/networks', handler: listNetworks(deps) },
    { method: 'GET', pattern: '/v2.0/networks/{id}', handler: showNetwork(deps) },
    { method: 'GET', pattern: '/v2.0/subnets', handler: listSubnets(deps) },
    { method: 'GET', pattern: '/v2.0/subnets/{id}', handler: showSubnet(deps) },
    { method: 'GET', pattern: '/v2.0/quotas/{project_id}', handler: showQuota() },
    { method: 'POST', pattern: '/v2.0/ports', handler: createPort(deps, notifier) },
    { method: 'GET', pattern: '/v2.0/ports', handler: listPorts(deps) },
    { method: 'GET', pattern: '/v2.0/ports/{id}', handler: showPort(deps) },
    { method: 'PUT', pattern: '/v2.0/ports/{id}', handler: updatePort(deps, notifier) },
    { method: 'DELETE', pattern: '/v2.0/ports/{id}', handler: deletePort(deps) },
    { method: 'GET', pattern: '/v2.0/security-groups', handler: sg.list },
    { method: 'POST', pattern: '/v2.0/security-groups', handler: sg.create },
    { method: 'GET', pattern: '/v2.0/security-groups/{id}', handler: sg.show },
    { method: 'PUT', pattern: '/v2.0/security-groups/{id}', handler: sg.update },
    { method: 'DELETE', pattern: '/v2.0/security-groups/{id}', handler: sg.remove },
    { method: 'GET', pattern: '/v2.0/security-group-rules', handler: rules.list },
    { method: 'POST', pattern: '/v2.0/security-group-rules', handler: rules.create },
    { method: 'GET', pattern: '/v2.0/security-group-rules/{id}', handler: rules.show },
    { method: 'DELETE', pattern: '/v2.0/security-group-rules/{id}', handler: rules.remove },
  ];
  return {
    name: 'network',
    prefix: PREFIX,
    router: new Router(routes),
    policy: NETWORK_POLICY,
    policyDenied: (entry) => neutronPolicyDenied(entry.action),
    requestIdHeaders: (id) => ({ 'x-openstack-request-id': id }),
    renderError(err: ApiError): ApiReply {
      if (err.status === 401) return authTokenRejection(err.message);
      return json(err.status, { NeutronError: { type: err.kind ?? GENERIC_TYPES[err.status] ?? 'HTTPError', message: err.message, detail: '' } });
    },
    renderUnexpected(err: Error, req: ApiRequest): ApiReply {
      log.child('neutron.api.v2.resource').exception(req.ctx, null, `${req.method} failed.`, tracebackLines(err));
      return json(500, { NeutronError: { type: 'HTTPInternalServerError', message: 'Request Failed: internal server error while processing your request.', detail: '' } });
    },
    logAccess: accessLogger(log.child('neutron.wsgi'), ACCESS_FORMATS.neutron, PREFIX),
  };
}
