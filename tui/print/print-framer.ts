// One file's records as the merged print writes them, from the byte-level record scanner
// (core/scan/record-scanner.ts): each record's text row (formatRowPlain) is written as bytes
// into an arena as its lines arrive — headerless lines and traceback lines under the record they
// continue, exactly as parsers/record-assembler.ts joins them — and handed out in batches with
// its merge key. Records are handed out when parsers/record-stream.ts would hand them out
// (settle): a line that comes later for a record already handed out is dropped there, so it is
// dropped here too. A line the byte path cannot write byte for byte (invalid UTF-8, a line cut
// for length, devstack suffixes, rare formats) is written from parseLine and formatRowPlain.

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
import { CLOCK_BYTES, LEVEL_CELLS, NO_REQ_CELL, labelCell, messageEnd, putCell, writeClock, writeInstance, writeReq } from './row-bytes.js';

/** As record-stream.ts: records older than the newest by this are final, and at most this many wait. */
const SETTLE_MS = 2_000;
const MAX_PENDING = 4_096;
const LF = 10, CR = 13, SP = 32;
const LEVEL_DEBUG = 1;
const INDENT = Buffer.from('    ', 'latin1');
/** Interned request ids kept before the table starts afresh. */
const MAX_IDS = 1 << 16;

/** Records in file order: merge keys, and the end of each record's text in `data`. */
export interface PrintBatch { n: number; keys: Float64Array; ends: Int32Array; data: Buffer }

/** A fake origin for formatRowPlain: only the label is read. */
const originOf = (label: string) => ({ slot: 0, service: '', host: null, label });

export class PrintFramer {
  private readonly scanner: RecordScanner;
  private readonly names = new ScanIds();
  private readonly fileLabel: Buffer;
  private readonly labels = new Map<number, Buffer>();
  // Pending records (not handed out yet), by local index: time, merge key, end of text in the arena.
  private ts = new Float64Array(1024);
  private keys = new Float64Array(1024);
  private ends = new Int32Array(1024);
  private pending = 0;
  /** Records handed out so far: record number n is pending index n − handed. */
  private handed = 0;
  private extras = new Map<number, Buffer[]>();
  private arena = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  /** Record number of the record headerless lines join, −1 none. */
  private current = -1;
  private readonly anchorOfPid = new Map<number, number>();
  private lastKey = -Infinity;
  private newest = -Infinity;
  // The buffer being framed.
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private limit = 0;
  private exact = true;
  private lineText: string | null = null;
  private base = 0;

  constructor(private readonly src: LogSource, private readonly timestamps: boolean) {
    this.fileLabel = labelCell(originLabel(src.service, src.host));
    this.names.requestIds = false; // the row needs their bytes only
    this.scanner = new RecordScanner(this.names, src.refYear, { line: (l) => this.headerLine(l) });
  }

  /**
   * Frame the whole lines of buf[start, end) (end just after a line break or the end of the
   * file); base is the file offset of buf[0]. `text`, when given, is what the line reader made of
   * the one line in the range (a line cut for length): it is written from that text.
   */
  push(buf: Buffer, start: number, end: number, base: number, exact: boolean, text: string | null = null): void {
    this.buf = buf; this.base = base; this.pos = start; this.limit = end; this.exact = exact && text === null; this.lineText = text;
    this.scanner.scan(buf, start, end, base);
    this.headerless(end);
    this.buf = Buffer.alloc(0);
    this.scanner.trimIds(MAX_IDS);
  }

