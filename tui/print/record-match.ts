// The view's filter applied to a parsed record, for the print mode, which streams records and
// never builds the store's columns. Same meaning as the live view's filter (model/record-filter):
// columns first, then the regexes on the record's lines as written.

import type { ParsedLine } from '../../parsers/line-parser.js';
import { LEVEL_CODE, hashId, type ViewFilter } from '../model/types.js';

export function recordMatches(r: ParsedLine, service: string, f: ViewFilter): boolean {
  if (f.hiddenServices.has(service)) return false;
  if (f.minLevel > 0 && r.kind !== 'unparsed' && (r.level === null ? 0 : LEVEL_CODE[r.level]) < f.minLevel) return false;
  if (f.follow) {
    const req = r.context.requestId ? hashId(r.context.requestId) : 0;
    const inst = r.instance ? hashId(r.instance) : 0;
    if (!((req !== 0 && req === f.follow.reqHash) || (inst !== 0 && inst === f.follow.instHash))) return false;
  }
  if (f.include || f.exclude) {
    const text = r.continuation.length ? `${r.raw}\n${r.continuation.join('\n')}` : r.raw;
    if (f.include && !f.include.test(text)) return false;
    if (f.exclude && f.exclude.test(text)) return false;
  }
  return true;
}
