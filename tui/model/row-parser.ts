// A record's bytes → the RowData a view shows. Only visible (or saved) rows come through here,
// so this is where the header is parsed — never at ingest speed. Traceback lines lose their
// repeated `<ts> <pid> ERROR <logger>` prefix; other continuation lines are kept as written.

import { FORMATS } from '../../parsers/formats/index.js';
import { parseLine } from '../../parsers/line-parser.js';
import { isTracebackLine, tracebackText } from '../../parsers/traceback-rule.js';
import { LEVEL_CODES, type Origin, type RowData } from './types.js';

export interface RowMeta {
  id: number; ts: number; level: number; origin: Origin; file: string; offset: number;
  unparsed: boolean; continues: boolean; marked: boolean;
}

function stripCr(s: string): string {
  return s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}

function refYearOf(ts: number): number {
  return Number.isFinite(ts) && ts > 0 ? new Date(ts).getUTCFullYear() : new Date().getUTCFullYear();
}

/** `text` is the record's bytes decoded, or null when they are gone from memory and disk. */
export function parseRow(text: string | null, m: RowMeta, searchRe: RegExp | null): RowData {
  const base: RowData = {
    id: m.id, origin: m.origin, tsText: '', ts: m.ts, level: LEVEL_CODES[m.level] || null, pid: 0, logger: '',
    requestId: null, globalRequestId: null, instance: null, message: '', continuation: [],
    unparsed: m.unparsed, gone: text === null, marked: m.marked, searchHit: false, file: m.file, offset: m.offset,
    continues: m.continues,
  };
  if (text === null) {
    base.message = '(text no longer on disk)';
    return base;
  }
  const lines = text.split('\n');
  const year = refYearOf(m.ts);
  const head = parseLine(stripCr(lines[0]), year, FORMATS);
  if (head && head.kind === 'record') {
    base.tsText = head.tsText;
    base.pid = head.pid;
    base.logger = head.logger;
    base.requestId = head.context.requestId;
    base.globalRequestId = head.context.globalRequestId;
    base.instance = head.instance;
    base.message = m.continues && isTracebackLine(head) ? tracebackText(head) : head.message;
    if (head.level && !m.continues) base.level = head.level === 'TRACE' ? 'ERROR' : head.level;
  } else {
    base.message = stripCr(lines[0]);
  }
  for (let i = 1; i < lines.length; i++) {
    const line = stripCr(lines[i]);
    const p = line.length > 20 ? parseLine(line, year, FORMATS) : null;
    base.continuation.push(p && isTracebackLine(p) ? tracebackText(p) : line);
  }
  if (searchRe) {
    searchRe.lastIndex = 0;
    base.searchHit = searchRe.test(text);
  }
  return base;
}
