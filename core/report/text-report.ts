// The terminal report of one trace: headline and verdict, the stage timeline as bars on a
// shared time axis, the root cause with its traceback, the signature's advice, the filter
// funnel and the attempts. Non-boot operations get a per-service timeline instead.

import type { StageSpan, Trace, TraceRecord } from '../trace/trace-types.js';
import type { Style } from './ansi.js';
import { formatDuration, timeOfDay } from './durations.js';

export interface TextReportOptions {
  style: Style;
  width?: number;
  /** Print every record of the trace after the summary. */
  records?: boolean;
  /** Traceback lines to show (the rest is elided). */
  tracebackLines?: number;
}

const BAR_WIDTH = 28;

function parseTs(ts: string | null): number {
  if (!ts) return NaN;
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,3}))?/.exec(ts);
  if (m) return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], Number((m[7] ?? '0').padEnd(3, '0')));
  const j = /(\d\d):(\d\d):(\d\d)(?:\.(\d{1,3}))?/.exec(ts);
  return j ? ((+j[1] * 60 + +j[2]) * 60 + +j[3]) * 1000 + Number((j[4] ?? '0').padEnd(3, '0')) : NaN;
}

function bar(s: StageSpan, t0: number, t1: number, st: Style): string {
  if (s.start === null || !(t1 > t0)) return ' '.repeat(BAR_WIDTH);
  const a = parseTs(s.start), b = a + (s.duration_ms ?? 0);
  const from = Math.max(0, Math.min(BAR_WIDTH - 1, Math.floor(((a - t0) / (t1 - t0)) * BAR_WIDTH)));
  const to = Math.max(from + 1, Math.min(BAR_WIDTH, Math.ceil(((b - t0) / (t1 - t0)) * BAR_WIDTH)));
  const body = '█'.repeat(to - from);
  const colored = s.status === 'failed' ? st.red(body) : st.green(body);
  return ' '.repeat(from) + colored + ' '.repeat(BAR_WIDTH - to);
}

function statusCell(s: StageSpan, st: Style): string {
  switch (s.status) {
    case 'ok': return st.green('ok'.padEnd(11));
    case 'failed': return st.red(st.bold('FAILED'.padEnd(11)));
    case 'in_progress': return st.yellow('running'.padEnd(11));
    case 'stalled': return st.yellow(st.bold('STALLED'.padEnd(11)));
    case 'rolled_back': return st.yellow('rolled back');
    case 'aborted': return st.yellow('aborted'.padEnd(11));
    case 'not_logged': return st.dim('not logged');
    default: return st.dim('not reached');
  }
}

function recordLine(r: TraceRecord, st: Style): string {
  const where = `${r.file}:${r.line ?? `@${r.offset}`}`;
  const lvl = r.level === 'ERROR' || r.level === 'CRITICAL' ? st.red(r.level) : r.level === 'WARNING' ? st.yellow(r.level) : (r.level ?? '');
  return `${st.dim(timeOfDay(r.ts))} ${r.service.padEnd(9)} ${(r.host ?? '').padEnd(10)} ${lvl.padEnd(7)} ${r.message}  ${st.dim(where)}`;
}

