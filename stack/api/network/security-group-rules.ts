// neutron-lite's security group rules (/v2.0/security-group-rules): list, show, create (one rule
// or the bulk form nova sends) and delete. A rule is seen by an admin, its own project and the
// owner of its group; the project's rule quota, the groups named, duplicates within the request
// and against the group's rules are checked as neutron's plugin does, all rules of a request or none.

import type { ApiDeps } from '../api-deps.js';
import { badRequest, conflict, notFound } from '../http/api-error.js';
import { empty, json, ok, type ApiReply } from '../http/reply.js';
import { isObject, type ApiRequest } from '../http/request.js';
import { NEUTRON_QUOTAS } from './networks.js';
import { matchesFilters } from './neutron-views.js';
import { checkRule, parseRuleItem, ruleKey } from './security-group-rule-input.js';
import { insertRule, ruleView, type NewRule, type RuleRow } from './security-group-rule-view.js';
import { canSee, findGroup, type SecurityGroupRow } from './security-groups.js';

const groupOf = (deps: ApiDeps, id: string) => deps.db.prepare('SELECT * FROM security_groups WHERE id = ?').get(id) as SecurityGroupRow | undefined;

function visible(deps: ApiDeps, req: ApiRequest, r: RuleRow): boolean {
  if (req.ctx.isAdmin || r.project_id === req.ctx.projectId) return true;
  const g = groupOf(deps, r.security_group_id);
  return g !== undefined && canSee(req, g);
}

const view = (deps: ApiDeps, r: RuleRow) => ruleView(r, groupOf(deps, r.security_group_id)?.name === 'default');

function findRule(deps: ApiDeps, req: ApiRequest, id: string): RuleRow {
  const r = deps.db.prepare('SELECT * FROM security_group_rules WHERE id = ?').get(id) as RuleRow | undefined;
  if (!r) throw notFound(`Security group rule ${id} does not exist`, 'SecurityGroupRuleNotFound');
  if (!visible(deps, req, r)) throw notFound('The resource could not be found.', 'HTTPNotFound');
  return r;
}

/** The body's rules: `security_group_rule`, or `security_group_rules` (each item bare or wrapped). */
function bodyItems(req: ApiRequest): { items: unknown[]; bulk: boolean } {
  const body = req.body;
  if (!isObject(body) || Object.keys(body).length === 0) throw badRequest('Resource body required', 'HTTPBadRequest');
  if ('security_group_rules' in body) {
    const list = body.security_group_rules;
    if (!Array.isArray(list) || list.length === 0) throw badRequest('Resources required', 'HTTPBadRequest');
    return { items: list.map((i) => (isObject(i) && 'security_group_rule' in i ? i.security_group_rule : i)), bulk: true };
  }
  if (body.security_group_rule === undefined || body.security_group_rule === null) throw badRequest("Unable to find 'security_group_rule' in request body", 'HTTPBadRequest');
  return { items: [body.security_group_rule], bulk: false };
}

function create(deps: ApiDeps, req: ApiRequest): ApiReply {
  const { items, bulk } = bodyItems(req);
  const own = req.ctx.projectId ?? '';
  const rules: NewRule[] = items.map(parseRuleItem).map(({ rule, projectGiven, addressGroup }) => {
    if (projectGiven !== null && projectGiven !== own && !req.ctx.isAdmin) {
      throw badRequest("Specifying 'project_id' other than the authenticated project in request is not allowed for the current user.", 'HTTPBadRequest');
    }
    if (addressGroup !== null) throw notFound(`Address group ${String(addressGroup)} could not be found.`, 'AddressGroupNotFound');
    return { ...rule, project_id: projectGiven ?? own };
  });
  const used = (deps.db.prepare('SELECT COUNT(*) AS n FROM security_group_rules WHERE project_id = ?').get(rules[0].project_id) as { n: number }).n;
  if (NEUTRON_QUOTAS.security_group_rule >= 0 && used + rules.length > NEUTRON_QUOTAS.security_group_rule) {
    throw conflict("Quota exceeded for resources: ['security_group_rule'].", 'OverQuota');
  }
  if (new Set(rules.map((r) => r.security_group_id)).size > 1) throw badRequest('Only allowed to update rules for one security profile at a time', 'SecurityGroupNotSingleGroupRules');
  if (new Set(rules.map((r) => r.project_id)).size > 1) throw badRequest('Multiple project_ids in bulk security group rule create not allowed', 'SecurityGroupRulesNotSingleProject');
  const log = deps.logs.neutron.child('neutron.db.securitygroups_db');
  const asOwner = { ...req, ctx: { ...req.ctx, projectId: rules[0].project_id } } as ApiRequest;
  for (const r of rules) {
    checkRule(r, (m) => log.info(req.ctx, null, m));
    if (r.remote_group_id) findGroup(deps, asOwner, r.remote_group_id);
    findGroup(deps, asOwner, r.security_group_id);
  }
  const keys = new Set<string>();
  for (const r of rules) {
    if (keys.has(ruleKey(r))) throw conflict('Duplicate Security Group Rule in POST.', 'DuplicateSecurityGroupRuleInPost');
    keys.add(ruleKey(r));
  }
  const existing = deps.db.prepare('SELECT * FROM security_group_rules WHERE security_group_id = ? ORDER BY created_at, rowid').all(rules[0].security_group_id) as RuleRow[];
  const same = existing.find((e) => keys.has(ruleKey(e)));
  if (same) throw conflict(`Security group rule already exists. Rule id is ${same.id}.`, 'SecurityGroupRuleExists');
  const created = deps.db.transaction(() => rules.map((r) => insertRule(deps.db, r)))();
  const views = created.map((r) => view(deps, r));
  return json(201, bulk ? { security_group_rules: views } : { security_group_rule: views[0] });
}

export function securityGroupRuleRoutes(deps: ApiDeps) {
  return {
    list: (req: ApiRequest): ApiReply => {
      const rows = (deps.db.prepare('SELECT * FROM security_group_rules ORDER BY created_at, rowid').all() as RuleRow[]).filter((r) => visible(deps, req, r));
      return ok({ security_group_rules: rows.map((r) => view(deps, r)).filter((v) => matchesFilters(req, v)) });
    },
    show: (req: ApiRequest): ApiReply => ok({ security_group_rule: view(deps, findRule(deps, req, req.params.id)) }),
    create: (req: ApiRequest): ApiReply => create(deps, req),
    remove: (req: ApiRequest): ApiReply => {
      const r = findRule(deps, req, req.params.id);
      deps.db.prepare('DELETE FROM security_group_rules WHERE id = ?').run(r.id);
      return empty(204);
    },
  };
}
