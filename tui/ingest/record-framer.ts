// Frames one file generation's lines, in file order, into IngestRecords: a header line plus the
// lines that continue it. Invariant: every line fed in ends up in exactly one record, and a
// record's bytes are exactly its contiguous lines in the file (joined by \n, no trailing \n).

import type { IngestRecord, LevelCode } from '../model/types.js';
import { hashId, LEVEL_CODE } from '../model/types.js';
import { FORMATS } from '../../parsers/formats/index.js';
import { parseLine, type ParsedLine } from '../../parsers/line-parser.js';
import { attachesTo, isTracebackLine } from '../../parsers/traceback-rule.js';
import type { OriginTable } from './origins.js';


interface Attrs { ts: number; level: LevelCode; origin: number; reqHash: number; instHash: number }

interface Anchor { rec: ParsedLine; lastTs: number; attrs: Attrs }

/** Pids seen in one file are few; the cap only guards against a pathological file. */
const MAX_ANCHORS = 4096;
const NO_PID = -1;

/** Text of a line for parsing: CR stripped (the record's bytes keep it). */
export function lineText(buf: Buffer, start: number, end: number): string {
  return buf.toString('utf8', start, end > start && buf[end - 1] === 0x0d ? end - 1 : end);
}

/** A line where a record boundary may be cut: it starts a record and cannot attach to one above. */
export function isRecordStart(text: string, refYear: number): boolean {
  const p = parseLine(text, refYear, FORMATS);
  return p !== null && (p.kind === 'unparsed' || !isTracebackLine(p));
}

export class RecordFramer {
  private acc = Buffer.allocUnsafe(4096);
  private accLen = 0;
  private open = false;
  private openOffset = 0;
  private openAttrs: Attrs | null = null;
  private openUnparsed = false;
  private openContinues = false;
  /** Pid whose record (or traceback continuation) is open; NO_PID for unparsed records. */
  private openPid = NO_PID;
  /** Attributes of the last record emitted, for late headerless lines. */
  private last: Attrs | null = null;
  private lastPid = NO_PID;
  private lastUnparsed = false;
  private readonly anchors = new Map<number, Anchor>();

  constructor(
    readonly file: number,
    private readonly fileOrigin: number,
    private readonly fileHost: string | null,
    private readonly refYear: number,
    private readonly origins: OriginTable,
    private readonly emit: (r: IngestRecord) => void,
  ) {}

  get holding(): boolean {
    return this.open;
  }

  /** One line: bytes [start, end) of `buf` (no \n; a CR is kept), at byte `offset` of the file. */
  line(buf: Buffer, start: number, end: number, offset: number): void {
    const p = parseLine(lineText(buf, start, end), this.refYear, FORMATS);
    if (p === null) {
      if (!this.open) {
        if (this.last) this.begin(offset, this.last, this.lastUnparsed, true, this.lastPid);
        else this.begin(offset, this.unparsedAttrs(), true, false, NO_PID);
      }
      this.append(buf, start, end);
      return;
    }
    if (p.kind === 'unparsed') {
      this.flush();
      this.begin(offset, this.unparsedAttrs(), true, false, NO_PID);
      this.append(buf, start, end);
      return;
    }
    const a = this.anchors.get(p.pid);
    if (a && attachesTo(a.rec, a.lastTs, p)) {
      a.lastTs = p.ts;
      if (!this.open || this.openPid !== p.pid) {
        // Its record was emitted already, or another process's lines came between.
        this.flush();
        this.begin(offset, { ...a.attrs, ts: p.ts }, false, true, p.pid);
      }
      this.append(buf, start, end);
      return;
    }
    this.flush();
    const attrs: Attrs = {
      ts: p.ts,
      level: p.level === null ? 0 : LEVEL_CODE[p.level],
      // A journald tag (or a grep -H file prefix) names the writer better than the file does.
      origin: p.program !== null ? this.origins.slotOfProgram(p.program, p.host ?? this.fileHost) : this.fileOrigin,
      reqHash: p.context.requestId === null ? 0 : hashId(p.context.requestId),
      instHash: p.instance === null ? 0 : hashId(p.instance),
    };
    this.begin(offset, attrs, false, false, p.pid);
    this.append(buf, start, end);
    if (this.anchors.size >= MAX_ANCHORS && !this.anchors.has(p.pid)) this.anchors.clear();
    this.anchors.set(p.pid, { rec: p, lastTs: p.ts, attrs });
  }

  /** Emit the open record (its continuation lines, if any more come, become a `continues` record). */
  flush(): void {
    if (!this.open) return;
    const a = this.openAttrs!;
    const bytes = Buffer.allocUnsafe(this.accLen);
    this.acc.copy(bytes, 0, 0, this.accLen);
    this.open = false;
    this.last = a;
    this.lastPid = this.openPid;
    this.lastUnparsed = this.openUnparsed;
    this.emit({
      file: this.file, offset: this.openOffset, bytes, ts: a.ts, level: a.level, origin: a.origin,
      reqHash: a.reqHash, instHash: a.instHash, unparsed: this.openUnparsed, continues: this.openContinues,
    });
    if (this.acc.length > 1 << 20) this.acc = Buffer.allocUnsafe(4096);
  }

  private unparsedAttrs(): Attrs {
    return { ts: NaN, level: 0, origin: this.fileOrigin, reqHash: 0, instHash: 0 };
  }

  private begin(offset: number, attrs: Attrs, unparsed: boolean, continues: boolean, pid: number): void {
    this.open = true;
    this.openOffset = offset;
    this.openAttrs = attrs;
    this.openUnparsed = unparsed;
    this.openContinues = continues;
    this.openPid = pid;
    this.accLen = 0;
  }

  private append(buf: Buffer, start: number, end: number): void {
    const need = this.accLen + (this.accLen > 0 ? 1 : 0) + (end - start);
    if (need > this.acc.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.acc.length * 2));
      this.acc.copy(bigger, 0, 0, this.accLen);
      this.acc = bigger;
    }
    if (this.accLen > 0) this.acc[this.accLen++] = 0x0a;
    this.accLen += buf.copy(this.acc, this.accLen, start, end);
  }
}