export function renderTextReport(t: Trace, o: TextReportOptions): string {
  const st = o.style;
  const out: string[] = [];
  const v = t.verdict;
  const head = v.status === 'ACTIVE' || v.status === 'COMPLETED' ? st.green(st.bold(v.status)) : v.status === 'ERROR' || v.status === 'STUCK' ? st.red(st.bold(v.status)) : st.yellow(st.bold(v.status));
  out.push(`${st.bold('nova-trace')} ${t.query}  ${st.cyan(t.operation)}${t.instances.length ? `  instance ${t.instances.join(', ')}` : ''}`);
  const linked = t.request_ids.filter((id) => id !== t.query && id !== t.request_id);
  if (linked.length) out.push(st.dim(`joined with ${linked.length} linked request id(s) through the global request id (listed with --records and --json)`));
  if (t.request_id && t.request_id !== t.query) out.push(st.dim(`the boot of this instance is request ${t.request_id}`));
  if (t.instance_outcomes) {
    for (const o of t.instance_outcomes) {
      const mark = o.instance === t.focus_instance ? '▶' : ' ';
      const stt = o.status === 'ACTIVE' ? st.green(o.status) : o.status === 'ERROR' || o.status === 'STUCK' ? st.red(o.status) : st.yellow(o.status);
      out.push(`${mark} ${o.instance}  ${stt}${o.host ? ` on ${o.host}` : ''}${o.cause ?? o.signature ? ` (${o.cause ?? o.signature})` : ''}`);
    }
  }
  out.push(`${head}  ${v.summary}   ${st.dim(`${timeOfDay(t.start)} → ${timeOfDay(t.end)}, ${formatDuration(t.duration_ms)}, ${t.records.length} records`)}`);
  out.push('');

  if (t.stages.length) {
    const t0 = Math.min(...t.stages.filter((s) => s.start).map((s) => parseTs(s.start)));
    const t1 = Math.max(...t.stages.filter((s) => s.end).map((s) => parseTs(s.start) + (s.duration_ms ?? 0)));
    out.push(st.dim(`  ${'#'.padEnd(2)} ${'stage'.padEnd(30)} ${'host'.padEnd(12)} ${'status'.padEnd(11)} ${'start'.padEnd(12)} ${'duration'.padStart(9)}  timeline`));
    for (const s of t.stages) {
      out.push(`  ${String(s.attempt).padEnd(2)} ${s.stage.padEnd(30)} ${(s.host ?? '').slice(0, 12).padEnd(12)} ${statusCell(s, st)} ${timeOfDay(s.start).padEnd(12)} ${formatDuration(s.duration_ms).padStart(9)}  ${bar(s, t0, t1, st)}`);
    }
    out.push('');
  } else if (t.timeline.length) {
    out.push(st.dim(`  ${'service'.padEnd(12)} ${'host'.padEnd(16)} ${'first'.padEnd(12)} ${'last'.padEnd(12)} records`));
    for (const l of t.timeline) {
      out.push(`  ${l.service.padEnd(12)} ${(l.host ?? '').padEnd(16)} ${timeOfDay(l.start).padEnd(12)} ${timeOfDay(l.end).padEnd(12)} ${l.records}${l.errors ? st.red(` (${l.errors} errors)`) : ''}`);
    }
    out.push('');
  }

  if (v.status === 'ACTIVE') {
    // The line that proves it: the build's own end, else the guest's spawn.
    const done = [...t.records].reverse().find((r) => r.stage === 'instance.active' || /^Took [\d.]+ seconds to build instance/.test(r.message))
      ?? [...t.records].reverse().find((r) => r.message.startsWith('Instance spawned successfully'));
    if (done) out.push(`${st.bold('Active')}     ${timeOfDay(done.ts)} ${done.service}${done.host ? `@${done.host}` : ''} ${done.message}  ${st.dim(`${done.file}:${done.line ?? `@${done.offset}`}`)}`);
  }
  if (t.attempts.length > 1) {
    out.push(`${st.bold('Attempts')}  ${t.attempts.map((a) => `${a.attempt}: ${a.host} ${a.result}${a.reason ? ` (${a.reason})` : ''}`).join('  →  ')}`);
  }
  if (v.filter_steps.length) {
    out.push(`${st.bold('Filters')}   ${v.filter_steps.map((f) => { const s = `${f.filter} ${f.hosts_before ?? '?'}→${f.hosts_after}`; return f.filter === v.filter ? st.red(st.bold(s)) : s; }).join(', ')}`);
  }
  if (v.root_cause) {
    const rc = v.root_cause;
    out.push(`${st.bold('Root cause')}${v.failed_stage ? ` in ${st.red(v.failed_stage)}` : ''} on ${rc.service}${rc.host ? `@${rc.host}` : ''}  ${st.dim(`${rc.file}:${rc.line ?? `@${rc.offset}`}`)}`);
    out.push(`  ${rc.ts} ${st.red(rc.message)}`);
    const n = o.tracebackLines ?? 14;
    const tb = rc.traceback;
    const shown = tb.length > n ? [...tb.slice(0, 2), `… ${tb.length - n} more lines …`, ...tb.slice(tb.length - (n - 2))] : tb;
    for (const l of shown) out.push(`    ${st.dim(l)}`);
  }
  if (v.placement) {
    const p = v.placement;
    const q = p.query;
    out.push(`${st.bold('Placement')}  asked for ${q ? Object.entries(q.resources).map(([rc, n]) => `${rc}:${n}`).join(', ') : '(query not in these logs)'}${q?.member_of.length ? ` in aggregate(s) ${q.member_of.flat().join(',')}` : ''}${p.zone ? ` (zone '${p.zone}')` : ''}${q?.required.length ? `, required ${q.required.join(',')}` : ''}${q?.forbidden.length ? `, forbidden ${q.forbidden.join(',')}` : ''}`);
    for (const h of p.hosts) out.push(`  ${h.host.padEnd(14)} free ${Object.entries(h.free).map(([rc, n]) => `${rc} ${n}`).join(', ')}  ${st.dim(`(report ${timeOfDay(h.at)})`)}`);
    if (p.limiting) out.push(`  ${st.red(`limiting: ${p.limiting.kind} ${p.limiting.name}`)} — ${p.limiting.detail}`);
    if (p.unexplained) out.push(st.yellow(`  unexplained: ${p.unexplained}`));
    for (const m of p.missing) out.push(st.yellow(`  not in these logs: ${m}`));
  }
  if (v.evidence?.length) {
    out.push(st.bold('Evidence'));
    for (const e of v.evidence) {
      const lvl = e.level === 'WARNING' ? st.yellow(e.level) : st.red(e.level ?? '');
      out.push(`  ${st.dim(timeOfDay(e.ts))} ${e.service}${e.host ? `@${e.host}` : ''} ${lvl} ${e.message.slice(0, 200)}${e.exception && !e.message.includes(e.exception) ? ` (${e.exception})` : ''}  ${st.dim(`${e.file}:${e.line ?? `@${e.offset}`}`)}`);
    }
  }
  if (v.cause) {
    out.push(`${st.bold('Cause')}      ${st.red(v.cause.id)}: ${v.cause.probable_cause}`);
    out.push(`${st.bold('Next')}       ${v.cause.next_check}`);
    if (v.signature) out.push(st.dim(`Ending     ${v.signature}: ${v.probable_cause}`));
  } else if (v.stuck) {
    out.push(`${st.bold('Stuck')}      last line ${v.stuck.last_record} (${v.stuck.last_stage ?? 'no stage'}); the logs go on to ${v.stuck.logs_until}; waiting for ${v.stuck.waiting_for}`);
    if (v.probable_cause) out.push(`${st.bold('Cause')}      ${v.probable_cause}`);
    if (v.next_check) out.push(`${st.bold('Next')}       ${v.next_check}`);
  } else if (v.signature) {
    out.push(`${st.bold('Signature')}  ${v.signature}${v.probable_cause ? `: ${v.probable_cause}` : ''}`);
    if (v.next_check) out.push(`${st.bold('Next')}       ${v.next_check}`);
  } else if (v.probable_cause) {
    // An operation's failure its model names (no catalogue cause, no boot signature).
    out.push(`${st.bold('Cause')}      ${v.probable_cause}`);
    if (v.next_check) out.push(`${st.bold('Next')}       ${v.next_check}`);
  }
  for (const w of t.warnings) out.push(st.yellow(`note: ${w}`));
  if (t.unparsed.length) {
    out.push(st.yellow(`${t.unparsed.length} line(s) name the request but fit no log format (kept, not interpreted):`));
    for (const u of t.unparsed.slice(0, 5)) out.push(`  ${st.dim(`${u.file}:${u.line ?? `@${u.offset}`}`)} ${u.text.slice(0, 200)}`);
  }
  if (o.records) {
    if (linked.length) out.push('', `${st.bold('Linked request ids')} ${linked.join(', ')}`);
    out.push('', st.bold('Records'));
    for (const r of t.records) {
      out.push(recordLine(r, st));
      for (const c of r.continuation) out.push(`    ${st.dim(c)}`);
    }
  }
  return out.join('\n') + '\n';
}
