// The trace pane as lines: a fixed title line, then a scrollable body — verdict, stage table,
// attempts, filter funnel, root cause with capped traceback, cause and next check, clock
// notes, warnings. Pure data from a TracePaneData; mirrors what core/report/text-report.ts
// prints for the CLI, fitted to the pane width (prose wraps, tables cut).

import { formatDuration, timeOfDay } from '../../core/report/durations.js';
import type { Trace } from '../../core/trace/trace-types.js';
import type { TracePaneData } from '../model/types.js';
import { ERROR_TEXT_STYLE, HIGHLIGHT_STYLE, HINT_STYLE, TITLE_STYLE, VERDICT_STYLES, WARNING_TEXT_STYLE } from './colors.js';
import { EMPTY_LINE, fitLine, lineWidth, seg, type Line, type Seg, type SegStyle } from './screen-line.js';
import { stageTableLines, timelineLines } from './stage-table.js';
import { cellWidth, sanitize, sliceCells, wrapCells } from './text-cells.js';

/** Traceback lines shown under the root cause: the first TRACEBACK_HEAD, then "… N more lines …", then the tail. */
export const TRACEBACK_CAP = 12;
const TRACEBACK_HEAD = 2;
const LABEL_CELLS = 12;
const LIVE_STYLE: SegStyle = { color: 'yellow', bold: true };

/** `label` in a LABEL_CELLS column, then `lead` and `text` word-wrapped under it, continuation lines indented. */
function labelled(label: string, lead: Seg[], text: string, style: SegStyle | undefined, width: number): Line[] {
  const indent = Math.min(LABEL_CELLS, Math.max(0, width - 10));
  const room = Math.max(1, width - indent);
  const labelSeg = seg(sliceCells(label.padEnd(indent), 0, indent), TITLE_STYLE);
  const leadW = lineWidth({ segs: lead });
  const clean = sanitize(text);
  const first = leadW < room ? wrapCells(clean, room - leadW)[0] : '';
  const rest = clean.slice(first.length).trimStart();
  const out: Line[] = [fitLine({ segs: [labelSeg, ...lead, seg(first, style)] }, width)];
  if (rest) for (const c of wrapCells(rest, room)) out.push(fitLine({ segs: [seg(' '.repeat(indent)), seg(c, style)] }, width));
  return out;
}

/** Items packed left to right after a label, separated by `sep`, onto as many lines as they need. */
function flow(label: string, items: Seg[], sep: string, width: number): Line[] {
  const indent = Math.min(LABEL_CELLS, Math.max(0, width - 10));
  const room = Math.max(1, width - indent);
  const out: Line[] = [];
  let cur: Seg[] = [seg(sliceCells(label.padEnd(indent), 0, indent), TITLE_STYLE)];
  let used = 0;
  for (const it of items) {
    const w = cellWidth(it.text);
    const sepW = used ? cellWidth(sep) : 0;
    if (used && used + sepW + w > room) {
      out.push(fitLine({ segs: cur }, width));
      cur = [seg(' '.repeat(indent))];
      used = 0;
    }
    if (used) cur.push(seg(sep, HINT_STYLE));
    cur.push(seg(sliceCells(it.text, 0, room), it.style));
    used += (used ? cellWidth(sep) : 0) + Math.min(w, room);
  }
  out.push(fitLine({ segs: cur }, width));
  return out;
}

function wrapped(text: string, style: SegStyle | undefined, width: number, indent = 0): Line[] {
  return wrapCells(sanitize(text), Math.max(1, width - indent)).map((c) => fitLine({ segs: [seg(' '.repeat(indent)), seg(c, style)] }, width));
}

function cappedTraceback(tb: readonly string[]): string[] {
  if (tb.length <= TRACEBACK_CAP) return [...tb];
  const tail = TRACEBACK_CAP - TRACEBACK_HEAD - 1;
  return [...tb.slice(0, TRACEBACK_HEAD), `… ${tb.length - TRACEBACK_HEAD - tail} more lines …`, ...tb.slice(tb.length - tail)];
}

function headline(t: Trace, width: number): Line[] {
  const v = t.verdict;
  const out: Line[] = [];
  if (t.instances.length) out.push(...labelled('instance', [], t.instances.join(', '), undefined, width));
  const linked = t.request_ids.filter((id) => id !== t.query);
  if (linked.length) out.push(...labelled('joined', [], `${linked.length} linked request id(s): ${linked.join(', ')}`, HINT_STYLE, width));
  out.push(...labelled(v.status, [], v.summary, undefined, width).map((l, i) => (i === 0 ? { segs: [seg(l.segs[0].text, VERDICT_STYLES[v.status]), ...l.segs.slice(1)] } : l)));
  out.push(...labelled('', [], `${timeOfDay(t.start)} → ${timeOfDay(t.end)}, ${formatDuration(t.duration_ms)}, ${t.records.length} records`, HINT_STYLE, width));
  return out;
}

