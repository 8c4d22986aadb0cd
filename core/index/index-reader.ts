// Reading the index: which part of a log file it covers as the file is now (same file, head
// bytes unchanged: the indexed bytes are still the same bytes), the offsets of the records of
// some keys, and the API's boot requests in a time window.

import fs from 'node:fs';
import type { LogSource } from '../../parsers/log-files.js';
import type { IndexDb } from './index-db.js';
import { openIndexForRead } from './index-db.js';
import type { FileRow } from './index-write.js';
import { decodePostings, keyHash, readEntries, type Posting } from './posting-codec.js';
import { hashHead, readHead } from './file-identity.js';
import { LEVEL_WARNING } from '../scan/record-fields.js';

export interface Coverage { id: number; indexed: number }

export interface BootRow { file: number; path: string; offset: number; ts: number | null; request: string | null; global_request: string | null; status: number; service: string; host: string | null }

export class IndexReader {
  private readonly st;

  constructor(readonly db: IndexDb, readonly file: string) {
    this.st = {
      file: db.prepare('SELECT * FROM files WHERE path = ?'),
      bucket: db.prepare('SELECT data FROM postings WHERE file = ? AND part = ? AND bucket = ?').pluck(),
    };
  }

  private partsCache: { file: number; part: number; buckets: number }[] | null = null;
  private get parts(): { file: number; part: number; buckets: number }[] {
    return (this.partsCache ??= this.db.prepare('SELECT file, part, buckets FROM parts').all() as { file: number; part: number; buckets: number }[]);
  }

  static open(file: string): IndexReader | null {
    const db = openIndexForRead(file);
    return db ? new IndexReader(db, file) : null;
  }

  /** The bytes of `src` the index holds, as they are now; null when it holds none or a stale copy. */
  coverage(src: LogSource): Coverage | null {
    const row = this.st.file.get(src.path) as FileRow | undefined;
    if (!row || row.indexed === 0 || (row.gzip === 1) !== src.gzip) return null;
    const st = fs.statSync(src.path, { throwIfNoEntry: false });
    if (!st || Number(st.ino) !== row.ino || Number(st.dev) !== row.dev) return null;
    if (src.gzip) return st.size === row.size ? { id: row.id, indexed: row.indexed } : null;
    if (st.size < row.indexed) return null;
    try {
      const head = readHead(src.path, row.head_len);
      return head.length === row.head_len && hashHead(head, row.head_len) === row.head_hash ? { id: row.id, indexed: row.indexed } : null;
    } catch {
      return null;
    }
  }

  /** Record offsets, sorted and distinct, per file id, of the keys' postings of the given kinds. */
  offsets(keys: readonly string[], kinds: readonly number[]): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (const k of keys) {
      for (const r of this.postingsOf(k, kinds)) {
        const list = out.get(r.file) ?? out.set(r.file, []).get(r.file)!;
        for (const p of r.postings) list.push(p.offset);
      }
    }
    for (const [f, list] of out) out.set(f, [...new Set(list)].sort((a, b) => a - b));
    return out;
  }

  /** Every posting list of one key (kinds as given), with the file it is in: one bucket row per file part. */
  postingsOf(key: string, kinds: readonly number[]): { file: number; kind: number; postings: Posting[] }[] {
    const h = keyHash(key);
    const out: { file: number; kind: number; postings: Posting[] }[] = [];
    for (const p of this.parts) {
      const blob = this.st.bucket.get(p.file, p.part, h % p.buckets) as Buffer | undefined;
      if (!blob) continue;
      for (const e of readEntries(blob, { key, kinds })) out.push({ file: p.file, kind: e.kind, postings: decodePostings(e.data) });
    }
    return out;
  }

  /** Some request ids, the earliest first (tests, examples). */
  requestIds(limit: number): string[] {
    const first = new Map<string, number>();
    for (const blob of this.db.prepare('SELECT data FROM postings').pluck().iterate() as Iterable<Buffer>) {
      for (const e of readEntries(blob)) {
        if (e.kind !== 0) continue;
        const ts = decodePostings(e.data)[0]?.ts ?? Infinity;
        if (!(first.get(e.key)! <= ts)) first.set(e.key, ts);
      }
    }
    return [...first].sort((a, b) => a[1] - b[1]).slice(0, limit).map(([k]) => k);
  }

  /** API `POST …/servers` lines, oldest first, in [from, to] when given. */
  boots(from = -Infinity, to = Infinity): BootRow[] {
    return (this.db.prepare(`SELECT b.file, f.path, b.offset, b.ts, b.request, b.global_request, b.status, f.service, f.host
      FROM boots b JOIN files f ON f.id = b.file ORDER BY b.ts`).all() as BootRow[])
      .filter((b) => b.ts === null || (b.ts >= from && b.ts <= to));
  }

  /**
   * A boot that logged "Took N seconds to build instance" under its own request id and nothing
   * at WARNING or above under it: ended well, no trace needed to say so (incidents).
   */
  builtQuietly(request: string): boolean {
    const built = this.db.prepare('SELECT 1 FROM built WHERE request = ? LIMIT 1').pluck().get(request);
    if (!built) return false;
    let worst = -1;
    for (const r of this.postingsOf(request, [0, 1])) for (const p of r.postings) if (p.level > worst) worst = p.level;
    return worst < LEVEL_WARNING;
  }

  /** Outcomes traced before, valid while the index holds the same bytes (`stamp`). */
  cachedOutcome(request: string, stamp: string): string | undefined {
    return this.db.prepare('SELECT outcome FROM boot_outcomes WHERE request = ? AND stamp = ?').pluck().get(request, stamp) as string | undefined;
  }

  files(): FileRow[] { return this.db.prepare('SELECT * FROM files ORDER BY path').all() as FileRow[]; }

  close(): void { this.db.close(); }
}
