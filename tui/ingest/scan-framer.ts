// Frames a range of whole lines into IngestRecords from the byte-level record scanner's output
// (core/scan/record-scanner.ts) instead of parsing every line: the scanner reports the lines
// that carry a header (records, traceback lines, unparsed lines); the lines between them are
// headerless continuations. Same rules and same records as RecordFramer (record-framer.ts),
// which the live tail keeps: test/tui/ingest/scan-framer.test.ts compares the two record for
// record. A record's bytes are one contiguous range of the buffer; the sink gets its bounds.

import type { LevelCode } from '../model/types.js';
import { hashId } from '../model/types.js';
import { RecordScanner, ScanIds } from '../../core/scan/record-scanner.js';
import { KIND_RECORD, KIND_UNPARSED, type ScannedLine } from '../../core/scan/record-fields.js';

/** Where framed records go: bytes [start, end) of the framed buffer, at file offset `offset`. */
export interface FramedSink {
  record(offset: number, start: number, end: number, ts: number, level: LevelCode, origin: number,
    reqHash: number, instHash: number, unparsed: boolean, continues: boolean): void;
}

interface Attrs { ts: number; level: LevelCode; origin: number; reqHash: number; instHash: number }

/** The last record of a pid, as traceback-rule.ts attachesTo compares it (ids are interned). */
interface Anchor { logger: number; level: number; instance: number; lastTs: number; attrs: Attrs }

const LF = 10;
const NO_PID = -1;
/** As RecordFramer: pids seen in one range are few; the cap only guards against a pathological file. */
const MAX_ANCHORS = 4096;
/** Scanner level code (−1 none, 0 TRACE … 6 CRITICAL) + 1 → the TUI's level code (TRACE ranks as ERROR). */
const TUI_LEVEL: readonly LevelCode[] = [0, 5, 1, 2, 3, 4, 5, 6];
const SCAN_TRACE = 0, SCAN_WARNING = 4, SCAN_ERROR = 5, SCAN_CRITICAL = 6;
const ATTACH_WINDOW_MS = 1000;
/** Interned ids kept across ranges before the tables start afresh (bounds memory on huge histories). */
const MAX_IDS = 1 << 20;

/**
 * What ranges framed one after another share: interned names, their hashes and origins.
 * `originOf` gives the origin of a line that names its program (OriginTable.slotOfProgram, or
 * a code a worker thread hands back to be turned into a slot).
 */
export class ScanFrameShared {
  names = new ScanIds();
  private hashes: number[] = [];
  private readonly programSlots = new Map<number, number>();

  constructor(private readonly originOf: (program: string, host: string | null) => number) {}

  /** hashId of an interned id (decoded once per id), 0 for none. */
  hashOf(id: number): number {
    if (id < 0) return 0;
    let h = this.hashes[id];
    if (h === undefined) h = this.hashes[id] = hashId(this.names.ids.string(id));
    return h;
  }

  /** The origin slot of a line that names its program (journald tag, grep -H prefix). */
  programSlot(program: number, host: number, fileHost: string | null): number {
    const key = program * 0x100000 + host + 1;
    let slot = this.programSlots.get(key);
    if (slot === undefined) {
      const hosts = this.names.hosts;
      slot = this.originOf(hosts.string(program), host < 0 ? fileHost : hosts.string(host));
      // fileHost is fixed per file, so a key without a host is only reused for the same file host.
      if (host >= 0) this.programSlots.set(key, slot);
    }
    return slot;
  }

  /** Start afresh when the interned tables grew large (between ranges only). */
  trim(): void {
    if (this.names.ids.size + this.names.hosts.size + this.names.loggers.size < MAX_IDS) return;
    this.names = new ScanIds();
    this.hashes = [];
    this.programSlots.clear();
  }
}

export class ScanFramer {
  private buf: Buffer = Buffer.alloc(0);
  private base = 0;
  /** Index in `buf` of the first line not yet framed. */
  private pos = 0;
  private limit = 0;
  private open = false;
  private openStart = 0;
  /** Index in `buf` just after the open record's last line (its line break not included). */
  private openEnd = 0;
  /** The open record's attributes (no object per record: these fields, copied into `last` on flush). */
  private readonly cur: Attrs = { ts: NaN, level: 0, origin: 0, reqHash: 0, instHash: 0 };
  private openUnparsed = false;
  private openContinues = false;
  private openPid = NO_PID;
  private hasLast = false;
  private readonly last: Attrs = { ts: NaN, level: 0, origin: 0, reqHash: 0, instHash: 0 };
  private lastPid = NO_PID;
  private lastUnparsed = false;
  private readonly anchors = new Map<number, Anchor>();

  constructor(
    private readonly fileOrigin: number,
    private readonly fileHost: string | null,
    private readonly refYear: number,
    private readonly shared: ScanFrameShared,
    private readonly sink: FramedSink,
  ) {}

