// The record scanner: walks a buffer of whole lines and reports, per line that fits a log
// format (oslo.log, journald short) or starts like one, its offset, time, pid, level, request
// id, global request id, instance and whether it is a traceback line continuing an earlier
// record — on bytes, with one reused result object and interned ids, so the hot path creates
// no per-line objects. Lines no format starts are headerless continuations and are skipped.
// The rare shapes the byte path does not read (journalctl -o json, ANSI colours, NUL runs,
// `file.log:` prefixes) go through parsers/line-parser.ts and come out the same way.
// test/core/scan/record-scanner.test.ts checks every field against parseLine on real logs.

import { FORMATS } from '../../parsers/formats/index.js';
import { osloFormat } from '../../parsers/formats/oslo.js';
import { journaldFormat } from '../../parsers/formats/journald.js';
import { parseLine, type ParsedLine } from '../../parsers/line-parser.js';
import { ByteInterner } from './byte-interner.js';
import { scanBody } from './body-scan.js';
import { journaldHeader, mayStartJournald, mayStartOslo, osloHeader } from './header-scan.js';
import { KIND_RECORD, KIND_UNPARSED, LEVEL_CODE, newScannedLine, resetLine, type ScannedLine, type ScanSink } from './record-fields.js';

const LF = 10, CR = 13, ESC = 27, NUL = 0, BRACE = 123, T_BYTE = 84;
/** Formats the byte path does not read: a line one of them may start goes through parseLine. */
const OTHER_FORMATS = FORMATS.filter((f) => f !== osloFormat && f !== journaldFormat);
/** mayStart looks at a line's first bytes only. */
const MAY_START_BYTES = 256;

/** `.log` first occurs at 1…200 (line-parser.ts splitFilePrefix looks no further). */
function hasFilePrefix(b: Buffer, s: number, e: number): boolean {
  const lim = Math.min(e - 3, s + 201);
  for (let i = s; i < lim; i++) {
    if (b[i] === 46 && b[i + 1] === 108 && b[i + 2] === 111 && b[i + 3] === 103) return i > s;
  }
  return false;
}
/** Traceback lines join a record of the same pid and logger written within this (traceback-rule.ts). */
const ATTACH_WINDOW_MS = 1000;
const LVL_TRACE = 0, LVL_WARNING = 4, LVL_ERROR = 5, LVL_CRITICAL = 6;

interface Anchor { offset: number; logger: number; level: number; instance: number; lastTs: number }

/** Interned values shared by every line a scanner reads. */
export class ScanIds {
  ids = new ByteInterner();
  /** False when only the request ids' bounds are wanted (reqStart/reqEnd): requestId and globalRequestId stay −1. */
  requestIds = true;
  readonly loggers = new ByteInterner();
  readonly hosts = new ByteInterner();
}

/** Asked of every headerless line: formats that can answer on bytes are asked so, no string made. */
function mayStartOther(b: Buffer, s: number, e: number): boolean {
  const he = Math.min(e, s + MAY_START_BYTES);
  let head: string | null = null;
  for (const f of OTHER_FORMATS) {
    if (f.mayStartBytes ? f.mayStartBytes(b, s, he) : f.mayStart(head ??= b.toString('latin1', s, he))) return true;
  }
  return false;
}

export class RecordScanner {
  private readonly out = newScannedLine();
  /** Per pid, the record a traceback line of that pid would attach to. */
  private readonly anchors = new Map<number, Anchor>();

  constructor(readonly names: ScanIds, private readonly refYear: number, private readonly sink: ScanSink) {}

  /**
   * Start the request id / instance table afresh once it holds `limit` ids, the anchors'
   * instances carried over: reading a long file, memory stays bounded. Between scans only.
   */
  trimIds(limit: number): void {
    const old = this.names.ids;
    if (old.size < limit) return;
    const ids = new ByteInterner();
    for (const a of this.anchors.values()) {
      if (a.instance >= 0) { const b = old.bytesOf(a.instance); a.instance = ids.intern(b, 0, b.length); }
    }
    this.names.ids = ids;
  }

  /** Forget the traceback anchors (a new, unrelated range of the file follows). */
  resetAnchors(): void { this.anchors.clear(); }

