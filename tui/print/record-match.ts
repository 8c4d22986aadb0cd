// The view's filter applied to a parsed record, for the print mode, which streams records and
// never builds the store's columns. Same meaning as the live view's filter (model/record-filter).

import { LEVEL_CODES, hashId, type LevelCode, type RowData, type ViewFilter } from '../model/types.js';

function levelCode(level: string | null): LevelCode {
  if (level === 'TRACE') return 5;
  const i = LEVEL_CODES.indexOf((level ?? '') as (typeof LEVEL_CODES)[number]);
  return (i < 0 ? 0 : i) as LevelCode;
}

function text(row: RowData): string {
  return row.continuation.length ? `${row.message}\n${row.continuation.join('\n')}` : row.message;
}

export function rowMatches(row: RowData, f: ViewFilter): boolean {
  if (f.hiddenServices.has(row.origin.service)) return false;
  if (f.minLevel > 0 && !row.unparsed && levelCode(row.level) < f.minLevel) return false;
  if (f.follow) {
    const req = row.requestId ? hashId(row.requestId) : 0;
    const inst = row.instance ? hashId(row.instance) : 0;
    if (!((req !== 0 && req === f.follow.reqHash) || (inst !== 0 && inst === f.follow.instHash))) return false;
  }
  if (f.include && !f.include.test(text(row))) return false;
  if (f.exclude && f.exclude.test(text(row))) return false;
  return true;
}
