// One file's records as the merged print writes them, from the byte-level record scanner
// (core/scan/record-scanner.ts): each record's text row (formatRowPlain) is written as bytes
// into an arena as its lines arrive — headerless lines and traceback lines under the record they
// continue, exactly as parsers/record-assembler.ts joins them — and handed out in batches with
// its merge key. Records are handed out when parsers/record-stream.ts would hand them out
// (settle): a line that comes later for a record already handed out is dropped there, so it is
// dropped here too. A line the byte path cannot write byte for byte (invalid UTF-8, a line cut
// for length, devstack suffixes, rare formats) is written from parseLine and formatRowPlain.
// A record the filter hides keeps its place (and its lines) with no text.

import { KIND_UNPARSED, LEVEL_WARNING, type ScannedLine } from '../../core/scan/record-fields.js';
import { RecordScanner, ScanIds } from '../../core/scan/record-scanner.js';
import { FORMATS } from '../../parsers/formats/index.js';
import { parseLine, unparsedLine, type ParsedLine } from '../../parsers/line-parser.js';
import type { LogSource } from '../../parsers/log-files.js';
import { programFromFileName, serviceOf } from '../../parsers/source-naming.js';
import { originLabel } from '../ingest/origins.js';
import type { RowData } from '../model/types.js';
import { formatRowPlain } from '../model/view-text.js';
import type { BufferPool } from './buffer-pool.js';
import { PendingRows, type PrintBatch } from './pending-rows.js';
import { RowFilter, type ColumnFilter } from './column-filter.js';
import { CLOCK_BYTES, LEVEL_CELLS, NO_REQ_CELL, labelCell, messageEnd, putCell, writeClock, writeInstance, writeReq } from './row-bytes.js';

const LF = 10, CR = 13;
const LEVEL_DEBUG = 1;
/** Interned ids (instances) kept before the table starts afresh. */
const MAX_IDS = 1 << 16;

export type { PrintBatch } from './pending-rows.js';

/** The label cell and service of the lines a (program, host) pair names. */
interface Origin { cell: Buffer; service: string }

/** An origin for formatRowPlain, which reads only its label. */
const rowOrigin = (label: string) => ({ slot: 0, service: '', host: null, label });

export class PrintFramer {
  private readonly scanner: RecordScanner;
  private readonly names = new ScanIds();
  private readonly rows: PendingRows;
  private readonly fileOrigin: Origin;
  private readonly origins = new Map<number, Origin>();
  private readonly filter: RowFilter | null;
  /** Record number of the record headerless lines join, −1 none. */
  private current = -1;
  /** Per pid, the record its traceback lines would join. */
  private readonly anchorOfPid = new Map<number, number>();
  // The buffer being framed.
  private buf: Buffer = Buffer.alloc(0);
  private base = 0;
  private pos = 0;
  private limit = 0;
  private exact = true;
  private lineText: string | null = null;

  constructor(private readonly src: LogSource, private readonly timestamps: boolean, filter: ColumnFilter | null = null, batchBytes = 1 << 20) {
    this.filter = filter ? new RowFilter(filter) : null;
    const byText = this.filter?.byText === true ? this.filter : null;
    this.rows = new PendingRows(batchBytes, byText && ((text) => byText.matchesText(text)));
    this.fileOrigin = { cell: labelCell(originLabel(src.service, src.host)), service: src.service };
    this.names.requestIds = false; // the row needs their bytes only
    this.scanner = new RecordScanner(this.names, src.refYear, { line: (l) => this.headerLine(l) });
  }

  /**
   * Frame the whole lines of buf[start, end) (end just after a line break or the end of the
   * file); base is the file offset of buf[0]. `exact`: the range is valid UTF-8. `text`, when
   * given, is what the line reader made of the one line in the range (a line cut for length):
   * it is written from that text.
   */
  push(buf: Buffer, start: number, end: number, base: number, exact: boolean, text: string | null = null): void {
    this.buf = buf; this.base = base; this.pos = start; this.limit = end; this.exact = exact && text === null; this.lineText = text;
    this.scanner.scan(buf, start, end, base);
    this.headerless(end);
    this.buf = Buffer.alloc(0);
    this.scanner.trimIds(MAX_IDS);
  }

