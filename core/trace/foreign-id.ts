// A request id no record carries in its context may still be in the logs, inside messages:
// another service's id for a call Nova made (neutronclient's `x-openstack-request-id`,
// keystoneauth's `… used request id req-…`), or a caller's id quoted in a message. Nova's lines
// that quote it are found and shown, with the Nova requests they were logged under: the
// request to trace instead.

import type { LogSource } from '../../parsers/log-files.js';
import { findText } from '../search/text-scan.js';
import { lineNumbersAt, LINE_NUMBER_AUTO_LIMIT } from '../search/line-numbers.js';

export interface Mention { file: string; line: number | null; ts: string; level: string | null; logger: string; message: string; requestId: string | null }

export interface ForeignId {
  mentions: Mention[];
  /** How many lines quote the id (mentions holds the first few). */
  count: number;
  /** Nova requests the quoting lines were logged under, most lines first. */
  callers: string[];
}

const SHOWN = 5;

export function findForeignId(sources: readonly LogSource[], id: string): ForeignId | null {
  const hits = findText(sources, sources.map((_, i) => i), id, -Infinity, Infinity)
    .filter((h) => h.rec.context.requestId !== id && h.rec.context.globalRequestId !== id)
    .sort((a, b) => a.rec.ts - b.rec.ts);
  if (hits.length === 0) return null;
  const counts = new Map<string, number>();
  for (const h of hits) if (h.rec.context.requestId) counts.set(h.rec.context.requestId, (counts.get(h.rec.context.requestId) ?? 0) + 1);
  const shown = hits.slice(0, SHOWN);
  const lines = new Map<number, Map<number, number>>();
  for (const h of shown) {
    const s = sources[h.source];
    if (lines.has(h.source) || s.size > LINE_NUMBER_AUTO_LIMIT) continue;
    lines.set(h.source, lineNumbersAt(s.path, s.gzip, shown.filter((x) => x.source === h.source).map((x) => x.rec.offset)));
  }
  return {
    count: hits.length,
    callers: [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([r]) => r),
    mentions: shown.map((h) => ({
      file: sources[h.source].rel, line: lines.get(h.source)?.get(h.rec.offset) ?? null, ts: h.rec.tsText, level: h.rec.level,
      logger: h.rec.logger, message: h.rec.message, requestId: h.rec.context.requestId,
    })),
  };
}

/** What to print under "no log record names …": the quoting lines and the request to trace instead. */
export function foreignIdLines(id: string, f: ForeignId): string[] {
  const out = [`${id} is in no record's request context, but ${f.count} line(s) quote it inside their message — another service's id for a call Nova made, or an id a message names:`];
  for (const m of f.mentions) {
    const text = m.message.length > 200 ? `${m.message.slice(0, 200)}…` : m.message;
    out.push(`  ${m.file}${m.line !== null ? `:${m.line}` : ''}  ${m.ts} ${m.level ?? ''} ${m.logger} [${m.requestId ?? '-'}] ${text}`);
  }
  if (f.count > f.mentions.length) out.push(`  … ${f.count - f.mentions.length} more`);
  if (f.callers.length) out.push(`logged under Nova request${f.callers.length > 1 ? 's' : ''} ${f.callers.slice(0, 3).join(', ')}: trace ${f.callers.length > 1 ? 'those' : 'that'} instead (nova-trace ${f.callers[0]})`);
  else out.push('none of them was logged under a Nova request (periodic tasks): no request to trace instead');
  return out;
}
