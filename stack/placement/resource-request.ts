// What the scheduler asks placement for (Nova's ResourceRequest): resource amounts, aggregates
// the root provider must belong to, traits required or forbidden on it, and the result limit —
// turned into the query string Nova sends, parameters sorted and url-encoded
// (`limit=1000&member_of=in%3A…&resources=DISK_GB%3A1%2CMEMORY_MB%3A512%2CVCPU%3A1&root_required=%21COMPUTE_STATUS_DISABLED`).

export type Resources = Record<string, number>;

export interface ResourceRequest {
  resources: Resources;
  /** Each inner list: be in any one of these aggregates (one `member_of=in:…` each). */
  memberOf: string[][];
  rootRequired: string[];
  rootForbidden: string[];
  limit: number | null;
  /** The provider tree the candidates must come from (a requested destination's node). */
  inTree?: string;
}

export function resourceRequest(resources: Resources, limit: number | null = null): ResourceRequest {
  return { resources, memberOf: [], rootRequired: [], rootForbidden: [], limit };
}

/** Python's urlencode (quote_plus): everything but letters, digits and `_.-~` is %-encoded. */
function quotePlus(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
}

export function toQueryString(r: ResourceRequest): string {
  const q: [string, string][] = [];
  if (r.limit !== null) q.push(['limit', String(r.limit)]);
  if (r.rootRequired.length || r.rootForbidden.length) {
    q.push(['root_required', [...[...r.rootRequired].sort(), ...[...r.rootForbidden].sort().map((t) => `!${t}`)].join(',')]);
  }
  if (r.inTree) q.push(['in_tree', r.inTree]);
  q.push(['resources', Object.keys(r.resources).sort().map((rc) => `${rc}:${r.resources[rc]}`).join(',')]);
  for (const anyOf of r.memberOf) q.push(['member_of', `in:${[...anyOf].sort().join(',')}`]);
  q.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
  return q.map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join('&');
}

/** Nova's str(ResourceRequest), used in the report client's error message. */
export function describe(r: ResourceRequest): string {
  const res = Object.keys(r.resources).sort().map((rc) => `${rc}:${r.resources[rc]}`).join(', ');
  const aggs = r.memberOf.map((a) => `[${a.map((x) => `'${x}'`).join(', ')}]`).join(', ');
  return `RequestGroup(use_same_provider=False, resources={${res}}, traits=[], aggregates=[${aggs}])`;
}
