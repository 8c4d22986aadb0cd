// The trace pane's stage table: one line per stage span with name, host, status, duration
// and a bar on a time axis shared by every stage and scaled to the pane width. Invariant:
// columns shrink (host first, then the stage name, then the bar) so each line fits `width`.

import { formatDuration, timeOfDay } from '../../core/report/durations.js';
import type { StageSpan, Trace } from '../../core/trace/trace-types.js';
import { HINT_STYLE, STAGE_STATUS_STYLES } from './colors.js';
import { fitLine, seg, type Line } from './screen-line.js';
import { padCells, sanitize } from './text-cells.js';

const ATTEMPT_CELLS = 2;
const HOST_CELLS = 10;
const STATUS_CELLS = 11;
const DURATION_CELLS = 9;
const MIN_BAR_CELLS = 10;
const MIN_STAGE_CELLS = 12;

/** "2026-11-23 10:15:02.118" (or a bare "10:15:02.118") → ms, NaN when unreadable. */
export function traceTimeMs(ts: string | null): number {
  if (!ts) return NaN;
  const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?/.exec(ts);
  if (m) return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], Number((m[7] ?? '0').slice(0, 3).padEnd(3, '0')));
  const j = /(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?/.exec(ts);
  return j ? ((+j[1] * 60 + +j[2]) * 60 + +j[3]) * 1000 + Number((j[4] ?? '0').slice(0, 3).padEnd(3, '0')) : NaN;
}

interface Axis { t0: number; t1: number }

function axisOf(stages: readonly StageSpan[]): Axis | null {
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const s of stages) {
    const a = traceTimeMs(s.start);
    if (Number.isNaN(a)) continue;
    t0 = Math.min(t0, a);
    t1 = Math.max(t1, a + (s.duration_ms ?? 0));
  }
  return t1 > t0 ? { t0, t1 } : null;
}

function barText(s: StageSpan, axis: Axis | null, cells: number): string {
  const a = traceTimeMs(s.start);
  if (!axis || Number.isNaN(a) || cells <= 0) return '';
  const span = axis.t1 - axis.t0;
  const b = a + (s.duration_ms ?? 0);
  const from = Math.max(0, Math.min(cells - 1, Math.floor(((a - axis.t0) / span) * cells)));
  const to = Math.max(from + 1, Math.min(cells, Math.ceil(((b - axis.t0) / span) * cells)));
  return ' '.repeat(from) + '█'.repeat(to - from);
}

/** The bar column's heading: the axis start time at its left, the total span at its right (when they fit). */
function axisLabel(axis: Axis, cells: number): string {
  const left = new Date(axis.t0).toISOString().slice(11, 23);
  const right = `+${formatDuration(axis.t1 - axis.t0)}`;
  if (cells >= left.length + right.length + 1) return left + ' '.repeat(cells - left.length - right.length) + right;
  return cells >= left.length ? left : '';
}

export function stageTableLines(t: Trace, width: number): Line[] {
  const stages = t.stages;
  if (stages.length === 0) return [];
  let stageW = Math.max(...stages.map((s) => s.stage.length));
  let hostW = HOST_CELLS;
  const fixed = (): number => ATTEMPT_CELLS + stageW + 1 + (hostW ? hostW + 1 : 0) + STATUS_CELLS + 1 + DURATION_CELLS + 2;
  if (width - fixed() < MIN_BAR_CELLS) hostW = 0;
  if (width - fixed() < MIN_BAR_CELLS) stageW = Math.max(MIN_STAGE_CELLS, stageW - (MIN_BAR_CELLS - (width - fixed())));
  const barW = Math.max(0, width - fixed());
  const axis = axisOf(stages);

  const head = padCells('#', ATTEMPT_CELLS) + padCells('stage', stageW) + ' ' + (hostW ? padCells('host', hostW) + ' ' : '') +
    padCells('status', STATUS_CELLS) + ' ' + 'duration'.padStart(DURATION_CELLS) + '  ' +
    (axis ? axisLabel(axis, barW) : '');
  const out: Line[] = [fitLine({ segs: [seg(head, HINT_STYLE)] }, width)];
  for (const s of stages) {
    const st = STAGE_STATUS_STYLES[s.status];
    const dimmed = s.status === 'not_reached' || s.status === 'not_logged';
    const nameStyle = s.status === 'failed' ? st.style : dimmed ? HINT_STYLE : undefined;
    const segs = [
      seg(padCells(s.attempt > 1 ? String(s.attempt) : '', ATTEMPT_CELLS), HINT_STYLE),
      seg(padCells(s.stage, stageW), nameStyle),
      seg(' '),
      ...(hostW ? [seg(padCells(sanitize(s.host ?? ''), hostW) + ' ', dimmed ? HINT_STYLE : undefined)] : []),
      seg(padCells(st.label, STATUS_CELLS), st.style),
      seg(' ' + formatDuration(s.duration_ms).padStart(DURATION_CELLS) + '  ', dimmed ? HINT_STYLE : undefined),
      seg(barText(s, axis, barW), st.bar),
    ];
    out.push(fitLine({ segs }, width));
  }
  return out;
}

/** Non-boot operations: one line per service/host with its first and last record. */
export function timelineLines(t: Trace, width: number): Line[] {
  if (t.timeline.length === 0) return [];
  const out: Line[] = [fitLine({ segs: [seg(`${padCells('service', 12)} ${padCells('host', 14)} ${padCells('first', 12)} ${padCells('last', 12)} records`, HINT_STYLE)] }, width)];
  for (const l of t.timeline) {
    out.push(fitLine({
      segs: [
        seg(`${padCells(l.service, 12)} ${padCells(sanitize(l.host ?? ''), 14)} ${padCells(timeOfDay(l.start), 12)} ${padCells(timeOfDay(l.end), 12)} ${l.records}`),
        ...(l.errors ? [seg(` (${l.errors} errors)`, { color: 'red' })] : []),
      ],
    }, width));
  }
  return out;
}
