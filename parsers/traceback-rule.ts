// When does a line continue the record above it although it has a header? oslo.log writes
// each traceback line with the exception prefix `<ts> <pid> ERROR <logger> [instance: u]`
// (older releases: level TRACE) and no request context. Such a line belongs to the last
// record of the same process and logger if that record is a warning or worse (or is itself
// such a traceback start), and was written within a second of it.

import type { ParsedLine } from './line-parser.js';

const ATTACH_WINDOW_MS = 1000;

export function isTracebackLine(l: ParsedLine): boolean {
  return l.kind === 'record' && !l.hasContext && (l.level === 'ERROR' || l.level === 'TRACE' || l.level === 'CRITICAL');
}

/** `anchor` is the last record of `line.pid` in the same file; `anchorLastTs` the time of its last attached line. */
export function attachesTo(anchor: ParsedLine, anchorLastTs: number, line: ParsedLine): boolean {
  if (!isTracebackLine(line) || anchor.pid !== line.pid || anchor.logger !== line.logger) return false;
  if (anchor.level !== 'ERROR' && anchor.level !== 'CRITICAL' && anchor.level !== 'WARNING' && anchor.level !== 'TRACE') return false;
  if (anchor.instance !== null && line.instance !== null && anchor.instance !== line.instance) return false;
  const dt = line.ts - anchorLastTs;
  return !(dt > ATTACH_WINDOW_MS || dt < -ATTACH_WINDOW_MS);
}

/** The text a traceback line contributes to its record: the message without the repeated prefix. */
export function tracebackText(l: ParsedLine): string {
  return l.message;
}
