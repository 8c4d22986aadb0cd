// The public face of ingest: follows every log file of a directory live and loads its history
// in the background, handing IngestRecord batches to onBatch. Invariant: the live tails and the
// history partition every file (each line once), and paused means no reading (positions kept).
// Rotated `.gz` files are not loaded: the TUI re-reads records by byte offset (SourceCatalog.read),
// which a gzip stream cannot serve; the tracer (core/) still reads them.

import fs from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { IngestRecord, Origin, SourceCatalog } from '../model/types.js';
import { discoverLogFiles, LOG_FILE_NAME } from '../../parsers/log-files.js';
import { hostFromPath, programFromPath, rotationRank, serviceOf } from '../../parsers/source-naming.js';
import { Backfill, type HistoryFile } from './backfill.js';
import { FileFollower, type FollowContext } from './file-follower.js';
import { FileTable } from './file-table.js';
import { HistoryWorker } from './history-runner.js';
import { OriginTable } from './origins.js';
import { tailStart } from './record-boundary.js';

export interface LogTailOptions {
  dir: string;
  onBatch(records: IngestRecord[], kind: 'live' | 'history'): void;
  /** Bytes read back from the end of each live file at start (first screen). Default 256 KiB. */
  tailBytes?: number;
  /** How many more history records the store can take (the tail stops backfilling at ≤ 0). */
  historyRoom?(): number;
  batchMs?: number;      // coalesce live records this long before onBatch (default 10)
  holdMs?: number;       // see framer (default 30)
  follow?: boolean;      // false: read everything once (history + tails), no watching (default true)
  /** History of at least this many bytes is framed on a worker thread (default 16 MiB). */
  historyWorkerMinBytes?: number;
  /** The history worker's entry point (default: the build's; from TypeScript source, a bundle of history-worker.ts). */
  historyWorkerUrl?: URL;
}

/** Every follower is polled this often too: watch events can be missed or coalesced. */
const SAFETY_POLL_MS = 250;
/**
 * chokidar drops 'change' events for 50 ms after one it passes (no trailing event), so the last
 * write of a burst may get no event: a followed file with an event is polled again after this.
 */
const TRAILING_POLL_MS = 60;
/** The directory is re-walked every this many safety polls, for files the watcher did not report. */
const RESCAN_EVERY = 8;
/** Less history than this is framed in this thread: starting a worker would cost more than it saves. */
const WORKER_MIN_BYTES = 16 << 20;

function isLiveName(name: string): boolean {
  return LOG_FILE_NAME.test(name) && rotationRank(name) === 0 && !name.endsWith('.gz');
}

function nonNegative(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!Number.isFinite(v) || v < 0) throw new Error(`LogTail option ${name} must be a number ≥ 0, got ${v}`);
  return v;
}

export class LogTail implements SourceCatalog {
  readonly origins = new OriginTable();
  private readonly dir: string;
  private readonly table: FileTable;
  private readonly tailBytes: number;
  private readonly batchMs: number;
  private readonly holdMs: number;
  private readonly follow: boolean;
  private readonly followers = new Map<string, FileFollower>();
  private readonly counters = { lines: 0, bytes: 0 };
  private readonly ctx: FollowContext;
  private pending: IngestRecord[] = [];
  private starting = true;
  private paused = false;
  private stopped = false;
  private watcher: FSWatcher | null = null;
  private batchTimer: NodeJS.Timeout | null = null;
  private holdTimer: NodeJS.Timeout | null = null;
  private safetyTimer: NodeJS.Timeout | null = null;
  private trailingTimer: NodeJS.Timeout | null = null;
  private readonly trailing = new Set<FileFollower>();
  private safetyTicks = 0;
  private backfill: Backfill | null = null;
  private backfillScheduled = false;
  private historyWorker: HistoryWorker | null = null;
  /** Origin slots of the programs the worker named (history-chunk.ts recordsOf). */
  private readonly workerSlots: number[] = [];
  /** A chunk is being framed on the worker. */
  private stepping = false;
  /** Records framed on the worker that arrived while paused: handed over on resume. */
  private heldHistory: IngestRecord[] | null = null;
  private historyFinished = false;
  private resolveHistory!: () => void;
  private readonly historyPromise = new Promise<void>((r) => { this.resolveHistory = r; });

