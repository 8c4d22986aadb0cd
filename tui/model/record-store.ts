// Every record the TUI knows, as typed-array columns (record-columns.ts) plus two id arrays
// sorted by (ts, file, offset): `order` (all records) and `view` (those passing the filter).
// Invariants: order and view stay sorted; the time window is the suffix of `view` from
// `viewStart` (a ts bound, so it moves as newer records arrive without re-testing anything);
// live bytes sit in a bounded arena, history bytes stay on disk; at most maxRecords are kept.
//
// add() appends a sorted batch (the live case) or merges it in place from its insertion point
// (history, late lines); only the new records are tested against the filter and merged into the
// view, so a filter with regexes never re-decodes old rows. Eviction drops the oldest by ts and
// compacts ids; callers hold RowKeys, never ids, so renumbering is invisible to them.

import { ByteArena } from './byte-arena.js';
import { CompiledFilter, statelessRegex } from './record-filter.js';
import { FLAG_CONTINUES, FLAG_MARKED, FLAG_UNPARSED, RecordColumns } from './record-columns.js';
import { parseRow } from './row-parser.js';
import { SortedIds } from './sorted-ids.js';
import {
  LEVEL_CODES, LEVEL_ERROR, LEVEL_WARNING, NO_FILTER, TIME_WINDOWS,
  type IngestRecord, type RowData, type SourceCatalog, type ViewFilter,
} from './types.js';

export interface StoreOptions { arenaBytes?: number /* default 16 MiB */; maxRecords?: number /* default 2_000_000 */ }
export interface RowKey { ts: number; file: number; offset: number }
export const FIND_KINDS = ['error', 'warning', 'search', 'request', 'instance', 'mark'] as const;
export type FindKind = (typeof FIND_KINDS)[number];

const ROW_CACHE_SIZE = 512;
/** Eviction goes below the cap by this share, so compaction (O(n)) runs once per many batches. */
const EVICT_SLACK = 0.1;

export class RecordStore {
  private readonly cols = new RecordColumns();
  private readonly order = new SortedIds();
  private readonly view = new SortedIds();
  private viewStart = 0;
  private readonly arena: ByteArena;
  private readonly maxRecords: number;
  private compiled: CompiledFilter;
  private searchRe: RegExp | null = null;
  private readonly lastTsByFile = new Map<number, number>();
  private readonly cache = new Map<number, RowData>();
  private readonly services = new Set<string>();
  private readonly originSeen = new Uint8Array(65536);
  private readonly viewCounts = new Float64Array(LEVEL_CODES.length);
  private readonly prefixCounts = new Float64Array(LEVEL_CODES.length);
  private prefixTo = 0;
  private countsCache: { version: number; value: Record<string, number> } | null = null;
  private _version = 0;
  private readonly cmp = (a: number, b: number): number => this.cols.compare(a, b);

  constructor(private readonly catalog: SourceCatalog, opts: StoreOptions = {}) {
    this.arena = new ByteArena(opts.arenaBytes ?? 16 * 1024 * 1024);
    this.maxRecords = opts.maxRecords ?? 2_000_000;
    this.compiled = new CompiledFilter(NO_FILTER, catalog);
  }

  get version(): number { return this._version; }
  /** Records held (all, unfiltered). */
  size(): number { return this.cols.size; }
  historyRoom(): number { return this.maxRecords - this.cols.size; }
  /** Service names seen so far, sorted (for the `v` service cycle). */
  serviceNames(): string[] { return [...this.services].sort(); }
  /** ts of the newest record (the log clock the time windows use); NaN when empty. */
  newestTs(): number { return this.order.n ? this.cols.ts[this.order.a[this.order.n - 1]] : NaN; }

