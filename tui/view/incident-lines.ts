// The incidents pane as lines: a title line (window, counts, freshness), a key hint, then one
// block per group — count × cause on host, first → last time, statuses and stage, probable
// cause, next check, example request ids — as `nova-trace incidents` prints them, the
// selected block marked and kept on screen.

import type { IncidentGroup } from '../../core/fleet/incidents.js';
import type { IncidentPaneData } from '../model/types.js';
import { ERROR_TEXT_STYLE, HIGHLIGHT_STYLE, HINT_STYLE, TITLE_STYLE, WARNING_TEXT_STYLE } from './colors.js';
import { EMPTY_LINE, fitLine, lineWidth, seg, type Line, type Seg } from './screen-line.js';
import { sanitize, wrapCells } from './text-cells.js';

const INDENT = 7;
const SELECTED = { inverse: true } as const;

function windowText(d: IncidentPaneData): string {
  const w = d.report!.window;
  const since = w.since_ms;
  const last = since === null ? '' : since >= 3_600_000 ? `the last ${+(since / 3_600_000).toFixed(2)} h` : `the last ${Math.round(since / 60_000)} min`;
  return `${last ? `${last} of the logs, ` : ''}${w.from} → ${w.to.slice(11)}`;
}

/** This machine's time of day: when the count was made. */
function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

function titleLine(d: IncidentPaneData, width: number): Line {
  const segs: Seg[] = [seg('incidents  ', TITLE_STYLE)];
  const r = d.report;
  if (r) {
    segs.push(r.failed_or_stuck ? seg(`${r.failed_or_stuck} failed or stuck`, HIGHLIGHT_STYLE) : seg('none failed or stuck', { color: 'green' }),
      seg(`${r.incidents.length ? ` in ${r.incidents.length} group(s)` : ''} of ${r.boots} boot(s)`));
  }
  const fresh = d.running ? (r ? 'counting again…' : '') : d.updated !== null ? `counted ${clock(d.updated)}` : '';
  const lw = lineWidth({ segs });
  if (fresh && lw + 2 + fresh.length <= width) segs.push(seg(' '.repeat(width - lw - fresh.length)), seg(fresh, HINT_STYLE));
  return fitLine({ segs }, width);
}

function wrappedAfter(label: string, text: string, width: number): Line[] {
  const room = Math.max(1, width - INDENT);
  return wrapCells(sanitize(text), Math.max(1, room - label.length)).map((c, i) =>
    fitLine({ segs: [seg(' '.repeat(INDENT)), seg(i === 0 ? label : ' '.repeat(label.length), HINT_STYLE), seg(c)] }, width));
}

/** One group's lines; the first carries the selection marker. Times without their date when the window is within one day. */
export function groupLines(g: IncidentGroup, selected: boolean, width: number, oneDay: boolean): Line[] {
  const statuses = Object.entries(g.statuses).map(([s, n]) => `${n} ${s}`).join(', ');
  const sameDay = g.first.slice(0, 10) === g.last.slice(0, 10);
  const first = oneDay && sameDay ? g.first.slice(11) : g.first;
  const head: Seg[] = [
    seg(selected ? '▶' : ' ', selected ? HIGHLIGHT_STYLE : undefined),
    seg(`${String(g.count).padStart(4)} × `, selected ? SELECTED : TITLE_STYLE),
    seg(sanitize(g.cause), selected ? { ...SELECTED, bold: true } : HIGHLIGHT_STYLE),
    ...(g.host ? [seg(' on ', selected ? SELECTED : undefined), seg(sanitize(g.host), selected ? SELECTED : { color: 'cyan' })] : []),
    seg(`  ${first} → ${sameDay ? g.last.slice(11) : g.last}  `),
    seg(statuses, g.statuses.STUCK ? WARNING_TEXT_STYLE : ERROR_TEXT_STYLE),
    ...(g.failed_stage ? [seg('  at '), seg(g.failed_stage, { color: 'cyan' })] : []),
  ];
  const out: Line[] = [fitLine({ segs: head }, width)];
  if (g.probable_cause) out.push(...wrappedAfter('cause: ', g.probable_cause, width));
  if (g.next_check) out.push(...wrappedAfter('check: ', g.next_check, width));
  out.push(...wrappedAfter('e.g. ', g.examples.join(', '), width));
  return out;
}

/** The pane: title, hint, then the groups from the one that keeps the selected group whole on screen. */
export function incidentPaneLines(d: IncidentPaneData | null, width: number, height: number): Line[] {
  if (height <= 0) return [];
  if (!d) return [fitLine({ segs: [seg('no incidents', HINT_STYLE)] }, width)];
  const out: Line[] = [titleLine(d, width)];
  if (d.state === 'error') out.push(...wrapCells(sanitize(`incidents could not be counted: ${d.error ?? 'unknown error'}`), Math.max(1, width)).map((c) => fitLine({ segs: [seg(c, ERROR_TEXT_STYLE)] }, width)));
  if (!d.report) {
    if (d.state !== 'error') out.push(fitLine({ segs: [seg('indexing the logs and tracing the boots of the window…', HINT_STYLE)] }, width));
    return out.slice(0, height);
  }
  const r = d.report;
  out.push(fitLine({ segs: [seg(`window: ${windowText(d)} (back from the newest log line; keys 2–6 choose the last 1m … 1h)`, HINT_STYLE)] }, width));
  if (r.withheld) out.push(...wrapCells(sanitize(r.withheld.note), Math.max(1, width)).map((c) => fitLine({ segs: [seg(c, WARNING_TEXT_STYLE)] }, width)));
  if (r.incidents.length === 0) {
    out.push(EMPTY_LINE, fitLine({ segs: [seg(`no failed or stuck boot in the window (${r.boots} boot(s) traced or seen to end well)`, HINT_STYLE)] }, width));
    return out.slice(0, height);
  }
  out.push(fitLine({ segs: [seg('↑/↓ select a group  Enter: the trace of its latest request  q/Esc or !: close', HINT_STYLE)] }, width));
  const room = height - out.length;
  const oneDay = r.window.from.slice(0, 10) === r.window.to.slice(0, 10);
  const blocks = r.incidents.map((g, i) => [EMPTY_LINE, ...groupLines(g, i === d.focus, width, oneDay)]);
  let first = 0;
  let used = 0;
  for (let i = d.focus; i >= 0; i--) {
    if (used + blocks[i].length > room && i < d.focus) break;
    used += blocks[i].length;
    first = i;
  }
  const body = blocks.slice(first).flat().slice(0, room);
  if (first > 0 && body.length) body[0] = fitLine({ segs: [seg(`… ${first} group(s) above`, HINT_STYLE)] }, width);
  return [...out, ...body];
}