  constructor(private readonly opts: LogTailOptions) {
    const st = fs.statSync(opts.dir, { throwIfNoEntry: false });
    if (!st?.isDirectory()) throw new Error(`LogTail option dir: not a directory: ${opts.dir}`);
    this.dir = path.resolve(opts.dir);
    this.table = new FileTable(this.dir);
    this.tailBytes = nonNegative('tailBytes', opts.tailBytes, 256 * 1024);
    this.batchMs = nonNegative('batchMs', opts.batchMs, 10);
    this.holdMs = nonNegative('holdMs', opts.holdMs, 30);
    this.follow = opts.follow ?? true;
    this.ctx = { table: this.table, origins: this.origins, counters: this.counters, emit: (r) => this.pushLive(r) };
  }

  async start(): Promise<void> {
    const sources = discoverLogFiles([this.dir]);
    const history: HistoryFile[] = [];
    for (const s of sources) {
      if (s.gzip) continue;
      const full = path.resolve(s.path);
      let fd: number;
      try {
        fd = fs.openSync(full, 'r');
      } catch {
        continue; // vanished since the walk
      }
      const size = fs.fstatSync(fd).size;
      const origin = this.origins.slotOf(s.service, s.host);
      if (s.rotation === 0) {
        const start = tailStart(fd, size, this.tailBytes, s.refYear);
        const f = new FileFollower(full, this.ctx, { origin, host: s.host, refYear: s.refYear });
        this.followers.set(full, f);
        const gen = f.startAt(fd, start);
        f.poll();
        history.push({ gen, end: start, rank: 0, host: s.host, refYear: s.refYear });
      } else {
        const gen = this.table.add(full, origin, fd);
        history.push({ gen: gen.id, end: size, rank: s.rotation, host: s.host, refYear: s.refYear });
      }
    }
    // The first screen shows every tail's newest record, not held for its possible continuation.
    for (const f of this.followers.values()) {
      if (this.follow) f.flushIdle(Number.POSITIVE_INFINITY, 0);
      else f.finishAll();
    }
    this.starting = false;
    this.flushBatch(true);
    this.backfill = new Backfill(history, this.table, this.origins);
    if (this.backfill.totalBytes > 0 && this.backfill.totalBytes >= (this.opts.historyWorkerMinBytes ?? WORKER_MIN_BYTES)) this.historyWorker = HistoryWorker.start(this.opts.historyWorkerUrl);
    if (!this.follow) {
      this.scheduleBackfill();
      await this.historyPromise;
      return;
    }
    await this.startWatching();
    this.safetyTimer = setInterval(() => this.safetyPoll(), SAFETY_POLL_MS);
    this.scheduleBackfill();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (this.stopped || !this.paused) return;
    this.paused = false;
    this.pollAll();
    this.scheduleBackfill();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of [this.batchTimer, this.holdTimer, this.trailingTimer]) if (t) clearTimeout(t);
    if (this.safetyTimer) clearInterval(this.safetyTimer);
    this.batchTimer = this.holdTimer = this.safetyTimer = this.trailingTimer = null;
    const w = this.watcher;
    this.watcher = null;
    if (w) await w.close();
    this.table.close();
    this.finishHistory();
  }

  stats(): { filesFollowed: number; linesRead: number; bytesRead: number; history: { doneBytes: number; totalBytes: number } | null } {
    let filesFollowed = 0;
    for (const f of this.followers.values()) if (f.following) filesFollowed++;
    const b = this.backfill;
    return {
      filesFollowed, linesRead: this.counters.lines, bytesRead: this.counters.bytes,
      history: b && !this.historyFinished ? { doneBytes: b.doneBytes, totalBytes: b.totalBytes } : null,
    };
  }

  historyDone(): Promise<void> {
    return this.historyPromise;
  }

  origin(slot: number): Origin {
    return this.origins.get(slot);
  }

  fileLabel(file: number): string {
    return this.table.label(file);
  }

  read(file: number, offset: number, length: number): Buffer | null {
    return this.table.read(file, offset, length);
  }

  // ---- live path -------------------------------------------------------------------------

  private async startWatching(): Promise<void> {
    const w = watch(this.dir, { ignoreInitial: true, depth: 8, awaitWriteFinish: false });
    this.watcher = w;
    w.on('add', (p: string) => this.onAdd(path.resolve(p)));
    w.on('change', (p: string) => this.onChange(path.resolve(p)));
    w.on('unlink', (p: string) => this.onChange(path.resolve(p)));
    w.on('error', () => { /* the safety poll carries on */ });
    await new Promise<void>((resolve) => w.once('ready', () => resolve()));
    // Files created while the watcher was scanning are in no event: look once more.
    this.rescan();
  }

  private onAdd(p: string): void {
    if (this.paused || this.stopped) return;
    const f = this.followers.get(p);
    if (f) this.pollOnEvent(f);
    else if (isLiveName(path.basename(p))) this.followNew(p);
    else this.pollAll(); // a rotated name appeared: one of ours was probably just rotated
  }

  private onChange(p: string): void {
    if (this.paused || this.stopped) return;
    const f = this.followers.get(p);
    if (f) this.pollOnEvent(f);
    else if (isLiveName(path.basename(p)) && fs.existsSync(p)) this.followNew(p);
    else this.pollAll();
  }

  private followNew(full: string): void {
    const st = fs.statSync(full, { throwIfNoEntry: false });
    if (!st?.isFile()) return;
    const rel = path.relative(this.dir, full);
    const service = serviceOf(programFromPath(rel));
    const host = hostFromPath(rel);
    const f = new FileFollower(full, this.ctx, { origin: this.origins.slotOf(service, host), host, refYear: st.mtime.getUTCFullYear() });
    this.followers.set(full, f);
    this.pollOne(f);
  }

  private rescan(): void {
    let sources;
    try {
      sources = discoverLogFiles([this.dir]);
    } catch {
      return;
    }
    for (const s of sources) {
      const full = path.resolve(s.path);
      if (s.rotation === 0 && !s.gzip && !this.followers.has(full)) this.followNew(full);
    }
  }

  private safetyPoll(): void {
    if (this.paused || this.stopped) return;
    this.pollAll();
    if (++this.safetyTicks % RESCAN_EVERY === 0) this.rescan();
  }

  private pollOnEvent(f: FileFollower): void {
    this.pollOne(f);
    this.trailing.add(f);
    if (this.trailingTimer) return;
    this.trailingTimer = setTimeout(() => {
      this.trailingTimer = null;
      const due = [...this.trailing];
      this.trailing.clear();
      for (const x of due) this.pollOne(x);
    }, TRAILING_POLL_MS);
  }

  private pollAll(): void {
    for (const f of this.followers.values()) this.pollOne(f);
  }

  private pollOne(f: FileFollower): void {
    if (this.paused || this.stopped) return;
    if (f.poll() > 0) this.scheduleHoldFlush();
  }

  /** Emit records held for continuation lines once their file has been quiet for holdMs. */
  private scheduleHoldFlush(): void {
    if (this.holdTimer || this.stopped) return;
    this.holdTimer = setTimeout(() => {
      this.holdTimer = null;
      const now = Date.now();
      let holding = false;
      for (const f of this.followers.values()) if (f.flushIdle(now, this.holdMs)) holding = true;
      if (holding) this.scheduleHoldFlush();
    }, this.holdMs);
  }

  private pushLive(r: IngestRecord): void {
    this.pending.push(r);
    if (!this.batchTimer && !this.starting && !this.stopped) {
      this.batchTimer = setTimeout(() => this.flushBatch(false), this.batchMs);
    }
  }

  private flushBatch(always: boolean): void {
    this.batchTimer = null;
    if (this.stopped) return;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0 || always) this.opts.onBatch(batch, 'live');
  }

  // ---- history ---------------------------------------------------------------------------

  private scheduleBackfill(): void {
    if (this.backfillScheduled || this.historyFinished || this.stopped) return;
    this.backfillScheduled = true;
    // setImmediate between chunks: watch events and timers of the live path run in between.
    setImmediate(() => {
      this.backfillScheduled = false;
      this.backfillStep();
    });
  }

  private backfillStep(): void {
    const b = this.backfill;
    if (!b || this.stopped || this.paused || this.historyFinished || this.stepping) return;
    if (this.heldHistory) {
      const held = this.heldHistory;
      this.heldHistory = null;
      this.opts.onBatch(held, 'history');
    }
    const room = this.opts.historyRoom;
    if (b.done || (room && room() <= 0)) {
      this.finishHistory();
      return;
    }
    const w = this.historyWorker;
    if (!w) {
      const records = b.step();
      if (records.length > 0) this.opts.onBatch(records, 'history');
      this.scheduleBackfill();
      return;
    }
    this.stepping = true;
    void b.next(w, this.workerSlots).then((records) => {
      this.stepping = false;
      if (this.stopped || this.historyFinished) return;
      if (this.paused) { if (records.length > 0) this.heldHistory = records; return; }
      if (records.length > 0) this.opts.onBatch(records, 'history');
      this.scheduleBackfill();
    });
  }

  private finishHistory(): void {
    if (this.historyFinished) return;
    this.historyFinished = true;
    this.historyWorker?.close();
    this.historyWorker = null;
    this.resolveHistory();
  }
}
