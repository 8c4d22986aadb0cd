// A ViewFilter compiled for the store's hot loop: column tests first (service, level, follow),
// the regexes only when the columns pass and only on the record's text. The time window is not
// here: it is a ts range over the sorted view (see record-store.ts), so it moves for free.

import { FLAG_UNPARSED, type RecordColumns } from './record-columns.js';
import type { SourceCatalog, ViewFilter } from './types.js';

const UNKNOWN = 0, SHOWN = 1, HIDDEN = 2;

/** A regex safe to reuse with .test(): no `g`/`y` state carried between records. */
export function statelessRegex(re: RegExp | null): RegExp | null {
  if (!re) return null;
  return re.global || re.sticky ? new RegExp(re.source, re.flags.replace(/[gy]/g, '')) : re;
}

export class CompiledFilter {
  private readonly byOrigin = new Uint8Array(65536);
  private readonly include: RegExp | null;
  private readonly exclude: RegExp | null;
  readonly needsText: boolean;
  /** Nothing to test at all: every record passes. */
  readonly passesAll: boolean;

  constructor(readonly spec: ViewFilter, private readonly catalog: SourceCatalog) {
    this.include = statelessRegex(spec.include);
    this.exclude = statelessRegex(spec.exclude);
    this.needsText = this.include !== null || this.exclude !== null;
    this.passesAll = !this.needsText && spec.hiddenServices.size === 0 && spec.minLevel === 0 && spec.follow === null;
  }

  passesColumns(c: RecordColumns, id: number): boolean {
    const f = this.spec;
    // Unparsed lines have no level; hiding them would hide torn lines the reader must see (as print mode does).
    if (c.level[id] < f.minLevel && (c.flags[id] & FLAG_UNPARSED) === 0) return false;
    if (f.hiddenServices.size > 0) {
      const slot = c.origin[id];
      let v = this.byOrigin[slot];
      if (v === UNKNOWN) {
        v = f.hiddenServices.has(this.catalog.origin(slot).service) ? HIDDEN : SHOWN;
        this.byOrigin[slot] = v;
      }
      if (v === HIDDEN) return false;
    }
    const fl = f.follow;
    if (fl !== null) {
      const req = fl.reqHash !== 0 && c.reqHash[id] === fl.reqHash;
      const inst = fl.instHash !== 0 && c.instHash[id] === fl.instHash;
      if (!req && !inst) return false;
    }
    return true;
  }

  passesText(text: string | null): boolean {
    // A record whose text is gone cannot match an include; it is kept only without one.
    if (text === null) return this.include === null;
    if (this.include && !this.include.test(text)) return false;
    if (this.exclude && this.exclude.test(text)) return false;
    return true;
  }
}
