// The provider constraints of GET /allocation_candidates besides `resources`: `member_of`
// (1.3; `in:a,b` = any of them, repeated = all of them), `required` (1.17; `!T` forbids from
// 1.22), `in_tree` (1.31) and `root_required` (1.35). Every provider here is its own root, so the root's traits
// are the provider's.

import type { Db } from '../db/open-db.js';
import type { Microversion } from './microversion.js';
import { normalizeUuid } from './api-types.js';
import { PlacementError } from './placement-errors.js';
import { tagsOf } from './provider-tags-store.js';
import { parseTraitQuery, type TraitQuery } from './traits.js';

export interface CandidateConstraints {
  /** Each inner list: the provider must be in at least one of these aggregates. */
  memberOf: string[][];
  traits: TraitQuery;
  /** Only providers of this tree (each provider is its own root here). */
  inTree?: string;
}

function parseMemberOf(text: string): string[] {
  const list = text.startsWith('in:') ? text.slice(3) : text;
  return list.split(',').map((a) => {
    const u = normalizeUuid(a.trim());
    if (!u) throw new PlacementError(400, `Invalid query string parameters: Expected 'member_of' parameter to contain valid UUID(s). Got: ${a}`);
    return u;
  });
}

export function parseConstraints(query: URLSearchParams, v: Microversion): CandidateConstraints {
  const out: CandidateConstraints = { memberOf: [], traits: { required: [], forbidden: [] } };
  if (v.matches('1.3')) out.memberOf = query.getAll('member_of').map(parseMemberOf);
  const add = (q: TraitQuery) => { out.traits.required.push(...q.required); out.traits.forbidden.push(...q.forbidden); };
  const required = query.get('required');
  if (required !== null && v.matches('1.17')) add(parseTraitQuery('required', required, v.matches('1.22')));
  const inTree = query.get('in_tree');
  if (inTree !== null && v.matches('1.31')) {
    const u = normalizeUuid(inTree);
    if (!u) throw new PlacementError(400, `Invalid query string parameters: '${inTree}' is not a 'uuid'`);
    out.inTree = u;
  }
  const rootRequired = query.get('root_required');
  if (rootRequired !== null && v.matches('1.35')) add(parseTraitQuery('root_required', rootRequired, true));
  return out;
}

export function satisfies(db: Db, rpId: number, c: CandidateConstraints, uuid?: string): boolean {
  if (c.inTree !== undefined && uuid !== c.inTree) return false;
  if (c.memberOf.length) {
    const aggs = new Set(tagsOf(db, rpId, 'aggregates'));
    if (!c.memberOf.every((anyOf) => anyOf.some((a) => aggs.has(a)))) return false;
  }
  if (c.traits.required.length || c.traits.forbidden.length) {
    const traits = new Set(tagsOf(db, rpId, 'traits'));
    if (!c.traits.required.every((t) => traits.has(t)) || c.traits.forbidden.some((t) => traits.has(t))) return false;
  }
  return true;
}
