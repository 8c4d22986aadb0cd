// The parsed form of one log entry. One record = one header line plus every line that
// continues it (headerless bodies, traceback lines). Lines that fit no format are kept as
// records of kind "unparsed" so that nothing a reader was given is silently dropped.

export const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'AUDIT', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type Level = (typeof LEVELS)[number];

/** Severity rank used for "minimum level" filters; TRACE lines are traceback bodies, not verbosity. */
export const LEVEL_RANK: Record<Level, number> = {
  DEBUG: 10, INFO: 20, AUDIT: 25, WARNING: 30, TRACE: 40, ERROR: 40, CRITICAL: 50,
};

export interface RequestContext {
  /** Local request id as written, e.g. `req-2f6c…`; null for `[-]`. */
  requestId: string | null;
  /** Pike+ global request id (the caller's id), null when `None` or absent. */
  globalRequestId: string | null;
  user: string | null;
  project: string | null;
}

export interface LogRecord {
  kind: 'record' | 'unparsed';
  /** Index into the source list the reader was given. */
  source: number;
  /** 1-based line number of the header line within its (decompressed) file. */
  line: number;
  /** Byte offset of the header line within its (decompressed) file. */
  offset: number;
  /** Milliseconds since the epoch, local wall clock as written (logs carry no zone); NaN if unknown. */
  ts: number;
  /** The timestamp exactly as written. */
  tsText: string;
  pid: number;
  level: Level | null;
  logger: string;
  context: RequestContext;
  /** uuid from `[instance: …]`, null when absent. */
  instance: string | null;
  message: string;
  /** DEBUG suffix ` <func> <path>:<lineno>` when present. */
  debugFunc: string | null;
  debugLocation: string | null;
  /** Headerless continuation lines and attached traceback lines, in file order. */
  continuation: string[];
  /** Host named by the line itself (journald) — otherwise the reader takes it from the path. */
  host: string | null;
  /** The raw header line, for unparsed records and for display. */
  raw: string;
}

export const NO_CONTEXT: RequestContext = Object.freeze({
  requestId: null, globalRequestId: null, user: null, project: null,
}) as RequestContext;
