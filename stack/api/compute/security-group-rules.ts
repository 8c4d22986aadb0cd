// Nova's os-security-group-rules proxy over neutron-lite (up to 2.35, a bare 404 from 2.36):
// POST builds an ingress rule from Nova's fields and adds it to the parent group in neutron
// (a duplicate Nova sees is 400, one only neutron sees is neutron's 409 turned into 403, as
// Nova's add_rules does), DELETE removes a rule found by id (202).

import type { ApiDeps } from '../api-deps.js';
import { ApiError, badRequest, forbidden, notFound } from '../http/api-error.js';
import { ok, type ApiReply } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { proxyUpTo } from './images.js';
import { createSecurityGroupRules, deleteSecurityGroupRule, NeutronError, showSecurityGroupRule, type NeutronSecurityGroup } from './neutron-api.js';
import { checkCidrPrefix, isUuidLike, neutronRule, newIngressRule, parseCidr, ruleBody, type NovaRule } from './security-group-rule-args.js';
import { ruleView, type GroupRefs } from './security-group-view.js';
import { neutronGroup } from './server-security-groups.js';

const SG_API = 'network/security_group_api.py';

/** The group's ingress rules in Nova's own format, for _rule_exists. */
function novaRules(g: NeutronSecurityGroup): NovaRule[] {
  return g.security_group_rules.filter((r) => r.direction === 'ingress').map((r) => {
    const any = r.protocol !== null && r.port_range_min === null && r.port_range_max === null;
    const all = any && ['TCP', 'UDP'].includes(r.protocol!.toUpperCase());
    return {
      group_id: r.remote_group_id ?? undefined, cidr: parseCidr(r.remote_ip_prefix), protocol: r.protocol ?? undefined,
      from_port: any ? (all ? 1 : -1) : r.port_range_min ?? undefined, to_port: any ? (all ? 65535 : -1) : r.port_range_max ?? undefined,
    };
  });
}

/** _rule_exists: a rule of the group equal in group_id, cidr, from_port, to_port and protocol. */
const ruleExists = (g: NeutronSecurityGroup, rule: NovaRule) =>
  novaRules(g).some((r) => (['group_id', 'cidr', 'from_port', 'to_port', 'protocol'] as const).every((k) => r[k] === rule[k]));

/** add_rules' handling of neutron's refusal: logged with its traceback, then Nova's exception. */
function addRulesFailed(deps: ApiDeps, req: ApiRequest, group: NeutronSecurityGroup, e: NeutronError): ApiError {
  const [client, message, mapped]: [string, string, ApiError] = e.status === 404 ? ['NotFound', `Neutron Error getting security group ${group.name}`, notFound(e.message)]
    : e.status === 409 ? ['Conflict', `Neutron Error adding rules to security group ${group.name}`, forbidden(e.message)]
      : ['BadRequest', `Neutron Error: ${e.message}`, badRequest(e.message)];
  deps.logs.nova.child('nova.network.security_group_api').exception(req.ctx, null, message, [
    'Traceback (most recent call last):', `  File "/usr/lib/python3/dist-packages/nova/${SG_API}", line 369, in add_rules`,
    '    rules = neutron.create_security_group_rule(', `neutronclient.common.exceptions.${client}: ${e.message}`,
  ]);
  return mapped;
}

async function create(deps: ApiDeps, req: ApiRequest): Promise<ApiReply> {
  const body = ruleBody(req);
  const group = await neutronGroup(deps, req, body.parentGroupId);
  const source = body.groupId !== null ? await neutronGroup(deps, req, body.groupId) : null;
  const rule = newIngressRule(body);
  if (rule === null) throw badRequest('Not enough parameters to build a valid rule.');
  checkCidrPrefix(rule);
  if (ruleExists(group, rule)) throw badRequest(`This rule already exists in group ${group.id}`);
  let created;
  try {
    [created] = await createSecurityGroupRules(deps, req, [neutronRule(rule, group.id)]);
  } catch (e) {
    if (e instanceof NeutronError && [400, 404, 409].includes(e.status)) throw addRulesFailed(deps, req, group, e);
    throw e;
  }
  const refs: GroupRefs = new Map(source ? [[source.id, { name: source.name, tenant_id: source.project_id }]] : []);
  return ok({ security_group_rule: ruleView(created, refs) });
}

async function remove(deps: ApiDeps, req: ApiRequest): Promise<ApiReply> {
  const id = req.params.id;
  if (!isUuidLike(id)) throw badRequest('Security group id should be uuid');
  let rule;
  try {
    rule = await showSecurityGroupRule(deps, req, id);
  } catch (e) {
    if (!(e instanceof NeutronError && e.status === 404)) throw e;
    deps.logs.nova.child('nova.network.security_group_api').debug(req.ctx, null, `Neutron security group rule ${id} not found`, { func: 'get_rule', file: SG_API, line: 450 });
    throw notFound(e.message);
  }
  await neutronGroup(deps, req, rule.security_group_id);
  await deleteSecurityGroupRule(deps, req, rule.id);
  return { status: 202 };
}

export function securityGroupRuleRoutes(deps: ApiDeps): Route[] {
  const calls = (m: string) => `security_groups.SecurityGroupRulesController.${m}`;
  return proxyUpTo('2.35', [
    { method: 'POST', pattern: '/v2.1/os-security-group-rules', calls: calls('create'), handler: (req) => create(deps, req) },
    { method: 'DELETE', pattern: '/v2.1/os-security-group-rules/{id}', calls: calls('delete'), handler: (req) => remove(deps, req) },
  ]);
}
