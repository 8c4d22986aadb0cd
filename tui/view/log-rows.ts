// The log view's layout as pure data: which columns fit a width, and the screen lines of one
// RowData (header, capped continuation, wrapping, hOffset). Invariant: every Line returned
// fits `width`, and rowLines(...).length is the exact number of screen lines a row takes.

import { timeOfDay } from '../../core/report/durations.js';
import type { Frame, RowData } from '../model/types.js';
import { HOST_STYLE, LEVEL_STYLES, LOG_STYLES, UNPARSED_LEVEL, serviceStyle } from './colors.js';
import { fitLine, seg, type Line, type Seg, type SegStyle } from './screen-line.js';
import { padCells, sanitize, sliceCells, wrapCells } from './text-cells.js';

/** Widths of the fixed columns (each but the gutter is followed by one space). */
export const COLUMN_CELLS = { gutter: 1, time: 12, label: 10, level: 5, requestId: 12, instance: 8 } as const;
/** Optional id columns are dropped (instance first) rather than leave the message fewer cells than this. */
export const MIN_MESSAGE_CELLS = 32;
/** Continuation lines shown under a record before "… N more lines". */
export const CONTINUATION_CAP = 12;
/** Continuation lines start this many cells right of the gutter. */
export const CONTINUATION_INDENT = 4;
export const GONE_TEXT = '‹text no longer on disk›';

export interface ColumnPlan {
  time: boolean;
  requestId: boolean;
  instance: boolean;
  /** Cell where the message column starts. */
  messageAt: number;
}

export function planColumns(width: number, showTimestamps: boolean): ColumnPlan {
  const c = COLUMN_CELLS;
  const at = (req: boolean, inst: boolean): number =>
    c.gutter + (showTimestamps ? c.time + 1 : 0) + c.label + 1 + c.level + 1 + (req ? c.requestId + 1 : 0) + (inst ? c.instance + 1 : 0);
  let requestId = true;
  let instance = true;
  if (width - at(requestId, instance) < MIN_MESSAGE_CELLS) instance = false;
  if (width - at(requestId, instance) < MIN_MESSAGE_CELLS) requestId = false;
  return { time: showTimestamps, requestId, instance, messageAt: at(requestId, instance) };
}

export interface RowLayout {
  plan: ColumnPlan;
  width: number;
  wrap: boolean;
  hOffset: number;
}

const TRACEBACK_START = /Traceback \(most recent call last\)|^\s+File "/;

function gutter(row: RowData): Seg {
  if (row.marked) return seg('▌', LOG_STYLES.mark);
  if (row.searchHit) return seg('*', LOG_STYLES.searchMarker);
  return seg(' ');
}

function labelSegs(row: RowData): Seg[] {
  const style = serviceStyle(row.origin.service);
  const text = padCells(sanitize(row.origin.label), COLUMN_CELLS.label);
  const at = text.indexOf('@');
  if (at <= 0) return [seg(text, style), seg(' ')];
  return [seg(text.slice(0, at), style), seg(text.slice(at), { ...style, ...HOST_STYLE }), seg(' ')];
}

function levelSeg(row: RowData): Seg {
  if (row.unparsed) return seg(UNPARSED_LEVEL.short, UNPARSED_LEVEL.style);
  if (row.gone || row.level === null) return seg(' '.repeat(COLUMN_CELLS.level));
  const s = LEVEL_STYLES[row.level];
  return s ? seg(s.short, s.style) : seg(padCells(row.level, COLUMN_CELLS.level));
}

/** `req-` + the first 8 hex digits (other id shapes: their first 12 characters). */
function compactRequestId(id: string | null): string {
  return id ? id.slice(0, COLUMN_CELLS.requestId) : '';
}

/** The fixed columns of a header line, up to the message column. */
function prefixSegs(row: RowData, plan: ColumnPlan): Seg[] {
  const c = COLUMN_CELLS;
  const dimIfContinues = (s: Seg): Seg => (row.continues ? seg(s.text, LOG_STYLES.continues) : s);
  const out: Seg[] = [gutter(row)];
  if (plan.time) out.push(seg(padCells(timeOfDay(row.tsText), c.time) + ' ', LOG_STYLES.time));
  out.push(...labelSegs(row).map(dimIfContinues), dimIfContinues(levelSeg(row)), seg(' '));
  if (plan.requestId) out.push(seg(padCells(compactRequestId(row.requestId), c.requestId) + ' ', LOG_STYLES.compactId));
  if (plan.instance) out.push(seg(padCells(row.instance?.slice(0, 8) ?? '', c.instance) + ' ', LOG_STYLES.compactId));
  return out;
}

