// Loads history newest first: each file is walked backwards in chunks, each chunk framed forward
// from its first record start; the lines before that start belong to the older chunk, which
// frames up to exactly there. Invariant: chunks of a file partition [0, end) — every line once.
// Files take turns by rotation rank: live files' heads first, then `.1` files, and so on.
// Chunks are framed from the byte-level record scanner (history-chunk.ts), in this thread
// (step) or on a worker thread (next), which frames the next file's chunk meanwhile.

import type { IngestRecord } from '../model/types.js';
import type { FileTable } from './file-table.js';
import type { OriginTable } from './origins.js';
import { ChunkFramerState, frameChunk, recordsOf, type ChunkJob, type ChunkResult } from './history-chunk.js';
import type { HistoryWorker } from './history-runner.js';

export const HISTORY_CHUNK = 4 * 1024 * 1024;
/**
 * Chunks framed ahead on the worker (of different files: a file's next chunk ends where its last
 * began). Four keep the worker busy while this thread stores and draws a batch (two left it
 * idle a third of the load).
 */
const AHEAD = 4;

export interface HistoryFile {
  /** File generation whose bytes [0, end) are history (end: the live tail's start, or the size). */
  gen: number;
  end: number;
  rank: number;
  host: string | null;
  refYear: number;
}

interface Cursor { file: HistoryFile; hi: number; busy: boolean }

interface InFlight { cursor: Cursor; result: Promise<ChunkResult | null> }

export class Backfill {
  readonly totalBytes: number;
  doneBytes = 0;
  private readonly ranks: Cursor[][];
  private turn = 0;
  private readonly state = new ChunkFramerState();
  private readonly programSlots: number[] = [];
  private readonly inFlight: InFlight[] = [];

  constructor(
    files: HistoryFile[],
    private readonly table: FileTable,
    private readonly origins: OriginTable,
    private readonly chunkBytes = HISTORY_CHUNK,
  ) {
    const byRank = new Map<number, Cursor[]>();
    for (const f of files) {
      if (f.end <= 0) continue;
      const list = byRank.get(f.rank) ?? [];
      list.push({ file: f, hi: f.end, busy: false });
      byRank.set(f.rank, list);
    }
    this.ranks = [...byRank.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
    this.totalBytes = files.reduce((s, f) => s + Math.max(0, f.end), 0);
  }

  get done(): boolean {
    return this.ranks.length === 0;
  }

  /** Frame the next chunk in this thread; its records, in file order (empty when nothing was left or the bytes are gone). */
  step(): IngestRecord[] {
    const c = this.pick();
    if (!c) return [];
    const job = this.jobOf(c);
    const r = job ? frameChunk(job, this.state) : null;
    return this.apply(c, r, this.programSlots);
  }

  /**
   * The next chunk's records, framed on `worker` (which frames the chunks after it meanwhile);
   * the same chunks in the same order as step() gives them.
   */
  async next(worker: HistoryWorker, slots: number[]): Promise<IngestRecord[]> {
    while (this.inFlight.length < AHEAD) {
      const c = this.pick();
      if (!c) break;
      const job = this.jobOf(c);
      this.inFlight.push({ cursor: c, result: job ? worker.run(job) : Promise.resolve(null) });
    }
    const f = this.inFlight.shift();
    if (!f) return [];
    return this.apply(f.cursor, await f.result, slots);
  }

  /** The next file in turn whose chunk is not being framed already (of the newest rank left). */
  private pick(): Cursor | null {
    const group = this.ranks[0];
    if (!group) return null;
    for (let k = 0; k < group.length; k++) {
      const i = (this.turn + k) % group.length;
      const c = group[i];
      if (c.busy) continue;
      c.busy = true;
      this.turn = i + 1;
      return c;
    }
    return null;
  }

  private jobOf(c: Cursor): ChunkJob | null {
    const g = this.table.get(c.file.gen);
    if (g.gone || g.fd < 0) return null;
    return { fd: g.fd, hi: c.hi, chunkBytes: this.chunkBytes, refYear: c.file.refYear, fileOrigin: g.origin, fileHost: c.file.host };
  }

  private apply(c: Cursor, r: ChunkResult | null, slots: number[]): IngestRecord[] {
    c.busy = false;
    let out: IngestRecord[] = [];
    if (!r || !r.ok) {
      this.doneBytes += c.hi; // the rest cannot be read: count it so progress ends
      c.hi = 0;
    } else {
      out = recordsOf(r, c.file.gen, slots, (program, host) => this.origins.slotOfProgram(program, host));
      this.doneBytes += c.hi - r.lo;
      c.hi = r.lo;
    }
    if (c.hi <= 0) {
      const group = this.ranks[0];
      const i = group.indexOf(c);
      group.splice(i, 1);
      if (i < this.turn) this.turn--;
      if (group.length === 0) {
        this.ranks.shift();
        this.turn = 0;
      }
    }
    return out;
  }
}
