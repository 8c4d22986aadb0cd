// Nova's default policy (nova/policies/*.py) for every route the stack's compute API serves:
// the rule name Nova reports in its 403 and the base rule that decides. Project-level rules are
// checked against the caller's own project; another project's server, group or action answers
// 404 in the handlers before any policy, as Nova looks the object up first. Server and
// aggregate actions are checked per action, in the tables below.

import { allows, type Credentials, type PolicyEntry } from '../../common/policy.js';
import { policyForbids } from '../http/api-error.js';
import type { PolicyTable } from '../http/service-app.js';

const SERVERS = 'os_compute_api:servers';

export const COMPUTE_POLICY: PolicyTable = {
  'GET /': { action: 'versions', rule: 'public' },
  'GET /v2': { action: 'versions', rule: 'public' },
  'GET /v2.1': { action: 'versions', rule: 'public' },

  'GET /v2.1/servers': { action: `${SERVERS}:index`, rule: 'project_reader_or_admin' },
  'GET /v2.1/servers/detail': { action: `${SERVERS}:detail`, rule: 'project_reader_or_admin' },
  'GET /v2.1/servers/{id}': { action: `${SERVERS}:show`, rule: 'project_reader_or_admin' },
  'POST /v2.1/servers': { action: `${SERVERS}:create`, rule: 'project_member_or_admin' },
  'PUT /v2.1/servers/{id}': { action: `${SERVERS}:update`, rule: 'project_member_or_admin' },
  'DELETE /v2.1/servers/{id}': { action: `${SERVERS}:delete`, rule: 'project_member_or_admin' },
  /** Each action has its own rule (SERVER_ACTION_POLICY), checked once the server is found. */
  'POST /v2.1/servers/{id}/action': { action: `${SERVERS}:action`, rule: 'any' },
  'GET /v2.1/os-migrations': { action: 'os_compute_api:os-migrations:index', rule: 'admin' },
  'GET /v2.1/servers/{id}/migrations': { action: 'os_compute_api:servers:migrations:index', rule: 'admin' },
  'GET /v2.1/servers/{id}/migrations/{migration_id}': { action: 'os_compute_api:servers:migrations:show', rule: 'admin' },
  'DELETE /v2.1/servers/{id}/migrations/{migration_id}': { action: 'os_compute_api:servers:migrations:delete', rule: 'admin' },
  'POST /v2.1/servers/{id}/migrations/{migration_id}/action': { action: 'os_compute_api:servers:migrations:force_complete', rule: 'admin' },
  'GET /v2.1/os-security-groups': { action: 'os_compute_api:os-security-groups:get', rule: 'project_reader_or_admin' },
  'GET /v2.1/os-security-groups/{id}': { action: 'os_compute_api:os-security-groups:show', rule: 'project_reader_or_admin' },
  'POST /v2.1/os-security-groups': { action: 'os_compute_api:os-security-groups:create', rule: 'project_member_or_admin' },
  'PUT /v2.1/os-security-groups/{id}': { action: 'os_compute_api:os-security-groups:update', rule: 'project_member_or_admin' },
  'DELETE /v2.1/os-security-groups/{id}': { action: 'os_compute_api:os-security-groups:delete', rule: 'project_member_or_admin' },
  'GET /v2.1/servers/{id}/os-security-groups': { action: 'os_compute_api:os-security-groups:list', rule: 'project_reader_or_admin' },
  'GET /v2.1/servers/{id}/diagnostics': { action: 'os_compute_api:os-server-diagnostics', rule: 'admin' },
  'GET /v2.1/servers/{id}/topology': { action: 'compute:server:topology:index', rule: 'project_reader_or_admin' },
  'POST /v2.1/os-security-group-rules': { action: 'os_compute_api:os-security-groups:rule:create', rule: 'project_member_or_admin' },
  'DELETE /v2.1/os-security-group-rules/{id}': { action: 'os_compute_api:os-security-groups:rule:delete', rule: 'project_member_or_admin' },
  'GET /v2.1/servers/{id}/os-interface': { action: 'os_compute_api:os-attach-interfaces:list', rule: 'project_reader_or_admin' },
  'GET /v2.1/servers/{id}/os-interface/{port_id}': { action: 'os_compute_api:os-attach-interfaces:show', rule: 'project_reader_or_admin' },
  'POST /v2.1/servers/{id}/os-interface': { action: 'os_compute_api:os-attach-interfaces:create', rule: 'project_member_or_admin' },
  'DELETE /v2.1/servers/{id}/os-interface/{port_id}': { action: 'os_compute_api:os-attach-interfaces:delete', rule: 'project_member_or_admin' },
  'GET /v2.1/servers/{id}/ips': { action: 'os_compute_api:ips:index', rule: 'project_reader_or_admin' },
  'GET /v2.1/servers/{id}/ips/{network}': { action: 'os_compute_api:ips:show', rule: 'project_reader_or_admin' },
  'GET /v2.1/servers/{id}/os-volume_attachments': { action: 'os_compute_api:os-volumes-attachments:index', rule: 'project_reader_or_admin' },
  'GET /v2.1/servers/{id}/os-volume_attachments/{volume_id}': { action: 'os_compute_api:os-volumes-attachments:show', rule: 'project_reader_or_admin' },
  'POST /v2.1/servers/{id}/os-volume_attachments': { action: 'os_compute_api:os-volumes-attachments:create', rule: 'project_member_or_admin' },
  // PUT below 2.85, or naming another volume, is a swap, whose own rule (the service role) the handler checks after finding the server, as Nova does.
  'PUT /v2.1/servers/{id}/os-volume_attachments/{volume_id}': { action: 'os_compute_api:os-volumes-attachments:update', rule: 'project_member_or_admin' },
  'DELETE /v2.1/servers/{id}/os-volume_attachments/{volume_id}': { action: 'os_compute_api:os-volumes-attachments:delete', rule: 'project_member_or_admin' },
  'GET /v2.1/servers/{id}/os-instance-actions': { action: 'os_compute_api:os-instance-actions:list', rule: 'project_reader_or_admin' },
  'GET /v2.1/servers/{id}/os-instance-actions/{request_id}': { action: 'os_compute_api:os-instance-actions:show', rule: 'project_reader_or_admin' },
  // The tags policy is checked against the server's project by the handlers (403 for another project's server).
  'GET /v2.1/servers/{id}/tags': { action: 'os_compute_api:os-server-tags:index', rule: 'project_reader_or_admin' },
  'GET /v2.1/servers/{id}/tags/{tag}': { action: 'os_compute_api:os-server-tags:show', rule: 'project_reader_or_admin' },
  'PUT /v2.1/servers/{id}/tags': { action: 'os_compute_api:os-server-tags:update_all', rule: 'project_member_or_admin' },
  'PUT /v2.1/servers/{id}/tags/{tag}': { action: 'os_compute_api:os-server-tags:update', rule: 'project_member_or_admin' },
  'DELETE /v2.1/servers/{id}/tags': { action: 'os_compute_api:os-server-tags:delete_all', rule: 'project_member_or_admin' },
  'DELETE /v2.1/servers/{id}/tags/{tag}': { action: 'os_compute_api:os-server-tags:delete', rule: 'project_member_or_admin' },
  'POST /v2.1/os-server-external-events': { action: 'os_compute_api:os-server-external-events:create', rule: 'admin_or_service' },

  // The image proxy has no policy: glance decides with the caller's token.
  'GET /v2.1/images': { action: 'images:index', rule: 'any' },
  'GET /v2.1/images/detail': { action: 'images:detail', rule: 'any' },
  'GET /v2.1/images/{id}': { action: 'images:show', rule: 'any' },
  'DELETE /v2.1/images/{id}': { action: 'images:delete', rule: 'any' },
  'GET /v2.1/images/{image_id}/metadata': { action: 'image_metadata:index', rule: 'any' },
  'POST /v2.1/images/{image_id}/metadata': { action: 'image_metadata:create', rule: 'any' },
  'PUT /v2.1/images/{image_id}/metadata': { action: 'image_metadata:update_all', rule: 'any' },
  'GET /v2.1/images/{image_id}/metadata/{key}': { action: 'image_metadata:show', rule: 'any' },
  'PUT /v2.1/images/{image_id}/metadata/{key}': { action: 'image_metadata:update', rule: 'any' },
  'DELETE /v2.1/images/{image_id}/metadata/{key}': { action: 'image_metadata:delete', rule: 'any' },

  // FlavorsController has no policy: any authenticated caller lists and shows flavors.
  'GET /v2.1/flavors': { action: 'flavors:index', rule: 'any' },
  'GET /v2.1/flavors/detail': { action: 'flavors:detail', rule: 'any' },
  'GET /v2.1/flavors/{id}': { action: 'flavors:show', rule: 'any' },
  'POST /v2.1/flavors': { action: 'os_compute_api:os-flavor-manage:create', rule: 'admin' },
  'DELETE /v2.1/flavors/{id}': { action: 'os_compute_api:os-flavor-manage:delete', rule: 'admin' },
  'PUT /v2.1/flavors/{id}': { action: 'os_compute_api:os-flavor-manage:update', rule: 'admin' },
  'GET /v2.1/flavors/{id}/os-extra_specs': { action: 'os_compute_api:os-flavor-extra-specs:index', rule: 'project_reader_or_admin' },
  'POST /v2.1/flavors/{id}/os-extra_specs': { action: 'os_compute_api:os-flavor-extra-specs:create', rule: 'admin' },
  'GET /v2.1/flavors/{id}/os-extra_specs/{key}': { action: 'os_compute_api:os-flavor-extra-specs:show', rule: 'project_reader_or_admin' },
  'PUT /v2.1/flavors/{id}/os-extra_specs/{key}': { action: 'os_compute_api:os-flavor-extra-specs:update', rule: 'admin' },
  'DELETE /v2.1/flavors/{id}/os-extra_specs/{key}': { action: 'os_compute_api:os-flavor-extra-specs:delete', rule: 'admin' },

  'GET /v2.1/os-keypairs': { action: 'os_compute_api:os-keypairs:index', rule: 'any' },
  'POST /v2.1/os-keypairs': { action: 'os_compute_api:os-keypairs:create', rule: 'any' },
  'GET /v2.1/os-keypairs/{name}': { action: 'os_compute_api:os-keypairs:show', rule: 'any' },
  'DELETE /v2.1/os-keypairs/{name}': { action: 'os_compute_api:os-keypairs:delete', rule: 'any' },

  'GET /v2.1/os-server-groups': { action: 'os_compute_api:os-server-groups:index', rule: 'project_reader_or_admin' },
  'POST /v2.1/os-server-groups': { action: 'os_compute_api:os-server-groups:create', rule: 'project_member_or_admin' },
  'GET /v2.1/os-server-groups/{id}': { action: 'os_compute_api:os-server-groups:show', rule: 'project_reader_or_admin' },
  'DELETE /v2.1/os-server-groups/{id}': { action: 'os_compute_api:os-server-groups:delete', rule: 'project_member_or_admin' },

  'GET /v2.1/os-quota-sets/{project_id}': { action: 'os_compute_api:os-quota-sets:show', rule: 'project_reader_or_admin', targetParam: 'project_id' },
  'GET /v2.1/os-quota-sets/{project_id}/defaults': { action: 'os_compute_api:os-quota-sets:defaults', rule: 'any' },
  'GET /v2.1/os-quota-sets/{project_id}/detail': { action: 'os_compute_api:os-quota-sets:detail', rule: 'project_reader_or_admin', targetParam: 'project_id' },
  'PUT /v2.1/os-quota-sets/{project_id}': { action: 'os_compute_api:os-quota-sets:update', rule: 'admin' },
  'DELETE /v2.1/os-quota-sets/{project_id}': { action: 'os_compute_api:os-quota-sets:delete', rule: 'admin' },
  'GET /v2.1/os-quota-class-sets/{id}': { action: 'os_compute_api:os-quota-class-sets:show', rule: 'admin' },
  'PUT /v2.1/os-quota-class-sets/{id}': { action: 'os_compute_api:os-quota-class-sets:update', rule: 'admin' },
  'GET /v2.1/limits': { action: 'os_compute_api:limits', rule: 'any' },

  'GET /v2.1/os-availability-zone': { action: 'os_compute_api:os-availability-zone:list', rule: 'any' },
  'GET /v2.1/os-availability-zone/detail': { action: 'os_compute_api:os-availability-zone:detail', rule: 'admin' },
  'GET /v2.1/os-services': { action: 'os_compute_api:os-services:list', rule: 'admin' },
  'PUT /v2.1/os-services/{action}': { action: 'os_compute_api:os-services:update', rule: 'admin' },
  'DELETE /v2.1/os-services/{id}': { action: 'os_compute_api:os-services:delete', rule: 'admin' },

  'GET /v2.1/os-hypervisors': { action: 'os_compute_api:os-hypervisors:list', rule: 'admin' },
  'GET /v2.1/os-hypervisors/detail': { action: 'os_compute_api:os-hypervisors:list-detail', rule: 'admin' },
  'GET /v2.1/os-hypervisors/statistics': { action: 'os_compute_api:os-hypervisors:statistics', rule: 'admin' },
  'GET /v2.1/os-hypervisors/{id}': { action: 'os_compute_api:os-hypervisors:show', rule: 'admin' },
  'GET /v2.1/os-hypervisors/{id}/uptime': { action: 'os_compute_api:os-hypervisors:uptime', rule: 'admin' },
  'GET /v2.1/os-hypervisors/{hostname}/search': { action: 'os_compute_api:os-hypervisors:search', rule: 'admin' },
  'GET /v2.1/os-hypervisors/{hostname}/servers': { action: 'os_compute_api:os-hypervisors:servers', rule: 'admin' },

  'GET /v2.1/os-aggregates': { action: 'os_compute_api:os-aggregates:index', rule: 'admin' },
  'POST /v2.1/os-aggregates': { action: 'os_compute_api:os-aggregates:create', rule: 'admin' },
  'GET /v2.1/os-aggregates/{id}': { action: 'os_compute_api:os-aggregates:show', rule: 'admin' },
  'PUT /v2.1/os-aggregates/{id}': { action: 'os_compute_api:os-aggregates:update', rule: 'admin' },
  'DELETE /v2.1/os-aggregates/{id}': { action: 'os_compute_api:os-aggregates:delete', rule: 'admin' },
  /** Each action has its own rule (AGGREGATE_ACTION_POLICY). */
  'POST /v2.1/os-aggregates/{id}/action': { action: 'os_compute_api:os-aggregates:action', rule: 'any' },
  'POST /v2.1/os-aggregates/{id}/images': { action: 'compute:aggregates:images', rule: 'admin' },
};

