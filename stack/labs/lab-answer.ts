// Judging a trainee's answer to a lab (pure): the cause, the host, and the log line that proves
// it (FILE:LINE or a quoted fragment), checked against the lab's own trace — the JSON
// `nova-trace <request id> --json` prints (only the fields read here are typed: stack/ does not
// import the tracer) — and the lab's proof in the catalogue.

import type { Lab } from './lab-catalog.js';

/** The name of the host whose logs hold the control plane's services (api, scheduler, conductor, placement, neutron, glance…). */
export const CONTROLLER = 'controller';

export interface LabTraceJson {
  request_ids: string[];
  records: { file: string; line: number | null; offset: number; host: string | null; service: string; message: string; continuation: string[] }[];
}

/** One physical line of the boot: a record's first line or one of its continuation lines. */
export interface TraceLine { file: string; line: number | null; offset: number | null; host: string; service: string; text: string }

export interface Answer { cause: string; host?: string; line?: string; quote?: string }

export type Part = { ok: true } | { ok: false; why: string };

export interface Judgement {
  /** Cause, host and evidence all right (a guided answer may omit host and evidence). */
  correct: boolean;
  /** What a hands-on answer still lacks ('--host', '--line or --quote'); empty when complete. */
  missing: string[];
  cause: Part;
  host: Part | null;
  evidence: Part | null;
  /** The lines that prove the cause; `matched` is the one the trainee named. */
  proving: TraceLine[];
  matched: TraceLine | null;
}

/**
 * Every line of the trace with its line number. A record's continuation lines usually follow it
 * (line + 1, + 2…), but another process's line can fall inside a traceback: given the files'
 * lines (`fileLines`, 1-based through index + 1), each continuation is placed on the next
 * physical line that ends with its text.
 */
export function traceLines(t: LabTraceJson, fileLines?: (file: string) => readonly string[] | null): TraceLine[] {
  const out: TraceLine[] = [];
  for (const r of t.records) {
    const host = r.host ?? CONTROLLER;
    out.push({ file: r.file, line: r.line, offset: r.offset, host, service: r.service, text: r.message });
    const physical = r.line !== null && r.continuation.length ? fileLines?.(r.file) ?? null : null;
    let at = r.line ?? 0;
    for (const text of r.continuation) {
      if (r.line === null) { out.push({ file: r.file, line: null, offset: null, host, service: r.service, text }); continue; }
      let next = at + 1;
      if (physical) {
        let k = next;
        while (k <= physical.length && !physical[k - 1].trimEnd().endsWith(text.trimEnd())) k++;
        if (k <= physical.length) next = k;
      }
      at = next;
      out.push({ file: r.file, line: at, offset: null, host, service: r.service, text });
    }
  }
  return out;
}

export function provingLines(lines: readonly TraceLine[], lab: Lab): TraceLine[] {
  const re = new RegExp(lab.proof.pattern, 'i');
  return lines.filter((l) => re.test(l.text) && (!lab.proof.services || lab.proof.services.includes(l.service)));
}

