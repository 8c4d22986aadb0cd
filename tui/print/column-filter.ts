// The view's column filters (services switched off, a lowest level, "follow this boot") as the
// fast merged print applies them: on a scanned line's fields, with record-match.ts's meaning.
// The regexes (--grep, --exclude) read a record's whole text: those prints take the parsing path.

import type { ParsedLine } from '../../parsers/line-parser.js';
import { hashId, type ViewFilter } from '../model/types.js';
import { recordMatches } from './record-match.js';

/** What of a ViewFilter the fast print applies; plain data, so that it goes to a worker as it is. */
export interface ColumnFilter { hiddenServices: string[]; minLevel: number; follow: { reqHash: number; instHash: number } | null }

/** Scanner level code (0 TRACE … 6 CRITICAL) → the view's level rank (TRACE ranks as ERROR). */
const VIEW_LEVEL = [5, 1, 2, 3, 4, 5, 6];

/** The column part of `f`, or null when it filters nothing. */
export function columnFilterOf(f: ViewFilter): ColumnFilter | null {
  if (f.hiddenServices.size === 0 && f.minLevel === 0 && !f.follow) return null;
  return { hiddenServices: [...f.hiddenServices], minLevel: f.minLevel, follow: f.follow ? { reqHash: f.follow.reqHash, instHash: f.follow.instHash } : null };
}

export class RowFilter {
  private readonly hidden: Set<string>;
  private readonly view: ViewFilter;

  constructor(private readonly f: ColumnFilter) {
    this.hidden = new Set(f.hiddenServices);
    this.view = { hiddenServices: this.hidden, minLevel: f.minLevel as ViewFilter['minLevel'], include: null, exclude: null, follow: f.follow ? { label: '', ...f.follow } : null, window: 0 };
  }

  /** A record read on bytes: request id and instance are bounds in b (−1 when absent). */
  hidesScanned(service: string, level: number, b: Buffer, reqS: number, reqE: number, instS: number, instE: number): boolean {
    if (this.hidden.has(service)) return true;
    if (this.f.minLevel > 0 && (level < 0 ? 0 : VIEW_LEVEL[level]) < this.f.minLevel) return true;
    const follow = this.f.follow;
    if (!follow) return false;
    const req = reqS >= 0 ? hashId(b.toString('utf8', reqS, reqE)) : 0;
    const inst = instS >= 0 && instE > instS ? hashId(b.toString('utf8', instS, instE)) : 0;
    return !((req !== 0 && req === follow.reqHash) || (inst !== 0 && inst === follow.instHash));
  }

  /** A line that starts like a record but fits no format: no level, no ids. */
  hidesUnparsed(service: string): boolean {
    return this.hidden.has(service) || this.f.follow !== null;
  }

  hidesParsed(p: ParsedLine, service: string): boolean {
    return !recordMatches(p, service, this.view);
  }
}
