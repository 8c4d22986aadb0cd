// One row of the POST /servers/{id}/action table: the controller method Nova's wsgi logs, the
// vm/task states the action is allowed in (409 otherwise, in Nova's words), the task state it
// sets, the instance action it records, its policy rule, and what it does.

import type { PolicyEntry } from '../../../common/policy.js';
import type { InstanceAction, TaskState, VmState } from '../../../common/objects.js';
import type { ApiDeps } from '../../api-deps.js';
import { badRequest } from '../../http/api-error.js';
import type { ApiReply } from '../../http/reply.js';
import { isObject, type ApiRequest } from '../../http/request.js';
import type { InstanceRow } from '../instances.js';

export type Arg = Record<string, unknown>;

export interface ActionSpec {
  calls: string;
  /** Name in Nova's "Cannot '<name>' instance …" conflicts. */
  name: string;
  vmStates?: readonly VmState[];
  /** Allowed task states; null means "no task". */
  taskStates?: readonly (TaskState | string | null)[];
  /** Needs a compute host (Nova's check_instance_host). */
  needsHost?: boolean;
  record?: InstanceAction;
  setTask?: TaskState;
  /** The action's own rule (else policy.ts's SERVER_ACTION_POLICY). */
  policy?: PolicyEntry;
  /** A rule that depends on the parsed argument (migrate with a host), before `policy`. */
  policyFor?(arg: Arg): PolicyEntry | undefined;
  /** Allowed on a locked server (evacuate has no check_instance_lock). */
  lockExempt?: boolean;
  /** The microversion the action appears at (below it Nova has no such method: 404). */
  minVersion?: string;
  /** Nova's request schema for the action's value: 400 before the server is looked at. */
  parse?(value: unknown, req: ApiRequest): Arg;
  run(deps: ApiDeps, req: ApiRequest, inst: InstanceRow & { host: string }, arg: Arg): Promise<ApiReply>;
}

export const ACCEPTED: ApiReply = { status: 202 };

export const member = (action: string): PolicyEntry => ({ action, rule: 'project_member_or_admin' });
export const admin = (action: string): PolicyEntry => ({ action, rule: 'admin' });

/** jsonschema's words for a value that breaks the schema, as Nova's validator reports them. */
export const invalid = (field: string, value: unknown, why: string) =>
  badRequest(`Invalid input for field/attribute ${field}. Value: ${pyRepr(value, false)}. ${why}`);

/** Python's str()/repr() of a JSON value, as the messages print it. */
export function pyRepr(v: unknown, quoted = true): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return quoted ? `'${v}'` : v;
  if (Array.isArray(v)) return `[${v.map((x) => pyRepr(x)).join(', ')}]`;
  if (isObject(v)) return `{${Object.entries(v).map(([k, x]) => `'${k}': ${pyRepr(x)}`).join(', ')}}`;
  return String(v);
}

/** The action's value must be an object with only `allowed` keys ('additionalProperties': False). */
export function objectValue(key: string, value: unknown, allowed: readonly string[], nullable = false): Arg {
  if (value === null && nullable) return {};
  if (!isObject(value)) throw invalid(key, value, `${pyRepr(value)} is not of type ${nullable ? "'object', 'null'" : "'object'"}`);
  const extra = Object.keys(value).filter((k) => !allowed.includes(k));
  if (extra.length) throw invalid(key, value, `Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
  return value;
}

/** Nova's admin_password parameter type: a string (maybe empty). */
export function passwordField(key: string, obj: Arg, field: string, required: boolean): string | undefined {
  const v = obj[field];
  if (v === undefined) {
    if (required) throw invalid(key, obj, `'${field}' is a required property`);
    return undefined;
  }
  if (typeof v !== 'string') throw invalid(field, v, `${pyRepr(v)} is not of type 'string'`);
  return v;
}
