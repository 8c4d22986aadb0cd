// Writes into the index: one transaction per file, so a build killed at any moment leaves
// every file either as it was or wholly brought up to date. A file whose row another writer
// moved on meanwhile is left to that writer (its parts are dropped, never written twice).

import type { IndexDb } from './index-db.js';
import type { PartResult } from './part-scan.js';

export interface FileRow {
  id: number; path: string; dev: number; ino: number; gzip: number; size: number; indexed: number; head_len: number;
  head_hash: string; service: string; host: string | null; ref_year: number; first_ts: number | null; last_ts: number | null; records: number;
}

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

export class IndexWriter {
  private readonly st;

  constructor(private readonly db: IndexDb) {
    this.st = {
      posting: db.prepare('INSERT OR REPLACE INTO postings(file, part, bucket, data) VALUES (?, ?, ?, ?)'),
      part: db.prepare('INSERT OR REPLACE INTO parts(file, part, buckets) VALUES (?, ?, ?)'),
      boot: db.prepare('INSERT OR REPLACE INTO boots(file, offset, ts, request, global_request, status, path) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      built: db.prepare('INSERT OR REPLACE INTO built(file, offset, ts, request, global_request) VALUES (?, ?, ?, ?, ?)'),
      row: db.prepare('SELECT * FROM files WHERE id = ?'),
      insertFile: db.prepare(`INSERT INTO files(path, dev, ino, gzip, size, indexed, head_len, head_hash, service, host, ref_year, first_ts, last_ts, records)
        VALUES (@path, @dev, @ino, @gzip, @size, 0, 0, '', @service, @host, @ref_year, NULL, NULL, 0) RETURNING id`).pluck(),
      update: db.prepare(`UPDATE files SET size = @size, indexed = @indexed, head_len = @head_len, head_hash = @head_hash, service = @service, host = @host,
        ref_year = @ref_year, first_ts = @first_ts, last_ts = @last_ts, records = @records WHERE id = @id`),
      clear: [db.prepare('DELETE FROM postings WHERE file = ?'), db.prepare('DELETE FROM parts WHERE file = ?'), db.prepare('DELETE FROM boots WHERE file = ?'), db.prepare('DELETE FROM built WHERE file = ?')],
      drop: db.prepare('DELETE FROM files WHERE id = ?'),
      move: db.prepare('UPDATE files SET path = ?, dev = ?, ino = ?, gzip = ?, size = ? WHERE id = ?'),
      copyPostings: db.prepare('INSERT INTO postings SELECT ?, part, bucket, data FROM postings WHERE file = ?'),
      copyParts: db.prepare('INSERT INTO parts SELECT ?, part, buckets FROM parts WHERE file = ?'),
      copyBoots: db.prepare('INSERT INTO boots SELECT ?, offset, ts, request, global_request, status, path FROM boots WHERE file = ?'),
      copyBuilt: db.prepare('INSERT INTO built SELECT ?, offset, ts, request, global_request FROM built WHERE file = ?'),
    };
  }

  newFile(f: Pick<FileRow, 'path' | 'dev' | 'ino' | 'gzip' | 'size' | 'service' | 'host' | 'ref_year'>): number {
    return this.st.insertFile.get(f) as number;
  }

  row(id: number): FileRow | undefined { return this.st.row.get(id) as FileRow | undefined; }

  move(id: number, path: string, dev: number, ino: number, gzip: boolean, size: number): void {
    this.st.move.run(path, dev, ino, gzip ? 1 : 0, size, id);
  }

  /** A compressed generation of a file still present: its postings serve both (offsets are the same bytes). */
  copyFrom(to: number, from: number): void {
    this.db.transaction(() => { this.st.copyPostings.run(to, from); this.st.copyParts.run(to, from); this.st.copyBoots.run(to, from); this.st.copyBuilt.run(to, from); })();
  }

  /** A new row for a generation takes over what the original's row says about the bytes. */
  adopt(id: number, from: FileRow): void {
    this.db.prepare('UPDATE files SET indexed = ?, head_len = ?, head_hash = ?, first_ts = ?, last_ts = ?, records = ? WHERE id = ?')
      .run(from.indexed, from.head_len, from.head_hash, from.first_ts, from.last_ts, from.records, id);
  }

  drop(id: number): void {
    this.db.transaction(() => { for (const c of this.st.clear) c.run(id); this.st.drop.run(id); })();
  }

  /**
   * Writes a file's new parts and moves its row on, if the row is still where this build found
   * it (`expectIndexed`); `fromScratch` first clears what the file had. Returns false when another
   * writer got there first.
   */
  commitFile(id: number, expectIndexed: number, fromScratch: boolean, parts: readonly PartResult[], meta: Pick<FileRow, 'size' | 'head_len' | 'head_hash' | 'service' | 'host' | 'ref_year'>): boolean {
    return this.db.transaction(() => {
      const row = this.row(id);
      if (!row || row.indexed !== expectIndexed) return false;
      if (fromScratch) for (const c of this.st.clear) c.run(id);
      let end = fromScratch ? 0 : row.indexed;
      let records = fromScratch ? 0 : row.records;
      let first = fromScratch ? Infinity : row.first_ts ?? Infinity;
      let last = fromScratch ? -Infinity : row.last_ts ?? -Infinity;
      for (const p of [...parts].sort((a, b) => a.start - b.start)) {
        if (p.start !== end) break; // a failed part before this one: what follows waits for the next run
        this.writePart(id, p);
        end = p.end;
        records += p.records;
        if (p.minTs < first) first = p.minTs;
        if (p.maxTs > last) last = p.maxTs;
        if (p.error) break;
      }
      this.st.update.run({ ...meta, id, indexed: end, first_ts: num(first), last_ts: num(last), records });
      return true;
    }).immediate();
  }

  private writePart(file: number, p: PartResult): void {
    this.st.part.run(file, p.start, p.buckets);
    for (let k = 0; k < p.bucketIds.length; k++) {
      const from = k === 0 ? 0 : p.blobEnds[k - 1];
      this.st.posting.run(file, p.start, p.bucketIds[k], Buffer.from(p.blob.buffer, p.blob.byteOffset + from, p.blobEnds[k] - from));
    }
    for (const b of p.boots) this.st.boot.run(file, b.offset, num(b.ts), b.requestId, b.globalRequestId, b.status, b.path);
    for (const b of p.built) this.st.built.run(file, b.offset, num(b.ts), b.requestId, b.globalRequestId);
  }
}