/** The hosts an answer may name: where a proving line was logged (compute hosts only if the lab says so), within the fault's hosts. */
export function acceptedHosts(proving: readonly TraceLine[], lab: Lab): string[] {
  const faultHosts = lab.faults.map((f) => f.host).filter((h): h is string => !!h);
  const hosts = new Set(proving.map((l) => l.host).filter((h) => (lab.proof.host === 'compute' ? h !== CONTROLLER : true)));
  return [...hosts].filter((h) => faultHosts.length === 0 || faultHosts.includes(h)).sort();
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
const sameFile = (given: string, traced: string) => {
  const g = given.replace(/\\/g, '/'), t = traced.replace(/\\/g, '/');
  return g === t || g.endsWith('/' + t) || t.endsWith('/' + g);
};
const where = (l: TraceLine) => `${l.file}:${l.line ?? `@${l.offset}`}`;
const cut = (s: string) => (s.length > 120 ? `${s.slice(0, 117)}…` : s);

export const MIN_QUOTE = 8;

function judgeLine(ref: string, lines: readonly TraceLine[], proving: readonly TraceLine[]): { part: Part; matched: TraceLine | null } {
  const m = /^(.+):(@?)(\d+)$/.exec(ref);
  if (!m) return { part: { ok: false, why: `--line wants FILE:LINE (e.g. nova-compute-cmp1.log:118), not '${ref}'` }, matched: null };
  const [, file, at, num] = m;
  const n = Number(num);
  const hit = (l: TraceLine) => sameFile(file, l.file) && (at ? l.offset === n : l.line === n);
  const line = lines.find(hit);
  if (!line) return { part: { ok: false, why: `${ref} is not a line of this boot (nova-trace <request id> --records lists them)` }, matched: null };
  if (!proving.includes(line)) return { part: { ok: false, why: `${ref} belongs to this boot but does not show the cause: "${cut(line.text)}"` }, matched: null };
  return { part: { ok: true }, matched: line };
}

/** True when `q` occurs in `line` where the proof's pattern matches (the quote covers the telling words, not just the line). */
export function quoteOverlapsProof(line: string, q: string, pattern: string): boolean {
  const spans = [...line.matchAll(new RegExp(pattern, 'gi'))].map((m) => [m.index, m.index + Math.max(1, m[0].length)] as const);
  for (let at = line.indexOf(q); at >= 0; at = line.indexOf(q, at + 1)) {
    if (spans.some(([a, b]) => at < b && a < at + q.length)) return true;
  }
  return false;
}

function judgeQuote(quote: string, lab: Lab, lines: readonly TraceLine[], proving: readonly TraceLine[]): { part: Part; matched: TraceLine | null } {
  const q = norm(quote);
  if (q.length < MIN_QUOTE) return { part: { ok: false, why: `quote at least ${MIN_QUOTE} characters of the line, not "${quote}"` }, matched: null };
  const telling = proving.find((l) => quoteOverlapsProof(norm(l.text), q, lab.proof.pattern));
  if (telling) return { part: { ok: true }, matched: telling };
  const anywhere = lines.find((l) => norm(l.text).includes(q));
  if (!anywhere) return { part: { ok: false, why: `no line of this boot contains "${quote}"` }, matched: null };
  return { part: { ok: false, why: `"${quote}" is in ${where(anywhere)}, but those words do not show the cause: quote the part that does` }, matched: null };
}

/** What a hands-on answer must still name (nothing for a guided one). */
export function missingParts(answer: Answer, handsOn: boolean): string[] {
  const missing: string[] = [];
  if (handsOn && answer.host === undefined) missing.push('--host HOST');
  if (handsOn && answer.line === undefined && answer.quote === undefined) missing.push('--line FILE:LINE or --quote "TEXT"');
  return missing;
}

/**
 * Judge `answer` for `lab`. `handsOn`: host and evidence are required; guided answers may give
 * only the cause (what nova-trace names), and any evidence they give is checked the same way.
 * `knownHosts`: the lab stack's hosts, to tell "not a host" from "not this host".
 */
export function judgeAnswer(lab: Lab, answer: Answer, lines: readonly TraceLine[], handsOn: boolean, knownHosts: readonly string[]): Judgement {
  const proving = provingLines(lines, lab);
  const missing = missingParts(answer, handsOn);
  const cause: Part = answer.cause === lab.answer ? { ok: true } : { ok: false, why: `${answer.cause} is not what failed this boot` };
  let host: Part | null = null;
  if (answer.host !== undefined) {
    const hosts = acceptedHosts(proving, lab);
    const h = answer.host.toLowerCase();
    host = hosts.some((x) => x.toLowerCase() === h) ? { ok: true }
      : knownHosts.some((x) => x.toLowerCase() === h) ? { ok: false, why: `${answer.host}'s logs do not show the cause of this boot` }
        : { ok: false, why: `${answer.host} is not a host of the lab stack (${knownHosts.join(', ')})` };
  }
  let evidence: Part | null = null;
  let matched: TraceLine | null = null;
  if (answer.line !== undefined) ({ part: evidence, matched } = judgeLine(answer.line, lines, proving));
  else if (answer.quote !== undefined) ({ part: evidence, matched } = judgeQuote(answer.quote, lab, lines, proving));
  const correct = missing.length === 0 && cause.ok && (host?.ok ?? true) && (evidence?.ok ?? true);
  return { correct, missing, cause, host, evidence, proving, matched };
}

/** "the cause is right; the host is not" and the reasons for the wrong parts. */
export function describeJudgement(j: Judgement, evidenceName: 'line' | 'quote'): string[] {
  const parts: [string, Part | null][] = [['cause', j.cause], ['host', j.host], [evidenceName, j.evidence]];
  const given = parts.filter((p): p is [string, Part] => p[1] !== null);
  const anyRight = given.some(([, p]) => p.ok);
  const head = given.map(([name, p]) => `the ${name} is ${p.ok ? 'right' : anyRight ? 'not' : 'not right'}`).join('; ');
  const why = given.filter(([, p]) => !p.ok).map(([name, p]) => `  ${name}: ${(p as { why: string }).why}`);
  return [head, ...why];
}

/** The proving lines to show after a correct answer: the one named first, then one per other file. */
export function linesToShow(j: Judgement, max = 3): TraceLine[] {
  const out: TraceLine[] = j.matched ? [j.matched] : [];
  for (const l of j.proving) {
    if (out.length >= max) break;
    if (!out.some((o) => o.file === l.file)) out.push(l);
  }
  return out;
}

export const lineWhere = where;