  /**
   * Scan the whole lines of buf[start, end) (`end` just after a line break, or the end of
   * input); `base` is the file offset of buf[0].
   */
  scan(buf: Buffer, start: number, end: number, base: number): void {
    // ANSI colours are rare: the next ESC byte is looked up once, not per line.
    let esc = buf.indexOf(ESC, start);
    if (esc >= end) esc = -1;
    let s = start;
    while (s < end) {
      let nl = buf.indexOf(LF, s);
      if (nl < 0 || nl >= end) nl = end;
      let e = nl;
      if (e > s && buf[e - 1] === CR) e--;
      if (esc >= 0 && esc < s) { esc = buf.indexOf(ESC, s); if (esc >= end) esc = -1; }
      this.line(buf, s, e, base, esc >= 0 && esc < e);
      s = nl + 1;
    }
  }

  private line(b: Buffer, s: number, e: number, base: number, hasEsc: boolean): void {
    const out = this.out;
    const c = b[s];
    if (e === s) return;
    if (c === NUL || c === BRACE || hasEsc) { this.fallback(b, s, e, base); return; }
    let body: number;
    resetLine(out);
    if (mayStartOslo(b, s, e)) {
      body = osloHeader(b, s, e, out, this.names);
    } else if (mayStartJournald(b, s, e)) {
      body = journaldHeader(b, s, e, this.refYear, out, this.names);
      // Not journald's own shape: a whole oslo.log line behind syslog's prefix, or foreign.
      if (body < 0) { this.fallback(b, s, e, base); return; }
    } else {
      // Another format (journald with ISO times…), a container runtime's wrapping (an RFC 3339
      // time first), or a `file.log ` prefix as grep -H leaves it: only the full parser reads them.
      if (b[s + 10] === T_BYTE || hasFilePrefix(b, s, e) || (OTHER_FORMATS.length > 0 && mayStartOther(b, s, e))) this.fallback(b, s, e, base);
      return;
    }
    out.offset = base + s;
    out.length = e - s;
    if (body < 0) {
      resetLine(out);
      out.kind = KIND_UNPARSED;
      this.sink.line(out);
      return;
    }
    out.kind = KIND_RECORD;
    scanBody(b, body, e, out, this.names.ids, this.names.requestIds);
    this.emit();
  }

  /** A record's traceback shape and anchor, then the sink. */
  private emit(): void {
    const out = this.out;
    const lv = out.level;
    out.tracebackLine = !out.hasContext && (lv === LVL_ERROR || lv === LVL_TRACE || lv === LVL_CRITICAL);
    const a = this.anchors.get(out.pid);
    if (out.tracebackLine && a && a.logger === out.logger
      && (a.level === LVL_ERROR || a.level === LVL_CRITICAL || a.level === LVL_WARNING || a.level === LVL_TRACE)
      && !(a.instance >= 0 && out.instance >= 0 && a.instance !== out.instance)
      && !(out.ts - a.lastTs > ATTACH_WINDOW_MS || out.ts - a.lastTs < -ATTACH_WINDOW_MS)) {
      out.continues = a.offset;
      a.lastTs = out.ts;
      this.sink.attached?.(a.offset, out.offset);
      this.sink.line(out);
      return;
    }
    if (a) {
      a.offset = out.offset; a.logger = out.logger; a.level = lv; a.instance = out.instance; a.lastTs = out.ts;
    } else {
      this.anchors.set(out.pid, { offset: out.offset, logger: out.logger, level: lv, instance: out.instance, lastTs: out.ts });
    }
    this.sink.line(out);
  }

  private fallback(b: Buffer, s: number, e: number, base: number): void {
    const p = parseLine(b.toString('utf8', s, e), this.refYear, FORMATS);
    if (p === null) return;
    const out = this.out;
    resetLine(out);
    out.offset = base + s;
    out.length = e - s;
    if (p.kind === 'unparsed') { out.kind = KIND_UNPARSED; out.viaParser = true; this.sink.line(out); return; }
    this.fromParsed(p);
    out.viaParser = true;
    this.emit();
  }

  private fromParsed(p: ParsedLine): void {
    const out = this.out;
    const n = this.names;
    out.kind = KIND_RECORD;
    out.ts = p.ts;
    out.pid = p.pid;
    out.level = p.level === null ? -1 : LEVEL_CODE[p.level];
    out.logger = n.loggers.internString(p.logger);
    out.host = p.host === null ? -1 : n.hosts.internString(p.host);
    out.program = p.program === null ? -1 : n.hosts.internString(p.program);
    out.hasContext = p.hasContext;
    out.hasUser = p.context.user !== null;
    out.requestId = p.context.requestId === null ? -1 : n.ids.internString(p.context.requestId);
    out.globalRequestId = p.context.globalRequestId === null ? -1 : n.ids.internString(p.context.globalRequestId);
    out.instance = p.instance === null ? -1 : n.ids.internString(p.instance);
  }
}