/** POST /servers/{id}/action, by the body's action key. */
export const SERVER_ACTION_POLICY: Readonly<Record<string, PolicyEntry>> = {
  reboot: { action: `${SERVERS}:reboot`, rule: 'project_member_or_admin' },
  'os-stop': { action: `${SERVERS}:stop`, rule: 'project_member_or_admin' },
  'os-start': { action: `${SERVERS}:start`, rule: 'project_member_or_admin' },
  'os-getConsoleOutput': { action: 'os_compute_api:os-console-output', rule: 'project_member_or_admin' },
  confirmResize: { action: `${SERVERS}:confirm_resize`, rule: 'project_member_or_admin' },
  resize: { action: `${SERVERS}:resize`, rule: 'project_member_or_admin' },
  migrate: { action: 'os_compute_api:os-migrate-server:migrate', rule: 'admin' },
  lock: { action: 'os_compute_api:os-lock-server:lock', rule: 'project_member_or_admin' },
  unlock: { action: 'os_compute_api:os-lock-server:unlock', rule: 'project_member_or_admin' },
};

/** 2.63: checked only when a create or rebuild names trusted image certificates. */
export const TRUSTED_CERTS_POLICY: Readonly<Record<'create' | 'rebuild', PolicyEntry>> = {
  create: { action: `${SERVERS}:create:trusted_certs`, rule: 'project_member_or_admin' },
  rebuild: { action: `${SERVERS}:rebuild:trusted_certs`, rule: 'project_member_or_admin' },
};

/** GET /limits?tenant_id=: another project's limits. */
export const OTHER_PROJECT_LIMITS: PolicyEntry = { action: 'os_compute_api:limits:other_project', rule: 'admin' };

/** POST /os-aggregates/{id}/action, by the body's action key. */
export const AGGREGATE_ACTION_POLICY: Readonly<Record<string, PolicyEntry>> = {
  add_host: { action: 'os_compute_api:os-aggregates:add_host', rule: 'admin' },
  remove_host: { action: 'os_compute_api:os-aggregates:remove_host', rule: 'admin' },
  set_metadata: { action: 'os_compute_api:os-aggregates:set_metadata', rule: 'admin' },
};

/** context.can(entry.action, target={'project_id': project}) for a per-action rule. */
export function authorizeAction(ctx: Credentials, entry: PolicyEntry | undefined, projectId?: string | null): void {
  if (entry && !allows(entry.rule, ctx, projectId === undefined ? {} : { projectId })) throw policyForbids(entry.action);
}
