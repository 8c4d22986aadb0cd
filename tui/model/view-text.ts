// A row as plain text (Ctrl+S save, `--no-follow` print) and as JSON (`-o json`). Invariant:
// one header line per record, continuation lines indented under it, nothing else, so saved
// views stay greppable and line counts match records + continuation lines.

import type { RowData } from './types.js';

const LABEL_WIDTH = 10;
const LEVEL_WIDTH = 8;
const REQ_WIDTH = 12; // `req-` + 8 hex digits
const CONTINUATION_INDENT = '    ';

function clock(ts: number): string {
  if (!Number.isFinite(ts)) return '??:??:??.???';
  const d = new Date(ts);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`;
}

/** `HH:MM:SS.mmm label LEVEL req-xxxxxxxx [inst8] message`, then continuation lines indented. */
export function formatRowPlain(row: RowData, o: { timestamps: boolean }): string[] {
  const parts: string[] = [];
  if (o.timestamps) parts.push(clock(row.ts));
  parts.push(row.origin.label.padEnd(LABEL_WIDTH));
  parts.push((row.level ?? '-').padEnd(LEVEL_WIDTH));
  parts.push((row.requestId ?? '-').slice(0, REQ_WIDTH).padEnd(REQ_WIDTH));
  if (row.instance) parts.push(`[${row.instance.slice(0, 8)}]`);
  parts.push(row.continues ? CONTINUATION_INDENT + row.message : row.message);
  const out = [parts.join(' ')];
  for (const c of row.continuation) out.push(CONTINUATION_INDENT + c);
  return out;
}

/** The row for `-o json`: one object per record, field names as in the issue. */
export function rowToJson(row: RowData): object {
  return {
    ts: row.tsText || null,
    service: row.origin.service,
    host: row.origin.host,
    file: row.file,
    offset: row.offset,
    pid: row.pid,
    level: row.level,
    logger: row.logger,
    request_id: row.requestId,
    global_request_id: row.globalRequestId,
    instance: row.instance,
    message: row.message,
    continuation: row.continuation,
    unparsed: row.unparsed,
  };
}
