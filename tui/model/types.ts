// The contract between the TUI's three layers: ingest (files → framed records), the record
// store and UI state (model/), and the Ink views (view/). Views receive a Frame — plain data,
// already cut to the visible rows — and never touch the store.

import type { Level } from '../../parsers/record.js';

/** Level as a small number for typed-array columns; 0 = no level (unparsed line). */
export const LEVEL_CODES = ['', 'DEBUG', 'INFO', 'AUDIT', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type LevelCode = 0 | 1 | 2 | 3 | 4 | 5 | 6;
export const LEVEL_DEBUG: LevelCode = 1;
export const LEVEL_INFO: LevelCode = 2;
export const LEVEL_WARNING: LevelCode = 4;
export const LEVEL_ERROR: LevelCode = 5;
/** A parsed level → its code. TRACE lines are traceback bodies written at ERROR, so they rank as ERROR. */
export const LEVEL_CODE: Readonly<Record<Level, LevelCode>> = {
  TRACE: 5, DEBUG: 1, INFO: 2, AUDIT: 3, WARNING: 4, ERROR: 5, CRITICAL: 6,
};

/** Where a record came from: one service on one host. Slot numbers index Origin tables. */
export interface Origin {
  slot: number;
  /** Service as parsers/source-naming.ts names it: api, conductor, scheduler, placement, compute, … */
  service: string;
  host: string | null;
  /** The short column label: api, cond, sched, place, cpu@cmp1, or the service name cut to 8. */
  label: string;
}

/**
 * One record framed by ingest: a header line plus the continuation lines that directly follow
 * it in the file (headerless lines, and traceback lines of the same process that attach to it
 * per parsers/traceback-rule.ts). `bytes` holds exactly the record's bytes from the file,
 * lines joined by '\n', no trailing newline, CR stripped is NOT required (kept as written).
 */
export interface IngestRecord {
  /** File generation id (ingest's FileTable); a rotated-away or truncated file keeps its id. */
  file: number;
  /** Byte offset of the header line in that file generation. */
  offset: number;
  bytes: Buffer;
  /** ms since epoch as written (UTC-read wall clock); NaN when unknown (store inherits the previous record's). */
  ts: number;
  level: LevelCode;
  origin: number;
  /** fnv1a32 of the request id (`req-…`) and of the instance uuid; 0 = none. See hashId(). */
  reqHash: number;
  instHash: number;
  unparsed: boolean;
  /**
   * The record holds continuation lines of the previous record of the same file that arrived
   * after that record was emitted (late traceback/headerless lines), or traceback lines of a
   * process whose record is not the one directly above (interleaved writers). Its level,
   * origin, reqHash and instHash are the previous/anchor record's; views indent it.
   */
  continues: boolean;
}

/** What the store needs from ingest: origins by slot, file names, and the bytes of records that left the in-memory arena. */
export interface SourceCatalog {
  origin(slot: number): Origin;
  /** Path of a file generation relative to the log directory (a rotated-away generation names its current path). */
  fileLabel(file: number): string;
  /** The bytes of a record, or null when they are no longer on disk (truncated away). */
  read(file: number, offset: number, length: number): Buffer | null;
}

/** 32-bit FNV-1a of an id string; never 0 (0 means "none"). */
export function hashId(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h >>>= 0;
  return h === 0 ? 1 : h;
}

export type WindowKey = 0 | 1 | 2 | 3 | 4 | 5 | 6;
/** Time windows on keys 0–6: all, head (from the oldest loaded record), last 1m/5m/15m/30m/1h (by the newest record's clock). */
export const TIME_WINDOWS: readonly { key: WindowKey; label: string; lastMs: number | null }[] = [
  { key: 0, label: 'all', lastMs: null },
  { key: 1, label: 'head', lastMs: null },
  { key: 2, label: 'last 1m', lastMs: 60_000 },
  { key: 3, label: 'last 5m', lastMs: 300_000 },
  { key: 4, label: 'last 15m', lastMs: 900_000 },
  { key: 5, label: 'last 30m', lastMs: 1_800_000 },
  { key: 6, label: 'last 1h', lastMs: 3_600_000 },
];

export interface ViewFilter {
  /** Services switched off (by Origin.service). */
  hiddenServices: ReadonlySet<string>;
  minLevel: LevelCode;
  include: RegExp | null;
  exclude: RegExp | null;
  /** "Follow this boot": records whose request id or instance matches. */
  follow: { label: string; reqHash: number; instHash: number } | null;
  window: WindowKey;
}

export const NO_FILTER: ViewFilter = {
  hiddenServices: new Set(), minLevel: 0, include: null, exclude: null, follow: null, window: 0,
};

/** A record as a view shows it (parsed lazily, only for visible rows). */
export interface RowData {
  id: number;
  origin: Origin;
  tsText: string;
  ts: number;
  level: string | null;
  pid: number;
  logger: string;
  requestId: string | null;
  globalRequestId: string | null;
  instance: string | null;
  message: string;
  /** Continuation lines (traceback text without repeated headers). */
  continuation: string[];
  unparsed: boolean;
  /** Text no longer available (file truncated and out of memory). */
  gone: boolean;
  marked: boolean;
  /** Search hit in this row (the search regex matches its text). */
  searchHit: boolean;
  /** file path relative to the log dir, and byte offset, for the parsed-fields view. */
  file: string;
  offset: number;
  /** Late continuation of the record above it (IngestRecord.continues): views indent it. */
  continues?: boolean;
}

export type Mode = 'log' | 'help' | 'trace' | 'fields' | 'incidents';
export type PromptKind = 'search' | 'filter';

export interface StatusInfo {
  files: number;
  linesPerSecond: number;
  /** Counts per level name in the current window (after filters). */
  levelCounts: Record<string, number>;
  following: boolean;
  paused: boolean;
  /** Background history load: null when done. */
  history: { doneBytes: number; totalBytes: number } | null;
  /** Rows in the view and the focused row (1-based). */
  total: number;
  position: number;
  message: string | null;
  /** Failed or stuck boots in the incidents window (null until the first count). */
  failures: number | null;
}

/** Everything a frame shows; built by the model from the store and UiState. */
export interface Frame {
  width: number;
  height: number;
  mode: Mode;
  rows: RowData[];
  /** Index in `rows` of the focused row, -1 when none is on screen. */
  focusRow: number;
  showTimestamps: boolean;
  wrap: boolean;
  hOffset: number;
  /** Active filters as short chips, e.g. ["-sched", "≥WARNING", "/boot/", "req-1234…", "last 5m"]. */
  filterChips: string[];
  prompt: { kind: PromptKind; text: string } | null;
  status: StatusInfo;
  /** Trace pane content when mode is 'trace'. */
  trace: TracePaneData | null;
  /** Parsed fields of the focused row when mode is 'fields'. */
  fields: RowData | null;
  /** The incidents pane when mode is 'incidents'. */
  incidents: IncidentPaneData | null;
}

/**
 * The window's failed and stuck boots as `nova-trace incidents --json` reports them (core's
 * grouping), re-counted while the view runs. Typed loosely so views need not import core.
 */
export interface IncidentsData {
  state: 'loading' | 'ready' | 'error';
  report: import('../../core/fleet/incidents.js').IncidentsReport | null;
  error: string | null;
  /** When the report was made (ms, this machine's clock); null before the first one. */
  updated: number | null;
  /** A new count is being made. */
  running: boolean;
}

export interface IncidentPaneData extends IncidentsData {
  /** The selected group (index in report.incidents). */
  focus: number;
}

export interface TracePaneData {
  query: string;
  state: 'loading' | 'ready' | 'not-found' | 'error';
  /** A core/trace Trace (schema nova-trace/v1) when ready. Typed loosely so views need not import core. */
  trace: import('../../core/trace/trace-types.js').Trace | null;
  error: string | null;
  /** Still running: the pane refreshes it. */
  live: boolean;
  scroll: number;
}