  /** Hand out the records final now (all of them at the end of the file); `ready` bytes of them wait for `take`. */
  settle(final: boolean, pool: BufferPool): void {
    this.rows.settle(final, pool);
  }

  get ready(): number { return this.rows.ready; }

  take(): PrintBatch | null { return this.rows.take(); }

  // --- lines ---

  private headerLine(l: ScannedLine): void {
    const s = l.offset - this.base;
    this.headerless(s);
    const e = s + l.length;
    let next = e;
    if (next < this.limit && this.buf[next] === CR) next++;
    if (next < this.limit && this.buf[next] === LF) next++;
    this.pos = next;
    if (l.kind === KIND_UNPARSED) {
      if (!this.exact || l.viaParser) this.slowRecord(this.parsed(s, e) ?? unparsedLine(this.textOf(s, e)), NaN);
      else this.unparsedRecord(s, e);
      return;
    }
    if (l.continues >= 0) { this.tracebackLine(l, s, e); return; }
    if (!this.exact || l.viaParser || !this.fastRecord(l, s, e)) this.slowRecord(this.parsed(s, e) ?? unparsedLine(this.textOf(s, e)), l.ts);
    // Traceback lines join only a WARNING or worse (or TRACE) record, the last of its pid: the others need no entry.
    if (l.level === 0 || l.level >= LEVEL_WARNING) this.anchorOfPid.set(l.pid, this.current);
  }

  /** A traceback line: its message, indented, under the record it continues. */
  private tracebackLine(l: ScannedLine, s: number, e: number): void {
    const r = this.anchorOfPid.get(l.pid) ?? -1;
    this.current = r;
    if (r < 0 || !this.rows.isOpen(r)) return;
    const me = this.exact && !l.viaParser ? messageEnd(this.buf, l.msgStart, e, false) : -1;
    if (me >= 0) { this.rows.appendBytes(r, this.buf, l.msgStart, me); return; }
    const p = this.parsed(s, e);
    this.rows.appendText(r, p && p.kind === 'record' ? p.message : this.textOf(s, e));
  }

  /** Lines from pos up to `to`: no format starts them, so they continue the current record. */
  private headerless(to: number): void {
    const b = this.buf;
    while (this.pos < to) {
      const s = this.pos;
      let nl = b.indexOf(LF, s);
      if (nl < 0 || nl >= to) nl = to;
      let e = nl;
      if (e > s && b[e - 1] === CR) e--;
      this.pos = nl < to ? nl + 1 : to;
      if (this.current < 0) {
        this.slowRecord(unparsedLine(this.textOf(s, e)), NaN);
      } else if (this.rows.isOpen(this.current)) {
        if (this.exact) this.rows.appendBytes(this.current, b, s, e); else this.rows.appendText(this.current, this.textOf(s, e));
      }
    }
  }

  // --- rows ---