  /**
   * Frame the lines of buf[start, end) (`start` a line start; `end` just after a line break or
   * the end of the input, whose last line then has none); `base` is the file offset of buf[0].
   * Every record is emitted by the time this returns.
   */
  frame(buf: Buffer, start: number, end: number, base: number): void {
    this.buf = buf;
    this.base = base;
    this.pos = start;
    this.limit = end;
    const scanner = new RecordScanner(this.shared.names, this.refYear, { line: (l) => this.headerLine(l) });
    scanner.scan(buf, start, end, base);
    if (this.pos < end) this.headerless(end);
    this.flush();
    this.buf = Buffer.alloc(0);
  }

  /** Lines from `pos` up to `to` (a line start, or the range's end) that have no header. */
  private headerless(to: number): void {
    if (!this.open) {
      if (this.hasLast) this.begin(this.pos, this.last, this.lastUnparsed, true, this.lastPid);
      else this.beginUnparsed(this.pos);
    }
    this.openEnd = this.buf[to - 1] === LF ? to - 1 : to;
    this.pos = to;
  }

  private headerLine(l: ScannedLine): void {
    const s = l.offset - this.base;
    if (s > this.pos) this.headerless(s);
    // The line's end with its CR, if any (the scanner's length leaves a CR out).
    let e = s + l.length;
    if (e < this.limit && this.buf[e] !== LF) e++;
    this.pos = e + 1;
    if (l.kind === KIND_UNPARSED) {
      this.flush();
      this.beginUnparsed(s);
      this.openEnd = e;
      return;
    }
    if (l.kind !== KIND_RECORD) return;
    const a = this.anchors.get(l.pid);
    if (a && l.tracebackLine && this.attaches(a, l)) {
      a.lastTs = l.ts;
      if (!this.open || this.openPid !== l.pid) {
        // Its record was emitted already, or another process's lines came between.
        this.flush();
        this.begin(s, a.attrs, false, true, l.pid);
        this.cur.ts = l.ts;
      }
      this.openEnd = e;
      return;
    }
    this.flush();
    const sh = this.shared;
    this.begin(s, null, false, false, l.pid);
    const c = this.cur;
    c.ts = l.ts;
    c.level = TUI_LEVEL[l.level + 1];
    // A journald tag (or a grep -H file prefix) names the writer better than the file does.
    c.origin = l.program >= 0 ? sh.programSlot(l.program, l.host, this.fileHost) : this.fileOrigin;
    c.reqHash = sh.hashOf(l.requestId);
    c.instHash = sh.hashOf(l.instance);
    this.openEnd = e;
    if (a) {
      a.logger = l.logger; a.level = l.level; a.instance = l.instance; a.lastTs = l.ts;
      copyAttrs(c, a.attrs);
    } else {
      if (this.anchors.size >= MAX_ANCHORS) this.anchors.clear();
      this.anchors.set(l.pid, { logger: l.logger, level: l.level, instance: l.instance, lastTs: l.ts, attrs: { ...c } });
    }
  }

  /** traceback-rule.ts attachesTo, on interned ids: `l` is a traceback line of the anchor's pid. */
  private attaches(a: Anchor, l: ScannedLine): boolean {
    if (a.logger !== l.logger) return false;
    const lv = a.level;
    if (lv !== SCAN_ERROR && lv !== SCAN_CRITICAL && lv !== SCAN_WARNING && lv !== SCAN_TRACE) return false;
    if (a.instance >= 0 && l.instance >= 0 && a.instance !== l.instance) return false;
    const dt = l.ts - a.lastTs;
    return !(dt > ATTACH_WINDOW_MS || dt < -ATTACH_WINDOW_MS);
  }

  private flush(): void {
    if (!this.open) return;
    const a = this.cur;
    this.open = false;
    copyAttrs(a, this.last);
    this.hasLast = true;
    this.lastPid = this.openPid;
    this.lastUnparsed = this.openUnparsed;
    this.sink.record(this.base + this.openStart, this.openStart, this.openEnd, a.ts, a.level, a.origin,
      a.reqHash, a.instHash, this.openUnparsed, this.openContinues);
  }

  private beginUnparsed(start: number): void {
    this.begin(start, null, true, false, NO_PID);
    const c = this.cur;
    c.ts = NaN; c.level = 0; c.origin = this.fileOrigin; c.reqHash = 0; c.instHash = 0;
  }

  /** Open a record at `start` with the attributes `from` (null: the caller sets them). */
  private begin(start: number, from: Attrs | null, unparsed: boolean, continues: boolean, pid: number): void {
    this.open = true;
    this.openStart = start;
    this.openEnd = start;
    if (from) copyAttrs(from, this.cur);
    this.openUnparsed = unparsed;
    this.openContinues = continues;
    this.openPid = pid;
  }
}

function copyAttrs(from: Attrs, to: Attrs): void {
  to.ts = from.ts; to.level = from.level; to.origin = from.origin; to.reqHash = from.reqHash; to.instHash = from.instHash;
}
