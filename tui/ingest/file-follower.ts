// Follows one path: the generation currently at that path, plus generations that were renamed
// or deleted away and are still drained for a grace period (a writer that has not reopened yet).
// Invariant: every byte of every generation is framed once — rotation, copytruncate (with the
// copy found), truncation and delete/recreate start a new generation; none re-reads old bytes.

import fs from 'node:fs';
import type { IngestRecord } from '../model/types.js';
import type { FileTable } from './file-table.js';
import { GenerationReader, type ReadCounters } from './generation-reader.js';
import type { OriginTable } from './origins.js';
import { RecordFramer } from './record-framer.js';
import { findRenamed, findTruncateCopy } from './rotated-siblings.js';

/** How long a renamed/deleted generation is still read for late writes. */
export const ROTATION_GRACE_MS = 2000;

export interface FollowContext {
  table: FileTable;
  origins: OriginTable;
  counters: ReadCounters;
  emit(r: IngestRecord): void;
  graceMs?: number;
}

/** What a followed path's records are attributed to unless a line names its writer. */
export interface FileIdentity { origin: number; host: string | null; refYear: number }

interface Retiring { reader: GenerationReader; dev: number; ino: number; deadline: number; named: boolean }

export class FileFollower {
  private current: GenerationReader | null = null;
  private dev = 0;
  private ino = 0;
  private retiring: Retiring[] = [];

  constructor(readonly path: string, private readonly ctx: FollowContext, private readonly id: FileIdentity) {}

  /** Start at `pos` of the file already opened as `fd` (the tail start); returns the generation id. */
  startAt(fd: number, pos: number): number {
    return this.begin(fd, pos).gen.id;
  }

  get following(): boolean {
    return this.current !== null;
  }

  get generation(): number {
    return this.current?.gen.id ?? -1;
  }

  /** Read whatever arrived; detect truncation, rotation, deletion and a new file at the path. */
  poll(now = Date.now()): number {
    let lines = 0;
    const st = fs.statSync(this.path, { throwIfNoEntry: false });
    const cur = this.current;
    if (cur) {
      if (st && st.ino === this.ino && st.dev === this.dev) {
        if (st.size < cur.pos || !cur.endsMatch(cur.gen.fd, cur.pos)) lines += this.truncated(cur);
        else if (st.size > cur.pos) lines += cur.readToEof();
      } else {
        lines += cur.readToEof();
        this.retire(cur, now);
      }
    }
    if (!this.current && st?.isFile()) {
      let fd = -1;
      try {
        fd = fs.openSync(this.path, 'r');
      } catch { /* gone again */ }
      if (fd >= 0) lines += this.begin(fd, 0).readToEof();
    }
    lines += this.pollRetiring(now, false);
    return lines;
  }

  /** Emit open records whose last line came at least holdMs ago; true while any record is still held. */
  flushIdle(now: number, holdMs: number): boolean {
    let holding = false;
    for (const r of this.readers()) {
      if (!r.framer.holding) continue;
      if (now - r.lastLineAt >= holdMs) r.framer.flush();
      else holding = true;
    }
    return holding;
  }

  /** No more reading (follow: false, or stop): frame held partial lines and emit open records. */
  finishAll(): void {
    this.pollRetiring(Number.POSITIVE_INFINITY, true);
    this.current?.finish();
  }

  private *readers(): Iterable<GenerationReader> {
    if (this.current) yield this.current;
    for (const r of this.retiring) yield r.reader;
  }

  private begin(fd: number, pos: number): GenerationReader {
    const st = fs.fstatSync(fd);
    this.dev = st.dev;
    this.ino = st.ino;
    const gen = this.ctx.table.add(this.path, this.id.origin, fd);
    const framer = new RecordFramer(gen.id, this.id.origin, this.id.host, this.id.refYear, this.ctx.origins, this.ctx.emit);
    this.current = new GenerationReader(gen, pos, framer, this.ctx.counters);
    return this.current;
  }

  /** Same inode, fewer bytes (or other bytes) than we read: copytruncate or a plain truncation. */
  private truncated(cur: GenerationReader): number {
    let lines = 0;
    const copy = findTruncateCopy(this.path, cur);
    if (copy) {
      // Lines written after our last read but before the copy are in the copy, at the same offsets.
      this.ctx.table.repoint(cur.gen.id, copy.path, copy.fd);
      lines += cur.readToEof();
    }
    cur.finish();
    // No copy: the old bytes are gone (the new generation opens its own fd on the same inode).
    if (!copy) this.ctx.table.markGone(cur.gen.id);
    this.current = null;
    return lines;
  }

  private retire(cur: GenerationReader, now: number): void {
    const renamed = findRenamed(this.path, this.dev, this.ino);
    if (renamed) this.ctx.table.repoint(cur.gen.id, renamed);
    this.retiring.push({ reader: cur, dev: this.dev, ino: this.ino, deadline: now + (this.ctx.graceMs ?? ROTATION_GRACE_MS), named: renamed !== null });
    this.current = null;
  }

  private pollRetiring(now: number, all: boolean): number {
    if (this.retiring.length === 0) return 0;
    let lines = 0;
    const keep: Retiring[] = [];
    for (const r of this.retiring) {
      lines += r.reader.readToEof();
      if (!all && now < r.deadline) {
        keep.push(r);
        continue;
      }
      if (!r.named) {
        const renamed = findRenamed(this.path, r.dev, r.ino);
        if (renamed) this.ctx.table.repoint(r.reader.gen.id, renamed);
      }
      // Deleted without a new name: still readable through the fd we keep open.
      r.reader.finish();
    }
    this.retiring = keep;
    return lines;
  }
}
