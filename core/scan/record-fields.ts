// What the record scanner (record-scanner.ts) yields per line, as numbers: one mutable object
// reused for every line, so the hot path allocates nothing. Strings (request ids, uuids,
// loggers, hosts) are interned (byte-interner.ts) and given as small integer ids.

/** Level codes: index into parsers/record.ts LEVELS (TRACE … CRITICAL); −1 none. */
export const LEVEL_CODE: Readonly<Record<string, number>> = {
  TRACE: 0, DEBUG: 1, INFO: 2, AUDIT: 3, WARNING: 4, WARN: 4, ERROR: 5, CRITICAL: 6, FATAL: 6,
};
export const LEVEL_NAMES = ['TRACE', 'DEBUG', 'INFO', 'AUDIT', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export const LEVEL_WARNING = 4;

/** The line fits a format: a record (a traceback line is one too, see `tracebackLine`). */
export const KIND_RECORD = 1;
/** The line starts like a record but fits no format (torn, foreign): kept, never dropped. */
export const KIND_UNPARSED = 2;

export interface ScannedLine {
  kind: number;
  /** Byte offset of the line in the (decompressed) file, and its length without the line break. */
  offset: number;
  length: number;
  /** ms since the epoch (wall clock read as UTC), NaN when unknown. */
  ts: number;
  pid: number;
  level: number;
  /** Interned ids, −1 when absent. */
  requestId: number;
  globalRequestId: number;
  instance: number;
  logger: number;
  host: number;
  program: number;
  /** A context bracket was present (`[-]` counts). */
  hasContext: boolean;
  /** The context names a user (not `-`, `None` or missing): not a periodic task. */
  hasUser: boolean;
  /** A headerless ERROR/TRACE/CRITICAL line: the shape of a traceback line (parsers/traceback-rule.ts). */
  tracebackLine: boolean;
  /** Offset of the record this traceback line continues (same process and logger, within a second), else −1. */
  continues: number;
  /**
   * Bounds in the scanned buffer (valid during the sink call, −1 when absent): the request id,
   * the instance uuid, and where the message starts (after the context bracket and the
   * `[instance: …] ` prefix). Not set for lines read by the full parser (`viaParser`).
   */
  reqStart: number;
  reqEnd: number;
  instStart: number;
  instEnd: number;
  msgStart: number;
  /** The line was read by parsers/line-parser.ts (a rare shape), not on bytes. */
  viaParser: boolean;
  /** Whether a traceback line went on to attach to this record: known only later, see ScanSink.attached. */
}

export interface ScanSink {
  /** Called for every line that fits a format or starts like one; `line` is reused after the call. */
  line(line: ScannedLine): void;
  /** A traceback line at `offset` continued the record at `anchorOffset` (the record starts a traceback). */
  attached?(anchorOffset: number, offset: number): void;
}

export function newScannedLine(): ScannedLine {
  return {
    kind: 0, offset: 0, length: 0, ts: NaN, pid: 0, level: -1, requestId: -1, globalRequestId: -1, instance: -1,
    logger: -1, host: -1, program: -1, hasContext: false, hasUser: false, tracebackLine: false, continues: -1,
    reqStart: -1, reqEnd: -1, instStart: -1, instEnd: -1, msgStart: -1, viaParser: false,
  };
}

export function resetLine(l: ScannedLine): void {
  l.kind = 0; l.ts = NaN; l.pid = 0; l.level = -1; l.requestId = -1; l.globalRequestId = -1; l.instance = -1;
  l.logger = -1; l.host = -1; l.program = -1; l.hasContext = false; l.hasUser = false; l.tracebackLine = false; l.continues = -1;
  l.reqStart = -1; l.reqEnd = -1; l.instStart = -1; l.instEnd = -1; l.msgStart = -1; l.viaParser = false;
}
