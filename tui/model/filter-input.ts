// The `f` prompt's little language → a ViewFilter. Terms, space-separated, applied left to right:
//   level>=warning | warning+      minimum level (debug, info, audit, warning, error, critical; `all+` = none)
//   -sched | +sched | +all         hide / show a service, by column label (api cond sched place cpu) or name
//   /regex/ | /regex/i             include only matching records ('' clears); smartcase: all-lowercase → /i
//   !/regex/                       exclude matching records ('!//' clears)
//   req-… | <instance uuid>        follow this boot (both may be given); `nofollow` stops following
//   clear                          drop every filter (the time window stays: it is on keys 0–6)
// Invariant: a bad term leaves the filter unchanged and says which term and why.

import { SERVICE_LABELS } from '../ingest/origins.js';
import { LEVEL_CODES, NO_FILTER, TIME_WINDOWS, hashId, type LevelCode, type ViewFilter } from './types.js';

/** Level names accepted in the prompt (lower case) → level code. */
const LEVEL_WORDS: Readonly<Record<string, LevelCode>> = {
  all: 0, any: 0, debug: 1, info: 2, audit: 3, warning: 4, warn: 4, error: 5, critical: 6, fatal: 6,
};

/** Column label → service (inverse of ingest's label table), so `-sched` hides the scheduler. */
const SERVICE_BY_LABEL: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SERVICE_LABELS).map(([service, label]) => [label, service]),
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REQ_ID = /^req-[0-9a-f-]{8,}$/i;
const LEVEL_TERM = /^(?:level\s*>=\s*(\w+)|(\w+)\+)$/i;

export const FILTER_HELP: readonly { keys: string; does: string }[] = [
  { keys: 'level>=warning, warning+', does: 'minimum level' },
  { keys: '-sched, +sched, +all', does: 'hide / show a service (label or name)' },
  { keys: '/regex/, !/regex/', does: 'include / exclude records (// or !// clears)' },
  { keys: 'req-…, <instance uuid>', does: 'follow this boot; nofollow stops' },
  { keys: 'clear', does: 'drop every filter' },
];

/** Split into terms; `/…/` and `!/…/` may hold spaces and escaped slashes. */
function tokenize(text: string): string[] | { error: string } {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ' || text[i] === '\t') { i++; continue; }
    const start = i;
    const slash = text[i] === '/' ? i : text.startsWith('!/', i) ? i + 1 : -1;
    if (slash >= 0) {
      let j = slash + 1;
      while (j < text.length && text[j] !== '/') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) return { error: `unclosed regex: ${text.slice(start)}` };
      j++;
      while (j < text.length && /[a-z]/.test(text[j])) j++;
      out.push(text.slice(start, j));
      i = j;
    } else {
      while (i < text.length && text[i] !== ' ' && text[i] !== '\t') i++;
      out.push(text.slice(start, i));
    }
  }
  return out;
}

function compileRegex(term: string): RegExp | null | { error: string } {
  const last = term.lastIndexOf('/');
  const source = term.slice(term.indexOf('/') + 1, last);
  let flags = term.slice(last + 1);
  if (source === '') return null;
  if (flags === '' && source === source.toLowerCase()) flags = 'i';
  try {
    return new RegExp(source, flags.replace(/[gy]/g, ''));
  } catch (e) {
    return { error: `bad regex ${term}: ${(e as Error).message}` };
  }
}

/** Service named by a label or name: `sched` → scheduler, `cpu@cmp1` → compute, `nova-api` → api. */
export function serviceNamed(word: string): string {
  const w = word.toLowerCase().replace(/@.*$/, '').replace(/^nova-/, '');
  return SERVICE_BY_LABEL[w] ?? w;
}

export function applyFilterInput(text: string, f: ViewFilter): { filter: ViewFilter } | { error: string } {
  const terms = tokenize(text.trim());
  if (!Array.isArray(terms)) return terms;
  let next: ViewFilter = f;
  let hidden: Set<string> | null = null;
  let follow = null as { req: string | null; inst: string | null } | null;
  const editHidden = (): Set<string> => (hidden ??= new Set(next.hiddenServices));
  for (const term of terms) {
    const lower = term.toLowerCase();
    const lv = LEVEL_TERM.exec(term);
    if (lower === 'clear') {
      next = { ...NO_FILTER, hiddenServices: new Set(), window: next.window };
      hidden = null;
      follow = null;
    } else if (lv) {
      const word = (lv[1] ?? lv[2]).toLowerCase();
      const code = LEVEL_WORDS[word];
      if (code === undefined) return { error: `unknown level '${word}' (${Object.keys(LEVEL_WORDS).join(', ')})` };
      next = { ...next, minLevel: code };
    } else if (term.startsWith('/') || term.startsWith('!/')) {
      const re = compileRegex(term);
      if (re && !(re instanceof RegExp)) return re;
      next = term.startsWith('!') ? { ...next, exclude: re } : { ...next, include: re };
    } else if (lower === '+all') {
      hidden = new Set();
    } else if ((term.startsWith('-') || term.startsWith('+')) && term.length > 1) {
      const service = serviceNamed(term.slice(1));
      if (term[0] === '-') editHidden().add(service);
      else editHidden().delete(service);
    } else if (REQ_ID.test(term)) {
      follow = { req: term, inst: follow?.inst ?? null };
    } else if (UUID.test(term)) {
      follow = { req: follow?.req ?? null, inst: term.toLowerCase() };
    } else if (lower === 'nofollow') {
      next = { ...next, follow: null };
      follow = null;
    } else {
      return { error: `unknown filter term '${term}' (try level>=warning, -sched, /regex/, !/regex/, req-…, clear)` };
    }
  }
  if (hidden) next = { ...next, hiddenServices: hidden };
  if (follow) next = { ...next, follow: followOf(follow.req, follow.inst) };
  return { filter: next };
}

/** The follow filter for a request id and/or an instance uuid. */
export function followOf(requestId: string | null, instance: string | null): ViewFilter['follow'] {
  if (!requestId && !instance) return null;
  const label = [requestId ? requestId.slice(0, 12) + '…' : null, instance ? instance.slice(0, 8) + '…' : null]
    .filter(Boolean).join(' ');
  return { label, reqHash: requestId ? hashId(requestId) : 0, instHash: instance ? hashId(instance) : 0 };
}

/** Active filters as short chips for the filter bar, e.g. ["-sched", "≥WARNING", "/boot/", "last 5m"]. */
export function filterChips(f: ViewFilter): string[] {
  const chips: string[] = [];
  for (const s of [...f.hiddenServices].sort()) chips.push(`-${SERVICE_LABELS[s] ?? s}`);
  if (f.minLevel > 0) chips.push(`≥${LEVEL_CODES[f.minLevel]}`);
  if (f.include) chips.push(`/${f.include.source}/`);
  if (f.exclude) chips.push(`!/${f.exclude.source}/`);
  if (f.follow) chips.push(f.follow.label);
  if (f.window !== 0) chips.push(TIME_WINDOWS[f.window].label);
  return chips;
}
