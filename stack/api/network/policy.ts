// Neutron's default policy (neutron/conf/policies/*.py) for the routes neutron-lite serves:
// project readers read and members write their own project's networks and ports, the
// `service` role (nova's user) may do what nova does for instances, and binding a port to a
// host (binding:host_id) is for admin or service only. Another project's objects are not
// found (404) in the handlers, as neutron filters them out.

import { allows, type PolicyEntry, type Target } from '../../common/policy.js';
import type { RequestContext } from '../../common/request-context.js';
import { ApiError } from '../http/api-error.js';
import type { PolicyTable } from '../http/service-app.js';

export const NETWORK_POLICY: PolicyTable = {
  'GET /': { action: 'versions', rule: 'public' },
  // Extensions need a token and no rule.
  'GET /v2.0/extensions': { action: 'get_extension', rule: 'any' },
  'GET /v2.0/networks': { action: 'get_network', rule: 'project_reader_or_admin_or_service' },
  'GET /v2.0/networks/{id}': { action: 'get_network', rule: 'project_reader_or_admin_or_service' },
  'GET /v2.0/subnets': { action: 'get_subnet', rule: 'project_reader_or_admin_or_service' },
  'GET /v2.0/subnets/{id}': { action: 'get_subnet', rule: 'project_reader_or_admin_or_service' },
  'GET /v2.0/quotas/{project_id}': { action: 'get_quota', rule: 'project_reader_or_admin', targetParam: 'project_id' },
  'POST /v2.0/ports': { action: 'create_port', rule: 'project_member_or_admin_or_service' },
  'GET /v2.0/ports': { action: 'get_port', rule: 'project_reader_or_admin_or_service' },
  'GET /v2.0/ports/{id}': { action: 'get_port', rule: 'project_reader_or_admin_or_service' },
  'PUT /v2.0/ports/{id}': { action: 'update_port', rule: 'project_member_or_admin_or_service' },
  'DELETE /v2.0/ports/{id}': { action: 'delete_port', rule: 'project_member_or_admin_or_service' },
  'GET /v2.0/security-groups': { action: 'get_security_group', rule: 'project_reader_or_admin_or_service' },
  'GET /v2.0/security-groups/{id}': { action: 'get_security_group', rule: 'project_reader_or_admin_or_service' },
  'POST /v2.0/security-groups': { action: 'create_security_group', rule: 'project_member_or_admin' },
  'PUT /v2.0/security-groups/{id}': { action: 'update_security_group', rule: 'project_member_or_admin' },
  'DELETE /v2.0/security-groups/{id}': { action: 'delete_security_group', rule: 'project_member_or_admin' },
  // A rule is also the group owner's (ADMIN_OR_SG_OWNER_*): the handlers answer 404 for a rule the caller cannot see.
  'GET /v2.0/security-group-rules': { action: 'get_security_group_rule', rule: 'project_reader_or_admin' },
  'GET /v2.0/security-group-rules/{id}': { action: 'get_security_group_rule', rule: 'project_reader_or_admin' },
  'POST /v2.0/security-group-rules': { action: 'create_security_group_rule', rule: 'project_member_or_admin' },
  'DELETE /v2.0/security-group-rules/{id}': { action: 'delete_security_group_rule', rule: 'project_member_or_admin' },
};

/** Attribute rules checked when a request body sets the attribute. */
export const NETWORK_ATTRIBUTE_POLICY: Readonly<Record<string, PolicyEntry>> = {
  'create_port:binding:host_id': { action: 'create_port:binding:host_id', rule: 'admin_or_service' },
  'update_port:binding:host_id': { action: 'update_port:binding:host_id', rule: 'admin_or_service' },
};

/** Neutron's PolicyNotAuthorized, as its API renders it. */
export const neutronPolicyDenied = (action: string) => new ApiError(403, `rule:${action} is disallowed by policy`, 'PolicyNotAuthorized');

export function authorizeAttribute(ctx: RequestContext, key: string, target: Target = {}): void {
  const entry = NETWORK_ATTRIBUTE_POLICY[key];
  if (entry && !allows(entry.rule, ctx, target)) throw neutronPolicyDenied(entry.action);
}