  add(batch: readonly IngestRecord[], kind: 'live' | 'history'): void {
    if (batch.length === 0) return;
    const c = this.cols;
    const ids = new Uint32Array(batch.length);
    const lastTs = new Map<number, number>();
    let sorted = true;
    for (let k = 0; k < batch.length; k++) {
      const r = batch[k];
      let ts = r.ts;
      if (ts !== ts) ts = lastTs.get(r.file) ?? this.lastTsByFile.get(r.file) ?? 0;
      lastTs.set(r.file, ts);
      if (!this.originSeen[r.origin]) {
        this.originSeen[r.origin] = 1;
        this.services.add(this.catalog.origin(r.origin).service);
      }
      const id = c.push({
        ts, file: r.file, offset: r.offset, length: r.bytes.length, level: r.level, origin: r.origin,
        reqHash: r.reqHash, instHash: r.instHash, arenaPos: kind === 'live' ? this.arena.put(r.bytes) : -1,
        flags: (r.unparsed ? FLAG_UNPARSED : 0) | (r.continues ? FLAG_CONTINUES : 0),
      });
      ids[k] = id;
      if (k > 0 && sorted && c.compare(ids[k - 1], id) > 0) sorted = false;
    }
    for (const [file, ts] of lastTs) if (kind === 'live' || !this.lastTsByFile.has(file)) this.lastTsByFile.set(file, ts);
    if (!sorted) ids.sort(this.cmp);
    this.order.merge(ids, ids.length, this.cmp);
    let w = 0;
    for (let k = 0; k < ids.length; k++) {
      if (!this.passes(ids[k])) continue;
      ids[w++] = ids[k];
      this.viewCounts[c.level[ids[k]]]++;
    }
    const from = this.view.merge(ids, w, this.cmp);
    if (from < this.prefixTo) this.resetPrefix();
    if (c.size > this.maxRecords) this.evict(c.size - Math.floor(this.maxRecords * (1 - EVICT_SLACK)));
    this.changed();
  }

  filter(): ViewFilter { return this.compiled.spec; }

  setFilter(f: ViewFilter): void {
    const old = this.compiled.spec;
    const sameRows = f.hiddenServices === old.hiddenServices && f.minLevel === old.minLevel &&
      f.include === old.include && f.exclude === old.exclude && f.follow === old.follow;
    this.compiled = new CompiledFilter(f, this.catalog);
    if (!sameRows) {
      this.view.clear();
      this.viewCounts.fill(0);
      for (let k = 0; k < this.order.n; k++) {
        const id = this.order.a[k];
        if (!this.passes(id)) continue;
        this.view.push(id);
        this.viewCounts[this.cols.level[id]]++;
      }
      this.resetPrefix();
    }
    this.changed();
  }

  setSearch(re: RegExp | null): void {
    this.searchRe = statelessRegex(re);
    this.cache.clear();
    this.changed();
  }

  search(): RegExp | null { return this.searchRe; }

  count(): number { return this.view.n - this.viewStart; }

  keyAt(i: number): RowKey {
    const id = this.view.a[this.viewStart + i];
    return { ts: this.cols.ts[id], file: this.cols.file[id], offset: this.cols.offset[id] };
  }

  /** Row index of `key`, or of the nearest row after it when it is filtered out; the last row when none is after; -1 when empty. */
  indexOf(key: RowKey): number {
    const n = this.count();
    if (n === 0) return -1;
    const i = this.view.lowerBound((id) => (this.cols.compareKey(key.ts, key.file, key.offset, id) > 0 ? -1 : 1), this.viewStart);
    return Math.min(i - this.viewStart, n - 1);
  }

