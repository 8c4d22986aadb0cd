// What the scheduler asked placement for: the GET /allocation_candidates query as placement's
// request log shows it (sorted, URL-encoded), and the request filters that shaped it.

export interface CandidatesQuery {
  /** Resource class → amount, unnumbered group and numbered groups merged. */
  resources: Record<string, number>;
  /** Aggregate uuids the providers must be in (one list per member_of). */
  memberOf: string[][];
  required: string[];
  forbidden: string[];
  /** The answer's length in bytes, when the log shows it. */
  answerBytes: number | null;
  /** The line as logged. */
  line: string;
}

const CANDIDATES_GET = /"GET [^"?]*\/allocation_candidates\?([^" ]+)(?: HTTP\/[\d.]+)?" status: (\d{3})(?: len: (\d+))?/;
/** An empty answer: {"allocation_requests": [], "provider_summaries": {}} and its variants stay under this. */
export const EMPTY_ANSWER_MAX_BYTES = 80;

export function parseCandidatesQuery(message: string): CandidatesQuery | null {
  const m = CANDIDATES_GET.exec(message);
  if (!m) return null;
  const params = new URLSearchParams(m[1]);
  const resources: Record<string, number> = {};
  const memberOf: string[][] = [];
  const required: string[] = [];
  const forbidden: string[] = [];
  for (const [k, v] of params) {
    if (/^resources\d*$/.test(k)) {
      for (const part of v.split(',')) {
        const [rc, n] = part.split(':');
        if (rc && n) resources[rc] = (resources[rc] ?? 0) + Number(n);
      }
    } else if (/^member_of\d*$/.test(k)) {
      memberOf.push(v.replace(/^in:/, '').split(',').filter(Boolean));
    } else if (/^(root_)?required\d*$/.test(k)) {
      for (const t of v.replace(/^in:/, '').split(',')) (t.startsWith('!') ? forbidden : required).push(t.replace(/^!/, ''));
    }
  }
  return { resources, memberOf, required, forbidden, answerBytes: m[3] ? Number(m[3]) : null, line: message };
}

export interface RequestFilterLine {
  filter: string;
  /** Aggregates added, for the zone (az) or the tenant. */
  aggregates: string[];
  az: string | null;
  trait: string | null;
}

const AGGREGATES_ADDED = /^(\w+) request filter added aggregates (\S+) for (az|tenant) '?([^']*)'?/;
const TRAIT_ADDED = /^(\w+) request filter added (?:required|forbidden) trait (\S+)/;

export function parseRequestFilter(message: string): RequestFilterLine | null {
  const a = AGGREGATES_ADDED.exec(message);
  if (a) return { filter: a[1], aggregates: a[2].replace(/[[\]'"]/g, '').split(',').filter(Boolean), az: a[3] === 'az' ? a[4] : null, trait: null };
  const t = TRAIT_ADDED.exec(message);
  if (t) return { filter: t[1], aggregates: [], az: null, trait: t[2] };
  return null;
}
