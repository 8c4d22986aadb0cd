// The index as a record source (core/trace/record-source.ts): the records of a request are
// looked up in the index and read back, line by line, from the files (the same scanRange the
// search uses, so each comes out parsed, traceback attached, exactly as a search finds it);
// files or file tails the index does not hold yet are searched. The causal bound is applied as
// the search applies it: the api logs' hits first, then the other files from the offset where
// their time reaches the bound.

import fs from 'node:fs';
import type { LogSource } from '../../parsers/log-files.js';
import type { ScanPool, ScanRequest } from '../search/needle-scan.js';
import type { ScanHit, ScanTask } from '../search/scan-types.js';
import { scanRange } from '../search/scan-range.js';
import { openByteSource } from '../search/byte-source.js';
import { startOffsetAtTime } from '../search/time-seek.js';
import type { Coverage, IndexReader } from './index-reader.js';
import { KEY_GLOBAL, KEY_INSTANCE, KEY_REQUEST, KEY_UNPARSED } from './part-scan.js';

export class IndexedRecordSource {
  private readonly coverage: (Coverage | null)[];
  readonly coveredFiles: number;
  private started: ScanPool | null = null;
  readonly unreadable = new Map<string, string>();
  readonly wholeFilesCheap = true;

  constructor(private readonly reader: IndexReader, sources: readonly LogSource[], private readonly newPool: () => ScanPool) {
    this.coverage = sources.map((s) => reader.coverage(s));
    this.coveredFiles = this.coverage.filter(Boolean).length;
  }

  /** The search, for what the index does not hold; started when first needed. */
  private get pool(): ScanPool {
    if (!this.started) this.started = this.newPool();
    return this.started;
  }

  async close(): Promise<void> {
    this.reader.close();
    if (this.started) {
      for (const [f, why] of this.started.unreadable) this.unreadable.set(f, why);
      await this.started.close();
    }
  }

  async scan(sources: readonly LogSource[], req: ScanRequest): Promise<ScanHit[]> {
    // The index keys records by context and instance, not by the text of a URL: search the files.
    if (req.serverNeedles?.length) return this.pool.scan(sources, req);
    const chosen = sources.map((_, i) => i).filter((i) => !req.only || req.only.has(i));
    if (!req.causal) return this.scanSome(sources, req, chosen, null);
    const setters = chosen.filter((i) => req.causal!.setters.has(i));
    const first = await this.scanSome(sources, req, setters, null);
    let bound = Infinity;
    for (const h of first) if (!Number.isNaN(h.ts)) bound = Math.min(bound, Math.floor(h.ts - req.causal.slackMs));
    const starts = new Map<number, number>();
    const others = chosen.filter((i) => !req.causal!.setters.has(i));
    if (Number.isFinite(bound)) {
      // Where each file reaches the bound (bisection, as the search does) matters only for a
      // file with postings of these needles or with bytes left to search.
      const needles = [...req.requestNeedles, ...req.instanceNeedles];
      const withHits = new Set(this.reader.offsets(needles, this.kindsOf(req)).keys());
      for (const i of others) {
        const s = sources[i];
        const cov = this.coverage[i];
        if (s.gzip || (cov && !withHits.has(cov.id) && cov.indexed >= s.size)) continue;
        const src = openByteSource(s.path, false);
        try { starts.set(i, startOffsetAtTime(src, bound, s.refYear, s.path)); } finally { src.close(); }
      }
    }
    return [...first, ...await this.scanSome(sources, req, others, starts)];
  }

  private kindsOf(req: ScanRequest): number[] {
    return [...(req.requestNeedles.length ? [KEY_REQUEST, KEY_GLOBAL] : []), ...(req.instanceNeedles.length ? [KEY_INSTANCE] : []), KEY_UNPARSED];
  }

  private async scanSome(sources: readonly LogSource[], req: ScanRequest, chosen: readonly number[], starts: Map<number, number> | null): Promise<ScanHit[]> {
    const hits: ScanHit[] = [];
    const rest = new Set<number>();
    const windows = new Map<number, [number, number]>();
    const needles = [...req.requestNeedles, ...req.instanceNeedles];
    const byFile = this.reader.offsets(needles, this.kindsOf(req));
    for (const i of chosen) {
      const s = sources[i];
      const [wFrom, wTo] = req.windows?.get(i) ?? [0, s.gzip ? Number.MAX_SAFE_INTEGER : s.size];
      const from = Math.max(wFrom, starts?.get(i) ?? 0);
      const cov = this.coverage[i];
      if (!cov) {
        rest.add(i);
        if (req.windows?.has(i) || starts?.has(i)) windows.set(i, [from, wTo]);
        continue;
      }
      const offsets = (byFile.get(cov.id) ?? []).filter((o) => o >= from && o < wTo && o < cov.indexed);
      if (offsets.length) hits.push(...readHits(s, i, offsets, req));
      // What was written after the last build is searched.
      if (!s.gzip && cov.indexed < Math.min(s.size, wTo)) { rest.add(i); windows.set(i, [Math.max(from, cov.indexed), wTo]); }
    }
    if (rest.size) {
      const pool = this.pool;
      hits.push(...await pool.scan(sources, { requestNeedles: req.requestNeedles, instanceNeedles: req.instanceNeedles, only: rest, windows }));
      for (const [f, why] of pool.unreadable) this.unreadable.set(f, why);
    }
    return hits;
  }
}

/** The records at `offsets` (line starts) of one file, read and followed as the search reads them. */
function readHits(s: LogSource, index: number, offsets: readonly number[], req: ScanRequest): ScanHit[] {
  const base: Omit<ScanTask, 'start' | 'end'> = { source: index, path: s.path, gzip: s.gzip, refYear: s.refYear, requestNeedles: req.requestNeedles, instanceNeedles: req.instanceNeedles };
  if (s.gzip) {
    // No random access into a .gz: one pass over the span that holds the hits.
    const hits = scanRange({ ...base, start: offsets[0], end: Number.MAX_SAFE_INTEGER }).hits;
    const last = offsets[offsets.length - 1];
    return hits.filter((h) => h.offset <= last);
  }
  const out: ScanHit[] = [];
  const fd = fs.openSync(s.path, 'r');
  try {
    const block = Buffer.allocUnsafe(16 * 1024);
    for (const off of offsets) {
      let end = -1;
      for (let at = off; end < 0; at += block.length) {
        const n = fs.readSync(fd, block, 0, block.length, at);
        if (n <= 0) { end = at; break; }
        const nl = block.subarray(0, n).indexOf(0x0a);
        if (nl >= 0) end = at + nl + 1;
      }
      out.push(...scanRange({ ...base, start: off, end }).hits);
    }
  } finally {
    fs.closeSync(fd);
  }
  return out;
}
