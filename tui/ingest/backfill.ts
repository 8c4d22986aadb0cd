// Loads history newest first: each file is walked backwards in chunks, each chunk framed forward
// from its first record start; the lines before that start belong to the older chunk, which
// frames up to exactly there. Invariant: chunks of a file partition [0, end) — every line once.
// Files take turns by rotation rank: live files' heads first, then `.1` files, and so on.
// Chunks are framed from the byte-level record scanner (scan-framer.ts), not line by line.

import fs from 'node:fs';
import type { IngestRecord } from '../model/types.js';
import type { FileTable } from './file-table.js';
import type { OriginTable } from './origins.js';
import { ScanFrameShared, ScanFramer } from './scan-framer.js';
import { firstBoundary, scanBuffer } from './record-boundary.js';

export const HISTORY_CHUNK = 4 * 1024 * 1024;

export interface HistoryFile {
  /** File generation whose bytes [0, end) are history (end: the live tail's start, or the size). */
  gen: number;
  end: number;
  rank: number;
  host: string | null;
  refYear: number;
}

interface Cursor { file: HistoryFile; hi: number }

export class Backfill {
  readonly totalBytes: number;
  doneBytes = 0;
  private readonly ranks: Cursor[][];
  private turn = 0;
  private readonly shared: ScanFrameShared;

  constructor(
    files: HistoryFile[],
    private readonly table: FileTable,
    origins: OriginTable,
    private readonly chunkBytes = HISTORY_CHUNK,
  ) {
    const byRank = new Map<number, Cursor[]>();
    for (const f of files) {
      if (f.end <= 0) continue;
      const list = byRank.get(f.rank) ?? [];
      list.push({ file: f, hi: f.end });
      byRank.set(f.rank, list);
    }
    this.ranks = [...byRank.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
    this.totalBytes = files.reduce((s, f) => s + Math.max(0, f.end), 0);
    this.shared = new ScanFrameShared(origins);
  }

  get done(): boolean {
    return this.ranks.length === 0;
  }

  /** Frame the next chunk; its records, in file order (empty when nothing was left or the bytes are gone). */
  step(): IngestRecord[] {
    const group = this.ranks[0];
    if (!group) return [];
    const i = this.turn % group.length;
    const c = group[i];
    const out: IngestRecord[] = [];
    const ok = this.chunk(c, out);
    if (!ok) {
      this.doneBytes += c.hi; // the rest cannot be read: count it so progress ends
      c.hi = 0;
    }
    if (c.hi <= 0) {
      group.splice(i, 1);
      if (group.length === 0) {
        this.ranks.shift();
        this.turn = 0;
      }
    } else {
      this.turn = i + 1;
    }
    return out;
  }

  private chunk(c: Cursor, out: IngestRecord[]): boolean {
    const g = this.table.get(c.file.gen);
    if (g.gone || g.fd < 0) return false;
    const { hi } = c;
    let lo = Math.max(0, hi - this.chunkBytes);
    let from = 0;
    let buf: Buffer;
    let start: number;
    for (;;) {
      from = lo === 0 ? 0 : lo - 1;
      const len = hi - from;
      buf = scanBuffer(len);
      let n: number;
      try {
        n = fs.readSync(g.fd, buf, 0, len, from);
      } catch {
        return false;
      }
      if (n < len) return false; // truncated under us
      start = lo === 0 ? 0 : firstBoundary(buf, len, c.file.refYear);
      if (start >= 0) break;
      lo = Math.max(0, lo - this.chunkBytes); // one line longer than a chunk
    }
    this.shared.trim();
    new ScanFramer(g.id, g.origin, c.file.host, c.file.refYear, this.shared, (r) => out.push(r)).frame(buf, start, hi - from, from);
    this.doneBytes += hi - (from + start);
    c.hi = from + start;
    return true;
  }
}
