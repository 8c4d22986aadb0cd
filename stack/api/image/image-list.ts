// glance v2's GET /v2/images: the core attributes filter by equality, `created_at`/`updated_at`
// by an operator prefix (`gte:2030-01-01T00:00:00Z`), id, name, status, container_format and
// disk_format also by `in:a,b,"c,d"` (any of them), `size_min`/`size_max` by bounds, any other
// key by the extra property of that name; sorted by `sort_key` (created_at) in `sort_dir` (desc),
// ties in the order the images were created; `limit` and `marker` paginate with a `next` link.

import { badRequest } from '../http/api-error.js';
import type { ApiRequest } from '../http/request.js';
import { canSee, type ImageRow } from './image-view.js';

const CORE = ['name', 'status', 'visibility', 'owner', 'disk_format', 'container_format', 'id', 'checksum', 'min_ram', 'min_disk'] as const;
const TIMES = ['created_at', 'updated_at'] as const;
const IN_FILTERS = new Set(['id', 'name', 'status', 'container_format', 'disk_format']);
const NOT_FILTERS = new Set(['limit', 'marker', 'sort_key', 'sort_dir', 'sort', 'member_status', 'tag', 'os_hidden', 'protected']);
const OPERATORS: Record<string, (a: number, b: number) => boolean> = {
  eq: (a, b) => a === b, neq: (a, b) => a !== b, gt: (a, b) => a > b, gte: (a, b) => a >= b, lt: (a, b) => a < b, lte: (a, b) => a <= b,
};

/** `gte:2030-…` → a test on a timestamp; glance's words for a bad operator or time. */
function timeFilter(field: string, raw: string): (iso: string) => boolean {
  const [op, ...rest] = raw.includes(':') && raw.split(':')[0] in OPERATORS ? raw.split(':') : ['eq', raw];
  const when = Date.parse(rest.join(':'));
  if (Number.isNaN(when)) throw badRequest(`Unable to filter on a ${field} attribute with value ${raw}: invalid timestamp`);
  return (iso) => OPERATORS[op](Date.parse(iso), when);
}

function matcher(key: string, value: string): (r: ImageRow) => boolean {
  if ((TIMES as readonly string[]).includes(key)) {
    const t = timeFilter(key, value);
    return (r) => t(r[key as (typeof TIMES)[number]]);
  }
  if (key === 'size_min') return (r) => r.size >= Number(value);
  if (key === 'size_max') return (r) => r.size <= Number(value);
  if (IN_FILTERS.has(key) && value.startsWith('in:')) {
    // glance's split_filter_value_for_quotes: commas separate values, double quotes may hold them.
    const values = [...value.slice(3).matchAll(/"([^"]*)"|([^,]+)/g)].map((m) => m[1] ?? m[2]);
    return (r) => values.includes(String(r[key as (typeof CORE)[number]]));
  }
  if ((CORE as readonly string[]).includes(key)) return (r) => String(r[key as (typeof CORE)[number]]) === value;
  return (r) => (JSON.parse(r.properties || '{}') as Record<string, unknown>)[key] === value;
}

const SORT_KEYS = ['name', 'status', 'container_format', 'disk_format', 'size', 'id', 'created_at', 'updated_at'] as const;

/** `rows` in creation order, sorted as glance's sort_key/sort_dir ask. */
function sorted(rows: ImageRow[], req: ApiRequest): ImageRow[] {
  const key = req.query.get('sort_key') ?? 'created_at';
  const dir = req.query.get('sort_dir') ?? 'desc';
  if (!(SORT_KEYS as readonly string[]).includes(key)) throw badRequest(`Invalid sort key: ${key}. It should be one of the following: ${SORT_KEYS.join(', ')}.`);
  if (dir !== 'asc' && dir !== 'desc') throw badRequest(`Invalid sort direction: ${dir}`);
  const k = key as (typeof SORT_KEYS)[number];
  const sign = dir === 'asc' ? 1 : -1;
  const ordered = dir === 'asc' ? [...rows] : [...rows].reverse();
  return ordered.sort((a, b) => (a[k] === b[k] ? 0 : (a[k] ?? '') < (b[k] ?? '') ? -sign : sign));
}

export function listedImages(all: ImageRow[], req: ApiRequest): { rows: ImageRow[]; next: string | null } {
  const tests = [...req.query.entries()].filter(([k]) => !NOT_FILTERS.has(k)).map(([k, v]) => matcher(k, v));
  let rows = sorted(all, req).filter((r) => canSee(req, r)).filter((r) => tests.every((t) => t(r)));
  const marker = req.query.get('marker');
  if (marker !== null) {
    const at = rows.findIndex((r) => r.id === marker);
    if (at < 0) throw badRequest(`Invalid marker. Image ${marker} could not be found.`);
    rows = rows.slice(at + 1);
  }
  const rawLimit = req.query.get('limit');
  if (rawLimit === null) return { rows, next: null };
  const limit = Number(rawLimit);
  if (!/^\d+$/.test(rawLimit)) throw badRequest('limit param must be an integer');
  const page = rows.slice(0, limit);
  if (page.length < limit || page.length === rows.length || page.length === 0) return { rows: page, next: null };
  const q = new URLSearchParams(req.query);
  q.set('marker', page[page.length - 1].id);
  return { rows: page, next: `/v2/images?${q.toString()}` };
}
