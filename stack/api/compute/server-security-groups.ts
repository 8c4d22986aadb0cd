// Nova's security group APIs over neutron-lite, in Nova's group format (security-group-view.ts),
// sorted by project and name: GET /servers/{id}/os-security-groups (the groups of the server's
// ports) and the proxy /os-security-groups (list, show, create, update, delete; up to 2.35).

import type { ApiDeps } from '../api-deps.js';
import { ok, type ApiReply } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { getInstance } from './instances.js';
import { createSecurityGroup, deleteSecurityGroup, instancePorts, NeutronError, securityGroups, showSecurityGroup, updateSecurityGroup, type NeutronSecurityGroup } from './neutron-api.js';
import { badRequest, notFound } from '../http/api-error.js';
import { isObject } from '../http/request.js';
import { pyRepr } from './actions/action-spec.js';
import { proxyUpTo } from './images.js';
import { limitAndOffset } from './pagination.js';
import { byProjectAndName, groupView, sourceGroups } from './security-group-view.js';

function listServerGroups(deps: ApiDeps) {
  return async (req: ApiRequest): Promise<ApiReply> => {
    const inst = getInstance(deps, req, req.params.id);
    const ids = [...new Set((await instancePorts(deps, req, inst.uuid)).flatMap((p) => p.security_groups))];
    const found = ids.length ? await securityGroups(deps, req, ids.map((id) => `id=${encodeURIComponent(id)}`).join('&')) : [];
    const refs = await sourceGroups(deps, req, found);
    return ok({ security_groups: found.map((g) => groupView(g, refs)).sort(byProjectAndName) });
  };
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** validate_id, then the group from neutron: 400 for a non-uuid, 404 for an unknown group. */
async function groupById(deps: ApiDeps, req: ApiRequest, id: string): Promise<NeutronSecurityGroup> {
  if (!UUID.test(id)) throw badRequest('Security group id should be uuid');
  return neutronGroup(deps, req, id);
}

/** security_group_api.get: the group from neutron, 404 with neutron's words for an unknown one. */
export async function neutronGroup(deps: ApiDeps, req: ApiRequest, id: string): Promise<NeutronSecurityGroup> {
  try {
    return await showSecurityGroup(deps, req, id);
  } catch (e) {
    if (!(e instanceof NeutronError && e.status === 404)) throw e;
    deps.logs.nova.child('nova.network.security_group_api').debug(req.ctx, null, `Neutron security group ${id} not found`, { func: 'get', file: 'network/security_group_api.py', line: 300 });
    throw notFound(e.message);
  }
}

/** The body's security_group with name and description (strings of at most 255). */
function groupBody(req: ApiRequest): { name: string; description: string } {
  if (!isObject(req.body) || !isObject(req.body.security_group)) throw badRequest("Invalid input for field/attribute security_group. Value: None. 'security_group' is a required property");
  const sg = req.body.security_group;
  for (const f of ['name', 'description']) {
    if (sg[f] === undefined) throw badRequest(`Invalid input for field/attribute security_group. Value: ${JSON.stringify(sg)}. '${f}' is a required property`);
    if (typeof sg[f] !== 'string') throw badRequest(`Invalid input for field/attribute ${f}. Value: ${pyRepr(sg[f], false)}. ${pyRepr(sg[f])} is not of type 'string'`);
    if ((sg[f] as string).length > 255) throw badRequest(`Invalid input for field/attribute ${f}. Value: ${sg[f] as string}. '${sg[f] as string}' is too long`);
  }
  return { name: sg.name as string, description: sg.description as string };
}

/** _format_security_group of one group, its rules' source groups looked up. */
const formatted = async (deps: ApiDeps, req: ApiRequest, g: NeutronSecurityGroup) => groupView(g, await sourceGroups(deps, req, [g]));
const invalid = (e: unknown) => (e instanceof NeutronError && (e.status === 400 || e.status === 409) ? badRequest(e.message) : e);

export function serverSecurityGroupRoutes(deps: ApiDeps): Route[] {
  const calls = (m: string) => `security_groups.SecurityGroupController.${m}`;
  return [
    { method: 'GET', pattern: '/v2.1/servers/{id}/os-security-groups', calls: 'security_groups.ServerSecurityGroupController.index', handler: listServerGroups(deps) },
    ...proxyUpTo('2.35', [
      {
        method: 'GET', pattern: '/v2.1/os-security-groups', calls: calls('index'),
        handler: async (req) => {
          const all = req.ctx.isAdmin && req.query.has('all_tenants');
          const groups = await securityGroups(deps, req, all ? '' : `tenant_id=${encodeURIComponent(req.ctx.projectId ?? '')}`);
          const { limit, offset } = limitAndOffset(req);
          const page = groups.slice(offset, offset + limit);
          const refs = await sourceGroups(deps, req, page);
          return ok({ security_groups: page.map((g) => groupView(g, refs)).sort(byProjectAndName) });
        },
      },
      { method: 'GET', pattern: '/v2.1/os-security-groups/{id}', calls: calls('show'), handler: async (req) => ok({ security_group: await formatted(deps, req, await groupById(deps, req, req.params.id)) }) },
      {
        method: 'POST', pattern: '/v2.1/os-security-groups', calls: calls('create'),
        handler: async (req) => {
          const { name, description } = groupBody(req);
          const g = await createSecurityGroup(deps, req, name, description).catch((e: unknown) => { throw invalid(e); });
          return ok({ security_group: await formatted(deps, req, g) });
        },
      },
      {
        method: 'PUT', pattern: '/v2.1/os-security-groups/{id}', calls: calls('update'),
        handler: async (req) => {
          const g = await groupById(deps, req, req.params.id);
          const { name, description } = groupBody(req);
          return ok({ security_group: await formatted(deps, req, await updateSecurityGroup(deps, req, g.id, name, description).catch((e: unknown) => { throw invalid(e); })) });
        },
      },
      {
        method: 'DELETE', pattern: '/v2.1/os-security-groups/{id}', calls: calls('delete'),
        handler: async (req) => {
          const g = await groupById(deps, req, req.params.id);
          await deleteSecurityGroup(deps, req, g.id).catch((e: unknown) => { throw invalid(e); });
          return { status: 202 };
        },
      },
    ]),
  ];
}
