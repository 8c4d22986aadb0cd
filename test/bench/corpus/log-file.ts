// One output log file of the corpus: oslo.log lines appended to a large Buffer that is flushed
// with one write() when full, so memory stays constant whatever the corpus size. It also
// counts lines, which is how the ground truth knows the line number of every record it wrote.
// Invariant: timestamps never go backwards within a file (a line stamped earlier than the
// previous one is clamped to it, as a logging handler writing in order would show).

import { closeSync, writeSync } from 'node:fs';

export type Service = 'api' | 'conductor' | 'scheduler' | 'placement' | 'compute';
export type Level = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

/** Receives the records the ground truth needs (see targets.ts). */
export interface Tracker {
  /** A record whose context carries the tracked request id (join rule 1). */
  record(file: LogFile, line: number, offset: number, ms: number): void;
  /** A record that may join through the instance uuid (join rule 3), decided at the end. */
  candidate(file: LogFile, line: number, offset: number, ms: number): void;
  /** Another user's request acting on the instance (not one delivering events): the instance window ends there. */
  otherOperation(ms: number): void;
  /** The tracked request's build ended on a host ("Took N seconds to build instance.", an abort). */
  buildEnded(ms: number): void;
}

/** A tracked record that ends the build (the tracer's BUILD_END). */
const BUILD_END = /^Took [\d.]+ seconds to build instance|^Instance spawned successfully|^Build of instance \S+ aborted/;

/** Lines of a request that only delivers external events to the instance (neutron): not a new operation. */
const EVENT_DELIVERY = /^(Received|Processing) (unexpected )?event |^Creating event /;

/** A rendered context bracket plus what the join rules need to know about it. */
export interface Ctx {
  readonly s: string;
  /** `[-]` or a periodic `[req-… - - - - -]`: no user, so records may join by instance. */
  readonly noUser: boolean;
  readonly tracker: Tracker | null;
}

export const NO_CTX: Ctx = { s: '[-]', noUser: true, tracker: null };

const MS3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

export class Totals {
  bytes = 0;
  lines = 0;
}

export class LogFile {
  lines = 0;
  bytes = 0;
  /** Byte offset of the header line last written by rec(). */
  lastOffset = 0;
  private lastMs = 0;
  private secKey = -1;
  private secStr = '';
  private pos = 0;
  private readonly buf: Buffer;

  constructor(
    readonly rel: string,
    readonly service: Service,
    readonly host: string,
    private readonly skewMs: number,
    private readonly fd: number,
    /** instance uuid → tracker, for the targets' instances only. */
    private readonly watch: Map<string, Tracker>,
    private readonly totals: Totals,
    bufferBytes = 4 << 20,
  ) {
    this.buf = Buffer.allocUnsafe(bufferBytes);
  }

  /** The file's own clock for true time t: host skew applied, never earlier than the last line. */
  private stamp(t: number): string {
    let ms = t + this.skewMs;
    if (ms < this.lastMs) ms = this.lastMs;
    this.lastMs = ms;
    const sec = Math.floor(ms / 1000);
    if (sec !== this.secKey) {
      this.secKey = sec;
      const iso = new Date(sec * 1000).toISOString();
      this.secStr = iso.slice(0, 10) + ' ' + iso.slice(11, 19) + '.';
    }
    return this.secStr + MS3[ms - sec * 1000];
  }

  /** Writes one record header line and returns its 1-based line number (its byte offset is lastOffset). */
  rec(t: number, pid: string, level: Level, logger: string, ctx: Ctx, inst: string | null, msg: string): number {
    const ts = this.stamp(t);
    const line = ++this.lines;
    const offset = (this.lastOffset = this.bytes);
    this.put(
      ts + ' ' + pid + ' ' + level + ' ' + logger + ' ' + ctx.s + ' ' +
        (inst === null ? '' : '[instance: ' + inst + '] ') + msg + '\n',
    );
    if (ctx.tracker !== null) {
      ctx.tracker.record(this, line, offset, this.lastMs);
      if (BUILD_END.test(msg)) ctx.tracker.buildEnded(this.lastMs);
    } else if (inst !== null && this.service === 'compute' && this.watch.size !== 0) {
      const tracker = this.watch.get(inst);
      if (tracker === undefined) return line;
      if (ctx.noUser || EVENT_DELIVERY.test(msg)) {
        tracker.candidate(this, line, offset, this.lastMs);
        if (BUILD_END.test(msg)) tracker.buildEnded(this.lastMs);
      } else if (!EVENT_DELIVERY.test(msg)) tracker.otherOperation(this.lastMs);
    }
    return line;
  }

  /** A headerless continuation line (guest XML, JSON bodies, the DEBUG suffix after them). */
  cont(text: string): void {
    ++this.lines;
    this.put(text + '\n');
  }

  /** A traceback line: oslo.log's exception prefix, no context bracket. */
  tb(t: number, pid: string, logger: string, inst: string | null, text: string): void {
    const ts = this.stamp(t);
    ++this.lines;
    this.put(ts + ' ' + pid + ' ERROR ' + logger + ' ' + (inst === null ? '' : '[instance: ' + inst + '] ') + text + '\n');
  }

  private put(s: string): void {
    // Everything the generator writes is ASCII, so latin1 is a 1:1 byte copy (the fastest encoder).
    if (this.pos + s.length > this.buf.length) this.flush();
    const n = this.buf.write(s, this.pos, 'latin1');
    this.pos += n;
    this.bytes += n;
    this.totals.bytes += n;
    this.totals.lines++;
  }

  flush(): void {
    let off = 0;
    while (off < this.pos) off += writeSync(this.fd, this.buf, off, this.pos - off);
    this.pos = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
