// The views' colour vocabulary as data: one colour per service, one style per level, stage
// and verdict status. Invariant: views look colours up here and never name a colour for
// these vocabularies themselves, so a palette change is one edit.

import type { StageSpan, TraceStatus } from '../../core/trace/trace-types.js';
import type { SegStyle } from './screen-line.js';

/** Service (Origin.service) → label colour; a service not listed gets OTHER_SERVICE_STYLE. */
export const SERVICE_COLORS: Readonly<Record<string, string>> = {
  api: 'cyan',
  conductor: 'magenta',
  scheduler: 'yellow',
  placement: 'blue',
  compute: 'green',
};
export const OTHER_SERVICE_STYLE: SegStyle = { color: 'white' };

export function serviceStyle(service: string): SegStyle {
  const color = SERVICE_COLORS[service];
  return color ? { color } : OTHER_SERVICE_STYLE;
}

/** The host part of a label (`@cmp1`) is dimmer than its service part. */
export const HOST_STYLE: SegStyle = { dim: true };

export interface LevelStyle {
  /** Exactly five cells wide. */
  short: string;
  style?: SegStyle;
  /** Letter in the status line's per-level counts. */
  letter: string;
}

/** Level name (RowData.level, LEVEL_CODES) → column text and style. */
export const LEVEL_STYLES: Readonly<Record<string, LevelStyle>> = {
  DEBUG: { short: 'DEBUG', style: { color: 'gray' }, letter: 'D' },
  INFO: { short: 'INFO ', letter: 'I' },
  AUDIT: { short: 'AUDIT', letter: 'I' },
  WARNING: { short: 'WARN ', style: { color: 'yellow' }, letter: 'W' },
  ERROR: { short: 'ERROR', style: { color: 'red', bold: true }, letter: 'E' },
  CRITICAL: { short: 'CRIT ', style: { color: 'red', bold: true }, letter: 'E' },
  TRACE: { short: 'TRACE', style: { color: 'red', dim: true }, letter: 'E' },
};
/** Level column of a line that fit no format. */
export const UNPARSED_LEVEL: LevelStyle = { short: '?    ', style: { color: 'magenta', bold: true }, letter: '?' };

/** The status line's count groups, in display order: letter, level names counted, style. */
export const LEVEL_COUNT_GROUPS: readonly { letter: string; levels: readonly string[]; style?: SegStyle }[] = [
  { letter: 'E', levels: ['ERROR', 'CRITICAL'], style: { color: 'red', bold: true } },
  { letter: 'W', levels: ['WARNING'], style: { color: 'yellow' } },
  { letter: 'I', levels: ['INFO', 'AUDIT'] },
  { letter: 'D', levels: ['DEBUG'], style: { color: 'gray' } },
];

/** Marks, search hits, focus and continuation text in the log view. */
export const LOG_STYLES = {
  mark: { color: 'blue', bold: true },
  searchMarker: { color: 'yellow', bold: true },
  searchHit: { underline: true },
  focus: { inverse: true },
  compactId: { dim: true },
  time: { dim: true },
  continuation: { dim: true },
  traceback: { color: 'red', dim: true },
  more: { dim: true, italic: true },
  gone: { dim: true, italic: true },
  continues: { dim: true },
} as const satisfies Record<string, SegStyle>;

export const STAGE_STATUS_STYLES: Readonly<Record<StageSpan['status'], { label: string; style: SegStyle; bar: SegStyle }>> = {
  ok: { label: 'ok', style: { color: 'green' }, bar: { color: 'green' } },
  failed: { label: 'FAILED', style: { color: 'red', bold: true }, bar: { color: 'red', bold: true } },
  in_progress: { label: 'running', style: { color: 'yellow' }, bar: { color: 'yellow' } },
  not_logged: { label: 'not logged', style: { dim: true }, bar: { dim: true } },
  not_reached: { label: 'not reached', style: { dim: true }, bar: { dim: true } },
  aborted: { label: 'aborted', style: { color: 'yellow' }, bar: { color: 'yellow', dim: true } },
  rolled_back: { label: 'rolled back', style: { color: 'yellow' }, bar: { color: 'yellow' } },
  stalled: { label: 'STALLED', style: { color: 'yellow', bold: true }, bar: { color: 'yellow', bold: true } },
};

export const VERDICT_STYLES: Readonly<Record<TraceStatus, SegStyle>> = {
  ACTIVE: { color: 'green', bold: true },
  COMPLETED: { color: 'green', bold: true },
  ERROR: { color: 'red', bold: true },
  IN_PROGRESS: { color: 'yellow', bold: true },
  DELETED: { color: 'cyan', bold: true },
  STUCK: { color: 'red', bold: true },
  UNKNOWN: { color: 'yellow', bold: true },
};

/** Follow state in the status line. */
export const FOLLOW_STYLES = {
  following: { text: '● following', style: { color: 'green', bold: true } },
  paused: { text: '❚❚ paused', style: { color: 'yellow', bold: true } },
  scrolling: { text: 'scroll (s to follow)', style: { color: 'cyan' } },
} as const satisfies Record<string, { text: string; style: SegStyle }>;

export const CHIP_STYLE: SegStyle = { inverse: true };
export const HINT_STYLE: SegStyle = { dim: true };
export const TITLE_STYLE: SegStyle = { bold: true };
export const ERROR_TEXT_STYLE: SegStyle = { color: 'red' };
export const WARNING_TEXT_STYLE: SegStyle = { color: 'yellow' };
export const HIGHLIGHT_STYLE: SegStyle = { color: 'red', bold: true };
