// The default policies of the stack's services, reduced to the oslo.policy check strings they
// use: each base rule is a list of alternatives, any of which allows the call; an alternative
// holds when the caller has its role and, where it says so, owns the target project or is the
// token's subject. The routes of every service name one of these rules in their policy table.

export interface Credentials {
  roles: readonly string[];
  projectId: string | null;
  userId: string | null;
}

/** What a check is made against (oslo.policy's target); defaults to the caller's own project. */
export interface Target {
  projectId?: string | null;
  /** User of the token a keystone token call is about (`rule:token_subject`). */
  tokenUserId?: string | null;
  /** The user a keystone user call is about (`user_id:%(target.user.id)s`). */
  userId?: string | null;
}

interface Alternative {
  role?: string;
  /** `project_id:%(project_id)s` */
  ownProject?: boolean;
  /** `user_id:%(target.token.user_id)s` */
  tokenSubject?: boolean;
  /** `user_id:%(target.user.id)s` */
  ownUser?: boolean;
}

/** `null`: the route needs no token at all (version documents, token issue). */
export const RULES = {
  public: null,
  /** `@` */
  any: [{}],
  /** Nova's context_is_admin, placement's admin_api, neutron's admin_only. */
  admin: [{ role: 'admin' }],
  /** Nova's service_or_admin, placement's admin_or_service_api. */
  admin_or_service: [{ role: 'admin' }, { role: 'service' }],
  project_member_or_admin: [{ role: 'member', ownProject: true }, { role: 'admin' }],
  project_reader_or_admin: [{ role: 'reader', ownProject: true }, { role: 'admin' }],
  /** Neutron's ADMIN_OR_PROJECT_MEMBER plus its service role (ports of instances). */
  project_member_or_admin_or_service: [{ role: 'member', ownProject: true }, { role: 'admin' }, { role: 'service' }],
  /** Placement's admin_or_project_reader_or_service_api, neutron's ADMIN_OR_PROJECT_READER or service. */
  project_reader_or_admin_or_service: [{ role: 'reader', ownProject: true }, { role: 'admin' }, { role: 'service' }],
  /** Keystone's get_project: `project_id:%(target.project.id)s`. */
  admin_or_own_project: [{ role: 'admin' }, { ownProject: true }],
  /** Keystone's get_user and list_projects_for_user: an admin, or the user itself. */
  admin_or_own_user: [{ role: 'admin' }, { ownUser: true }],
  /** Keystone's check_token and revoke_token. */
  admin_or_token_subject: [{ role: 'admin' }, { tokenSubject: true }],
  /** Keystone's validate_token. */
  admin_or_service_or_token_subject: [{ role: 'admin' }, { role: 'service' }, { tokenSubject: true }],
} as const satisfies Record<string, readonly Alternative[] | null>;

export type RuleName = keyof typeof RULES;

/** One route's (or one attribute's) policy: the action name the service reports, and its rule. */
export interface PolicyEntry {
  action: string;
  rule: RuleName;
}

export function isPublic(rule: RuleName): boolean {
  return RULES[rule] === null;
}

export function allows(rule: RuleName, who: Credentials, target: Target = {}): boolean {
  const alternatives: readonly Alternative[] | null = RULES[rule];
  if (alternatives === null) return true;
  const project = target.projectId === undefined ? who.projectId : target.projectId;
  return alternatives.some((a) =>
    (a.role === undefined || who.roles.includes(a.role))
    && (!a.ownProject || (who.projectId !== null && who.projectId === project))
    && (!a.tokenSubject || (who.userId !== null && who.userId === target.tokenUserId))
    && (!a.ownUser || (who.userId !== null && who.userId === target.userId)));
}

/** oslo.context's to_policy_values() as the services log it on a refused check (Python repr). */
export function credentialsRepr(who: Credentials): string {
  const q = (v: string | null) => (v === null ? 'None' : `'${v}'`);
  const roles = who.roles.map((r) => `'${r}'`).join(', ');
  return `{'user_id': ${q(who.userId)}, 'user_domain_id': 'default', 'system_scope': None, 'domain_id': None, 'project_id': ${q(who.projectId)}, `
    + `'project_domain_id': 'default', 'roles': [${roles}], 'is_admin_project': True, 'service_user_id': None, 'service_user_domain_id': None, `
    + `'service_project_id': None, 'service_project_domain_id': None, 'service_roles': []}`;
}