function messageOf(row: RowData): { text: string; style?: SegStyle } {
  if (row.gone) return { text: GONE_TEXT, style: LOG_STYLES.gone };
  const text = sanitize(row.message);
  if (row.continues) return { text: '↳ ' + text, style: LOG_STYLES.continues };
  return { text, style: row.searchHit ? LOG_STYLES.searchHit : undefined };
}

/** Text cut for the no-wrap layout (hOffset applied) or broken into chunks for the wrap layout. */
function pieces(text: string, room: number, l: RowLayout): string[] {
  return l.wrap ? wrapCells(text, room, false) : [sliceCells(text, l.hOffset, room)];
}

/** Index of the first continuation line that belongs to a traceback (-1: none; 0 also when the message opens one). */
function tracebackFrom(row: RowData): number {
  if (TRACEBACK_START.test(row.message)) return 0;
  for (let i = 0; i < row.continuation.length; i++) if (TRACEBACK_START.test(row.continuation[i])) return i;
  return -1;
}

/** The screen lines of one row in this layout; `focused` puts the focus bar on its header line. */
export function rowLines(row: RowData, l: RowLayout, focused: boolean): Line[] {
  const out: Line[] = [];
  const prefix = prefixSegs(row, l.plan);
  const room = l.width - l.plan.messageAt;
  const msg = messageOf(row);
  const blankPrefix = seg(' '.repeat(Math.max(0, l.plan.messageAt)));
  pieces(msg.text, room, l).forEach((p, i) => {
    const body = p ? [seg(p, msg.style)] : [];
    out.push(fitLine({ segs: i === 0 ? [...prefix, ...body] : [blankPrefix, ...body] }, l.width));
  });
  if (focused) out[0] = { ...out[0], bar: LOG_STYLES.focus };
  if (row.gone) return out;

  const cont = row.continuation;
  const tbFrom = tracebackFrom(row);
  const shown = Math.min(cont.length, CONTINUATION_CAP);
  const indent = seg(' '.repeat(COLUMN_CELLS.gutter + CONTINUATION_INDENT));
  const contRoom = l.width - COLUMN_CELLS.gutter - CONTINUATION_INDENT;
  for (let i = 0; i < shown; i++) {
    const style = tbFrom >= 0 && i >= tbFrom ? LOG_STYLES.traceback : LOG_STYLES.continuation;
    for (const p of pieces(sanitize(cont[i]), contRoom, l)) out.push(fitLine({ segs: [indent, seg(p, style)] }, l.width));
  }
  if (cont.length > shown) {
    const n = cont.length - shown;
    out.push(fitLine({ segs: [indent, seg(`… ${n} more line${n === 1 ? '' : 's'}`, LOG_STYLES.more)] }, l.width));
  }
  return out;
}

/**
 * The log area: rows top to bottom in at most `height` screen lines. The model fits rows to
 * the height; should they still overflow (an estimate off for wide characters), the lines are
 * cut from the bottom — unless that would hide the focused row, then from the top.
 */
export function logAreaLines(frame: Frame, height: number): Line[] {
  if (height <= 0) return [];
  const layout: RowLayout = {
    plan: planColumns(frame.width, frame.showTimestamps),
    width: frame.width,
    wrap: frame.wrap,
    hOffset: Math.max(0, frame.hOffset),
  };
  const out: Line[] = [];
  let focusStart = -1;
  let focusEnd = -1;
  for (let i = 0; i < frame.rows.length; i++) {
    if (out.length >= height && frame.focusRow < i) break;
    if (i === frame.focusRow) focusStart = out.length;
    out.push(...rowLines(frame.rows[i], layout, i === frame.focusRow));
    if (i === frame.focusRow) focusEnd = out.length;
  }
  const start = focusEnd > height ? Math.min(focusStart, focusEnd - height) : 0;
  return out.slice(start, start + height);
}
