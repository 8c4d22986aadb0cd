// nova.network.neutron's client as the compute API uses it: neutron-lite over HTTP with the
// caller's token (ports of an instance, port updates, security groups by name or id and their rules), with
// neutron's refusals as the status and message neutronclient reports.

import { httpJson } from '../../common/http-json.js';
import { apiUrl } from '../../common/stack-config.js';
import type { ApiDeps } from '../api-deps.js';
import type { ApiRequest } from '../http/request.js';

export interface NeutronPort { id: string; network_id: string; device_id: string; device_owner: string; mac_address: string; status: string;
  fixed_ips: { subnet_id: string; ip_address: string }[]; security_groups: string[]; port_security_enabled: boolean }
export interface NeutronSecurityGroupRule { id: string; security_group_id: string; protocol: string | null; port_range_min: number | null;
  port_range_max: number | null; remote_ip_prefix: string | null; remote_group_id: string | null; direction: string; ethertype: string }
export interface NeutronSecurityGroup { id: string; name: string; description: string; project_id: string; security_group_rules: NeutronSecurityGroupRule[] }

export class NeutronError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'NeutronClientException';
  }
}

async function neutron<T>(deps: ApiDeps, req: ApiRequest, method: string, suffix: string, body?: unknown): Promise<T> {
  const r = await httpJson<any>(method, apiUrl(deps.cfg, `/network/v2.0/${suffix}`), body, { token: req.ctx.authToken, requestId: req.ctx.globalRequestId ?? req.ctx.requestId, timeoutMs: 10_000 });
  if (r.status >= 400) throw new NeutronError(r.status, r.body?.NeutronError?.message ?? String(r.body));
  return r.body as T;
}

export const instancePorts = (deps: ApiDeps, req: ApiRequest, uuid: string) =>
  neutron<{ ports: NeutronPort[] }>(deps, req, 'GET', `ports?device_id=${encodeURIComponent(uuid)}`).then((b) => b.ports);

export const updatePort = (deps: ApiDeps, req: ApiRequest, id: string, port: Record<string, unknown>) =>
  neutron<{ port: NeutronPort }>(deps, req, 'PUT', `ports/${id}`, { port }).then((b) => b.port);

export const securityGroups = (deps: ApiDeps, req: ApiRequest, query: string) =>
  neutron<{ security_groups: NeutronSecurityGroup[] }>(deps, req, 'GET', `security-groups?${query}`).then((b) => b.security_groups);

/**
 * neutronclient's find_resourceid_by_name_or_id: the id if a group has it, else the one group of
 * that name in the project; its errors are neutronclient's.
 */
export async function securityGroupIdByNameOrId(deps: ApiDeps, req: ApiRequest, nameOrId: string, projectId: string): Promise<string> {
  const byId = await securityGroups(deps, req, new URLSearchParams({ id: nameOrId }).toString());
  if (byId.length === 1) return byId[0].id;
  const byName = await securityGroups(deps, req, new URLSearchParams({ name: nameOrId, project_id: projectId }).toString());
  if (byName.length > 1) throw new NeutronError(409, `Multiple security_group matches found for name '${nameOrId}', use an ID to be more specific.`);
  if (!byName.length) throw new NeutronError(404, `Unable to find security_group with name or id '${nameOrId}'`);
  return byName[0].id;
}

export const showSecurityGroup = (deps: ApiDeps, req: ApiRequest, id: string) =>
  neutron<{ security_group: NeutronSecurityGroup }>(deps, req, 'GET', `security-groups/${id}`).then((b) => b.security_group);

export const createSecurityGroup = (deps: ApiDeps, req: ApiRequest, name: string, description: string) =>
  neutron<{ security_group: NeutronSecurityGroup }>(deps, req, 'POST', 'security-groups', { security_group: { name, description } }).then((b) => b.security_group);

export const updateSecurityGroup = (deps: ApiDeps, req: ApiRequest, id: string, name: string, description: string) =>
  neutron<{ security_group: NeutronSecurityGroup }>(deps, req, 'PUT', `security-groups/${id}`, { security_group: { name, description } }).then((b) => b.security_group);

export const deleteSecurityGroup = (deps: ApiDeps, req: ApiRequest, id: string) => neutron<unknown>(deps, req, 'DELETE', `security-groups/${id}`);

export const showPort = (deps: ApiDeps, req: ApiRequest, id: string) =>
  neutron<{ port: NeutronPort }>(deps, req, 'GET', `ports/${encodeURIComponent(id)}`).then((b) => b.port);

/** add_rules: the bulk create nova sends (one rule here), neutron's rules back. */
export const createSecurityGroupRules = (deps: ApiDeps, req: ApiRequest, rules: Record<string, unknown>[]) =>
  neutron<{ security_group_rules: NeutronSecurityGroupRule[] }>(deps, req, 'POST', 'security-group-rules', { security_group_rules: rules }).then((b) => b.security_group_rules);

export const showSecurityGroupRule = (deps: ApiDeps, req: ApiRequest, id: string) =>
  neutron<{ security_group_rule: NeutronSecurityGroupRule }>(deps, req, 'GET', `security-group-rules/${id}`).then((b) => b.security_group_rule);

export const deleteSecurityGroupRule = (deps: ApiDeps, req: ApiRequest, id: string) => neutron<unknown>(deps, req, 'DELETE', `security-group-rules/${id}`);