  row(i: number): RowData {
    const id = this.view.a[this.viewStart + i];
    const hit = this.cache.get(id);
    if (hit) {
      this.cache.delete(id);
      this.cache.set(id, hit);
      return hit;
    }
    const r = this.parse(id);
    this.cache.set(id, r);
    if (this.cache.size > ROW_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return r;
  }

  /** Rows from..to-1 parsed one by one without touching the row cache (save, print). */
  *lines(from: number, to: number): IterableIterator<RowData> {
    const end = Math.min(to, this.count());
    for (let i = Math.max(0, from); i < end; i++) yield this.parse(this.view.a[this.viewStart + i]);
  }

  /** Next row index after `from` in direction `dir` of the kind asked; -1 if none. `like` names the row whose request/instance to match (default: row `from`). */
  find(from: number, dir: 1 | -1, what: FindKind, like?: RowKey): number {
    const n = this.count();
    if (n === 0) return -1;
    const c = this.cols;
    let hash = 0;
    if (what === 'request' || what === 'instance') {
      const likeId = like ? this.idOfKey(like) : from >= 0 && from < n ? this.view.a[this.viewStart + from] : -1;
      if (likeId < 0) return -1;
      hash = what === 'request' ? c.reqHash[likeId] : c.instHash[likeId];
      if (hash === 0) return -1;
    }
    if (what === 'search' && !this.searchRe) return -1;
    for (let i = Math.min(Math.max(from + dir, 0), n - 1); i >= 0 && i < n; i += dir) {
      if (i === from) continue;
      const id = this.view.a[this.viewStart + i];
      let ok: boolean;
      switch (what) {
        case 'error': ok = c.level[id] >= LEVEL_ERROR; break;
        case 'warning': ok = c.level[id] === LEVEL_WARNING; break;
        case 'request': ok = c.reqHash[id] === hash; break;
        case 'instance': ok = c.instHash[id] === hash; break;
        case 'mark': ok = (c.flags[id] & FLAG_MARKED) !== 0; break;
        case 'search': {
          const t = this.textOf(id);
          ok = t !== null && this.searchRe!.test(t);
          break;
        }
      }
      if (ok) return i;
    }
    return -1;
  }

  /** Counts per level name over the rows in the view (window included); 'OTHER' counts rows without a level. */
  levelCounts(): Record<string, number> {
    if (this.countsCache?.version === this._version) return this.countsCache.value;
    if (this.prefixTo > this.viewStart) this.resetPrefix();
    while (this.prefixTo < this.viewStart) this.prefixCounts[this.cols.level[this.view.a[this.prefixTo++]]]++;
    const value: Record<string, number> = {};
    for (let l = 0; l < LEVEL_CODES.length; l++) value[LEVEL_CODES[l] || 'OTHER'] = this.viewCounts[l] - this.prefixCounts[l];
    this.countsCache = { version: this._version, value };
    return value;
  }

  toggleMark(key: RowKey): void {
    const id = this.idOfKey(key);
    if (id < 0) return;
    this.cols.flags[id] ^= FLAG_MARKED;
    this.cache.delete(id);
    this.changed();
  }

  /** Bytes the columns and id arrays hold (capacity), for measurements. */
  memoryBytes(): number {
    return this.cols.capacity * 44 + (this.order.a.length + this.view.a.length) * 4 + this.arena.heldBytes();
  }

  private changed(): void {
    const w = TIME_WINDOWS[this.compiled.spec.window];
    if (w.lastMs === null || this.order.n === 0) this.viewStart = 0;
    else {
      const start = this.newestTs() - w.lastMs;
      this.viewStart = this.view.lowerBound((id) => (this.cols.ts[id] < start ? -1 : 1));
    }
    this._version++;
  }

  private resetPrefix(): void {
    this.prefixTo = 0;
    this.prefixCounts.fill(0);
  }

  private passes(id: number): boolean {
    const f = this.compiled;
    if (f.passesAll) return true;
    if (!f.passesColumns(this.cols, id)) return false;
    return !f.needsText || f.passesText(this.textOf(id));
  }

  private bytesOf(id: number): Buffer | null {
    const c = this.cols;
    return this.arena.get(c.arenaPos[id], c.length[id]) ?? this.catalog.read(c.file[id], c.offset[id], c.length[id]);
  }

  private textOf(id: number): string | null {
    return this.bytesOf(id)?.toString('utf8') ?? null;
  }

  private idOfKey(key: RowKey): number {
    const o = this.order;
    const i = o.lowerBound((id) => (this.cols.compareKey(key.ts, key.file, key.offset, id) > 0 ? -1 : 1));
    return i < o.n && this.cols.compareKey(key.ts, key.file, key.offset, o.a[i]) === 0 ? o.a[i] : -1;
  }

  private parse(id: number): RowData {
    const c = this.cols;
    return parseRow(this.textOf(id), {
      id, ts: c.ts[id], level: c.level[id], origin: this.catalog.origin(c.origin[id]), file: this.catalog.fileLabel(c.file[id]),
      offset: c.offset[id], unparsed: (c.flags[id] & FLAG_UNPARSED) !== 0, continues: (c.flags[id] & FLAG_CONTINUES) !== 0,
      marked: (c.flags[id] & FLAG_MARKED) !== 0,
    }, this.searchRe);
  }

  /** Drop the `count` oldest records (by ts) and renumber the rest. */
  private evict(count: number): void {
    const c = this.cols;
    const drop = new Uint8Array(c.size);
    for (let k = 0; k < count; k++) drop[this.order.a[k]] = 1;
    let w = 0;
    for (let k = 0; k < this.view.n; k++) {
      const id = this.view.a[k];
      if (drop[id]) this.viewCounts[c.level[id]]--;
      else this.view.a[w++] = id;
    }
    this.view.n = w;
    this.order.dropFront(count);
    const remap = c.compact(drop);
    for (let k = 0; k < this.order.n; k++) this.order.a[k] = remap[this.order.a[k]];
    for (let k = 0; k < this.view.n; k++) this.view.a[k] = remap[this.view.a[k]];
    this.resetPrefix();
    this.cache.clear();
  }
}