  /** The row of a record read on bytes; false when a field cannot be written so (the parser's row is used). */
  private fastRecord(l: ScannedLine, s: number, e: number): boolean {
    const b = this.buf;
    const me = messageEnd(b, l.msgStart, e, l.level === LEVEL_DEBUG);
    if (me < 0) return false;
    const origin = this.originOf(l.program, l.host);
    if (this.filter?.hidesScanned(origin.service, l.level, b, l.reqStart, l.reqEnd, l.instStart, l.instEnd)) { this.current = this.rows.add(l.ts, 0, true); return true; }
    const rows = this.rows;
    rows.room(CLOCK_BYTES + origin.cell.length + 9 + 13 + 11 + (me - l.msgStart) + 1);
    const a = rows.arena;
    let o = rows.used;
    if (this.timestamps) { if (!writeClock(a, o, l.ts)) return false; o += CLOCK_BYTES; }
    o = putCell(a, o, origin.cell);
    o = putCell(a, o, LEVEL_CELLS[l.level + 1]);
    if (l.reqStart >= 0) { o = writeReq(a, o, b, l.reqStart, l.reqEnd); if (o < 0) return false; } else o = putCell(a, o, NO_REQ_CELL);
    if (l.instStart >= 0) { o = writeInstance(a, o, b, l.instStart, l.instEnd); if (o < 0) return false; }
    o += b.copy(a, o, l.msgStart, me);
    a[o++] = LF;
    this.current = rows.add(l.ts, o, false, this.lineForRegexes(s, e));
    return true;
  }

  /** A line that starts like a record but fits no format: the whole line, no time, level or ids. */
  private unparsedRecord(s: number, e: number): void {
    const rows = this.rows;
    if (this.filter?.hidesUnparsed(this.src.service)) { this.current = rows.add(NaN, 0, true); return; }
    rows.room(CLOCK_BYTES + this.fileOrigin.cell.length + 9 + 13 + (e - s) + 1);
    const a = rows.arena;
    let o = rows.used;
    if (this.timestamps) { writeClock(a, o, NaN); o += CLOCK_BYTES; }
    o = putCell(a, o, this.fileOrigin.cell);
    o = putCell(a, o, LEVEL_CELLS[0]);
    o = putCell(a, o, NO_REQ_CELL);
    o += this.buf.copy(a, o, s, e);
    a[o++] = LF;
    this.current = rows.add(NaN, o, false, this.lineForRegexes(s, e));
  }

  /** A record written from the parsed line with formatRowPlain (its continuation included). */
  private slowRecord(p: ParsedLine, ts: number): void {
    const service = p.program ? serviceOf(programFromFileName(p.program)) : this.src.service;
    const t = p.kind === 'unparsed' ? NaN : ts;
    if (this.filter?.hidesParsed(p, service)) { this.current = this.rows.add(t, 0, true); return; }
    const row = {
      origin: rowOrigin(originLabel(service, p.host ?? this.src.host)), ts: p.ts, level: p.level,
      requestId: p.context.requestId, instance: p.instance, message: p.kind === 'unparsed' ? p.raw : p.message,
      continuation: p.continuation,
    } as unknown as RowData;
    const text = Buffer.from(formatRowPlain(row, { timestamps: this.timestamps }).join('\n') + '\n', 'utf8');
    this.rows.room(text.length);
    const forRegexes = this.filter?.byText ? (p.continuation.length ? `${p.raw}\n${p.continuation.join('\n')}` : p.raw) : '';
    this.current = this.rows.add(t, this.rows.used + text.copy(this.rows.arena, this.rows.used), false, forRegexes);
  }

  private originOf(program: number, host: number): Origin {
    if (program < 0 && host < 0) return this.fileOrigin;
    const key = (program + 1) * 0x100000 + host + 1;
    let origin = this.origins.get(key);
    if (!origin) {
      const hosts = this.names.hosts;
      const service = program >= 0 ? serviceOf(programFromFileName(hosts.string(program))) : this.src.service;
      origin = { cell: labelCell(originLabel(service, host >= 0 ? hosts.string(host) : this.src.host)), service };
      this.origins.set(key, origin);
    }
    return origin;
  }

  /** The line as written, when the filter's regexes will read it. */
  private lineForRegexes(s: number, e: number): string {
    return this.filter?.byText ? this.buf.toString('utf8', s, e) : '';
  }

  private textOf(s: number, e: number): string {
    return this.lineText ?? this.buf.toString('utf8', s, e);
  }

  private parsed(s: number, e: number): ParsedLine | null {
    return parseLine(this.textOf(s, e), this.src.refYear, FORMATS);
  }
}