function rootCause(t: Trace, width: number): Line[] {
  const v = t.verdict;
  const rc = v.root_cause;
  if (!rc) return [];
  const where = `${rc.service}${rc.host ? `@${rc.host}` : ''}`;
  const lead: Seg[] = [
    ...(v.failed_stage ? [seg('in '), seg(v.failed_stage, HIGHLIGHT_STYLE), seg(' ')] : []),
    seg(`on ${where}  `), seg(`${rc.file}:${rc.line ?? `@${rc.offset}`}`, HINT_STYLE),
  ];
  const out = [fitLine({ segs: [seg('Root cause '.slice(0, Math.max(0, width)), TITLE_STYLE), ...lead] }, width)];
  out.push(...wrapped(`${timeOfDay(rc.ts)} ${rc.message}`, ERROR_TEXT_STYLE, width, 2));
  for (const l of cappedTraceback(rc.traceback)) out.push(fitLine({ segs: [seg('    '), seg(sanitize(l), { color: 'red', dim: true })] }, width));
  return out;
}

function advice(t: Trace, width: number): Line[] {
  const v = t.verdict;
  const out: Line[] = [];
  if (v.cause) {
    out.push(...labelled('Cause', [seg(v.cause.id, HIGHLIGHT_STYLE), seg(': ')], v.cause.probable_cause, undefined, width));
    out.push(...labelled('Next check', [], v.cause.next_check, undefined, width));
    if (v.signature) out.push(...labelled('Ending', [seg(`${v.signature}: `, HINT_STYLE)], v.probable_cause ?? '', HINT_STYLE, width));
  } else if (v.signature) {
    out.push(...labelled('Signature', [seg(v.signature, HIGHLIGHT_STYLE), ...(v.probable_cause ? [seg(': ')] : [])], v.probable_cause ?? '', undefined, width));
    if (v.next_check) out.push(...labelled('Next check', [], v.next_check, undefined, width));
  }
  return out;
}

/** Everything below the title line, top to bottom. */
export function traceBodyLines(t: Trace, width: number): Line[] {
  const v = t.verdict;
  const out: Line[] = [...headline(t, width), EMPTY_LINE];
  const table = t.stages.length ? stageTableLines(t, width) : timelineLines(t, width);
  if (table.length) out.push(...table, EMPTY_LINE);
  if (t.attempts.length > 1) {
    out.push(...flow('Attempts', t.attempts.map((a) => seg(`${a.attempt}: ${a.host} ${a.result}${a.reason ? ` (${sanitize(a.reason)})` : ''}`, a.result === 'failed' ? ERROR_TEXT_STYLE : undefined)), ' → ', width));
  }
  if (v.filter_steps.length) {
    out.push(...flow('Filters', v.filter_steps.map((f) => seg(`${f.filter} ${f.hosts_before ?? '?'}→${f.hosts_after}`, f.filter === v.filter ? HIGHLIGHT_STYLE : undefined)), ', ', width));
  }
  out.push(...rootCause(t, width), ...advice(t, width));
  for (const c of t.clock_offsets) {
    const by = `${formatDuration(Math.abs(c.offset_ms))} ${c.offset_ms >= 0 ? 'ahead' : 'behind'}`;
    out.push(...labelled('Clock', [seg(`${c.host} ${by}`, WARNING_TEXT_STYLE), seg(' — ')], c.evidence, HINT_STYLE, width));
  }
  for (const w of t.warnings) out.push(...labelled('note', [], w, WARNING_TEXT_STYLE, width));
  if (t.unparsed.length) out.push(...labelled('unparsed', [], `${t.unparsed.length} line(s) name the request but fit no log format`, WARNING_TEXT_STYLE, width));
  return out;
}

export function traceTitleLine(data: TracePaneData, width: number, scrollInfo: string): Line {
  const op = data.trace ? [seg('  '), seg(data.trace.operation, { color: 'cyan' })] : [];
  const live = data.live ? [seg('  '), seg('● live — updating', LIVE_STYLE)] : [];
  const left: Seg[] = [seg('trace ', TITLE_STYLE), seg(sanitize(data.query)), ...op, ...live];
  const lw = lineWidth({ segs: left });
  const right = scrollInfo && lw + 2 + scrollInfo.length <= width ? [seg(' '.repeat(width - lw - scrollInfo.length)), seg(scrollInfo, HINT_STYLE)] : [];
  return fitLine({ segs: [...left, ...right] }, width);
}

/** The pane: title line, then `height - 1` body lines from `data.scroll` (clamped so the last page stays full). */
export function tracePaneLines(data: TracePaneData | null, width: number, height: number): Line[] {
  if (height <= 0) return [];
  if (!data) return [fitLine({ segs: [seg('no trace', HINT_STYLE)] }, width)];
  let body: Line[];
  switch (data.state) {
    case 'loading': body = wrapped(`tracing ${data.query} …`, HINT_STYLE, width); break;
    case 'error': body = wrapped(`trace failed: ${data.error ?? 'unknown error'}`, ERROR_TEXT_STYLE, width); break;
    case 'not-found': body = wrapped(`no log record names ${data.query}`, WARNING_TEXT_STYLE, width); break;
    default: body = data.trace ? traceBodyLines(data.trace, width) : wrapped(`no log record names ${data.query}`, WARNING_TEXT_STYLE, width);
  }
  const room = height - 1;
  const scroll = Math.max(0, Math.min(data.scroll, body.length - room));
  const info = body.length > room ? `${scroll + 1}–${Math.min(body.length, scroll + room)}/${body.length}` : '';
  return [traceTitleLine(data, width, info), ...body.slice(scroll, scroll + room)];
}
