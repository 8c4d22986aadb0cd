// The view's filter as the fast merged print applies it, with record-match.ts's meaning: the
// columns (services switched off, a lowest level, "follow this boot") on a scanned line's
// fields when its record starts, the regexes (--grep, --exclude) on the record's whole text
// (its line as written, then its continuation) once the record is complete.

import type { ParsedLine } from '../../parsers/line-parser.js';
import { hashId, type ViewFilter } from '../model/types.js';
import { recordMatches } from './record-match.js';

/** What of a ViewFilter the fast print applies; plain data, so that it goes to a worker as it is. */
export interface ColumnFilter {
  hiddenServices: string[];
  minLevel: number;
  follow: { reqHash: number; instHash: number } | null;
  include: { source: string; flags: string } | null;
  exclude: { source: string; flags: string } | null;
}

const plain = (re: RegExp | null) => (re ? { source: re.source, flags: re.flags.replace(/[gy]/g, '') } : null);
const regex = (r: { source: string; flags: string } | null) => (r ? new RegExp(r.source, r.flags) : null);

/** Scanner level code (0 TRACE … 6 CRITICAL) → the view's level rank (TRACE ranks as ERROR). */
const VIEW_LEVEL = [5, 1, 2, 3, 4, 5, 6];

/** `f` as plain data, or null when it filters nothing. */
export function columnFilterOf(f: ViewFilter): ColumnFilter | null {
  if (f.hiddenServices.size === 0 && f.minLevel === 0 && !f.follow && !f.include && !f.exclude) return null;
  return {
    hiddenServices: [...f.hiddenServices], minLevel: f.minLevel, follow: f.follow ? { reqHash: f.follow.reqHash, instHash: f.follow.instHash } : null,
    include: plain(f.include), exclude: plain(f.exclude),
  };
}

export class RowFilter {
  private readonly hidden: Set<string>;
  private readonly view: ViewFilter;
  private readonly include: RegExp | null;
  private readonly exclude: RegExp | null;
  /** Whether records are kept by their text too (their text must then be kept until they are complete). */
  readonly byText: boolean;

  constructor(private readonly f: ColumnFilter) {
    this.hidden = new Set(f.hiddenServices);
    this.include = regex(f.include);
    this.exclude = regex(f.exclude);
    this.byText = this.include !== null || this.exclude !== null;
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

  /** The regexes on a complete record's text. */
  matchesText(text: string): boolean {
    return !(this.include && !this.include.test(text)) && !(this.exclude && this.exclude.test(text));
  }

  /** The columns of a parsed record. */
  hidesParsed(p: ParsedLine, service: string): boolean {
    return !recordMatches(p, service, this.view);
  }
}