  /** The records final now (all of them at the end of the file), or null when none. */
  settle(final: boolean, pool: BufferPool): PrintBatch | null {
    let n = 0;
    const limit = final ? this.pending : this.pending - 1;
    while (n < limit && (final || this.ts[n] < this.newest - SETTLE_MS || this.pending - n > MAX_PENDING || Number.isNaN(this.ts[n]))) n++;
    if (n === 0) return null;
    const from = this.handed;
    let size = this.ends[n - 1];
    for (const [rec, parts] of this.extras) if (rec < from + n) for (const p of parts) size += p.length;
    const data = pool.take(size);
    const ends = new Int32Array(n);
    // The arena holds the rows one after another; a record's late lines (extras) go after its row.
    let o = 0, a = 0;
    for (let i = 0; i < n; i++) {
      const e = this.ends[i];
      const more = this.extras.size > 0 ? this.extras.get(from + i) : undefined;
      if (more) {
        o += this.arena.copy(data, o, a, e);
        a = e;
        for (const p of more) o += p.copy(data, o);
        this.extras.delete(from + i);
        ends[i] = o;
      } else {
        ends[i] = o + (e - a);
      }
    }
    this.arena.copy(data, o, a, this.ends[n - 1]);
    const keys = this.keys.slice(0, n);
    // The pending records move to the front.
    const cut = this.ends[n - 1];
    this.arena.copyWithin(0, cut, this.used);
    this.used -= cut;
    const rest = this.pending - n;
    this.ts.copyWithin(0, n, this.pending);
    this.keys.copyWithin(0, n, this.pending);
    this.ends.copyWithin(0, n, this.pending);
    for (let i = 0; i < rest; i++) this.ends[i] -= cut;
    this.pending = rest;
    this.handed += n;
    return { n, keys, ends, data };
  }

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
      if (!this.exact || l.viaParser) { this.slowRecord(this.parsed(s, e) ?? unparsedLine(this.textOf(s, e)), NaN); return; }
      const o = this.open(NaN, e - s + 64);
      this.used = this.copy(s, e, this.unknownCells(o));
      this.arena[this.used++] = LF;
      this.ends[this.pending - 1] = this.used;
      this.current = this.handed + this.pending - 1;
      return;
    }
    if (l.continues >= 0) { this.tracebackLine(l, s, e); return; }
    if (!this.exact || l.viaParser || !this.fastRecord(l, s, e)) this.slowRecord(this.parsed(s, e) ?? unparsedLine(this.textOf(s, e)), l.ts);
    // Traceback lines join only a WARNING or worse (or TRACE) record, the last of its pid: the others need no entry.
    if (l.level === 0 || l.level >= LEVEL_WARNING) this.anchorOfPid.set(l.pid, this.current);
  }

  /** A traceback line: its message, indented, under the record it continues. */
  private tracebackLine(l: ScannedLine, s: number, e: number): void {
    const rec = this.anchorOfPid.get(l.pid) ?? -1;
    this.current = rec;
    if (rec < this.handed) return;
    const me = this.exact && !l.viaParser ? messageEnd(this.buf, l.msgStart, e, false) : -1;
    if (me >= 0) { this.appendBytes(rec, l.msgStart, me); return; }
    const p = this.parsed(s, e);
    this.appendText(rec, p && p.kind === 'record' ? p.message : this.textOf(s, e));
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
      } else if (this.current >= this.handed) {
        if (this.exact) this.appendBytes(this.current, s, e); else this.appendText(this.current, this.textOf(s, e));
      }
    }
  }

  // --- writing rows ---

  private fastRecord(l: ScannedLine, s: number, e: number): boolean {
    const b = this.buf;
    const me = messageEnd(b, l.msgStart, e, l.level === LEVEL_DEBUG);
    if (me < 0) return false;
    const label = this.labelOf(l.program, l.host);
    const need = CLOCK_BYTES + label.length + 9 + 13 + 11 + (me - l.msgStart) + 1;
    this.ensure(need);
    const a = this.arena;
    let o = this.used;
    if (this.timestamps) { if (!writeClock(a, o, l.ts)) return false; o += CLOCK_BYTES; }
    o = putCell(a, o, label);
    o = putCell(a, o, LEVEL_CELLS[l.level + 1]);
    if (l.reqStart >= 0) { o = writeReq(a, o, b, l.reqStart, l.reqEnd); if (o < 0) return false; } else o = putCell(a, o, NO_REQ_CELL);
    if (l.instStart >= 0) { o = writeInstance(a, o, b, l.instStart, l.instEnd); if (o < 0) return false; }
    o += b.copy(a, o, l.msgStart, me);
    a[o++] = LF;
    this.add(l.ts);
    this.used = o;
    this.ends[this.pending - 1] = o;
    this.current = this.handed + this.pending - 1;
    return true;
  }

  /** A record written from the parsed line with formatRowPlain (its continuation included). */
  private slowRecord(p: ParsedLine, ts: number): void {
    const service = p.program ? serviceOf(programFromFileName(p.program)) : this.src.service;
    const row = {
      origin: originOf(originLabel(service, p.host ?? this.src.host)), ts: p.ts, level: p.level,
      requestId: p.context.requestId, instance: p.instance, message: p.kind === 'unparsed' ? p.raw : p.message,
      continuation: p.continuation,
    } as unknown as RowData;
    const text = Buffer.from(formatRowPlain(row, { timestamps: this.timestamps }).join('\n') + '\n', 'utf8');
    this.ensure(text.length);
    this.add(p.kind === 'unparsed' ? NaN : ts);
    this.used += text.copy(this.arena, this.used);
    this.ends[this.pending - 1] = this.used;
    this.current = this.handed + this.pending - 1;
  }

  private unknownCells(o: number): number {
    const a = this.arena;
    if (this.timestamps) { writeClock(a, o, NaN); o += CLOCK_BYTES; }
    o = putCell(a, o, this.fileLabel);
    o = putCell(a, o, LEVEL_CELLS[0]);
    return putCell(a, o, NO_REQ_CELL);
  }

  /** A new pending record whose row starts at the arena's end; returns where to write. */
  private open(ts: number, need: number): number {
    this.ensure(need + CLOCK_BYTES + this.fileLabel.length + 40);
    this.add(ts);
    return this.used;
  }

  private add(ts: number): void {
    if (this.pending === this.ts.length) {
      const grow = <T extends Float64Array | Int32Array>(x: T): T => { const y = new (x.constructor as new (n: number) => T)(x.length * 2); y.set(x); return y; };
      this.ts = grow(this.ts); this.keys = grow(this.keys); this.ends = grow(this.ends);
    }
    if (!Number.isNaN(ts)) { this.lastKey = ts; if (ts > this.newest) this.newest = ts; }
    this.ts[this.pending] = ts;
    this.keys[this.pending] = this.lastKey;
    this.ends[this.pending] = this.used;
    this.pending++;
  }

  private copy(s: number, e: number, o: number): number {
    return o + this.buf.copy(this.arena, o, s, e);
  }

  /** `    text\n` under record `rec` (pending). */
  private appendBytes(rec: number, s: number, e: number): void {
    const i = rec - this.handed;
    if (i === this.pending - 1) {
      this.ensure(e - s + 5);
      const a = this.arena;
      let o = this.used;
      a[o] = SP; a[o + 1] = SP; a[o + 2] = SP; a[o + 3] = SP;
      o = this.copy(s, e, o + 4);
      this.arena[o++] = LF;
      this.used = this.ends[i] = o;
      return;
    }
    const part = Buffer.allocUnsafe(e - s + 5);
    INDENT.copy(part, 0);
    this.buf.copy(part, 4, s, e);
    part[part.length - 1] = LF;
    this.extraOf(rec).push(part);
  }

  private appendText(rec: number, text: string): void {
    const part = Buffer.from(`    ${text}\n`, 'utf8');
    const i = rec - this.handed;
    if (i === this.pending - 1) {
      this.ensure(part.length);
      this.used = this.ends[i] = this.used + part.copy(this.arena, this.used);
    } else {
      this.extraOf(rec).push(part);
    }
  }

  private extraOf(rec: number): Buffer[] {
    let x = this.extras.get(rec);
    if (!x) this.extras.set(rec, (x = []));
    return x;
  }

  private ensure(n: number): void {
    if (this.used + n <= this.arena.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + n));
    this.arena.copy(bigger, 0, 0, this.used);
    this.arena = bigger;
  }

  private labelOf(program: number, host: number): Buffer {
    if (program < 0 && host < 0) return this.fileLabel;
    const key = (program + 1) * 0x100000 + host + 1;
    let cell = this.labels.get(key);
    if (!cell) {
      const hosts = this.names.hosts;
      const service = program >= 0 ? serviceOf(programFromFileName(hosts.string(program))) : this.src.service;
      cell = labelCell(originLabel(service, host >= 0 ? hosts.string(host) : this.src.host));
      this.labels.set(key, cell);
    }
    return cell;
  }

  private textOf(s: number, e: number): string {
    return this.lineText ?? this.buf.toString('utf8', s, e);
  }

  private parsed(s: number, e: number): ParsedLine | null {
    return parseLine(this.textOf(s, e), this.src.refYear, FORMATS);
  }
}
