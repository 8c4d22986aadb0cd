// Turns the lines of one file, in order, into records: headerless lines continue the record
// above them, traceback lines (see traceback-rule.ts) join the record of their process even
// when other processes' lines interleave, and lines that fit no format become `unparsed`
// records — kept, counted and shown, never dropped.

import type { LogFormat } from './formats/format-types.js';
import { FORMATS } from './formats/index.js';
import { parseLine, unparsedLine, type ParsedLine } from './line-parser.js';
import { attachesTo, tracebackText } from './traceback-rule.js';

export class RecordAssembler {
  readonly records: ParsedLine[] = [];
  unparsed = 0;
  private current: ParsedLine | null = null;
  private readonly anchors = new Map<number, { rec: ParsedLine; lastTs: number }>();

  constructor(
    private readonly source: number,
    private readonly refYear: number,
    private readonly formats: readonly LogFormat[] = FORMATS,
  ) {}

  push(text: string, offset: number, lineNo: number): void {
    const p = parseLine(text, this.refYear, this.formats);
    if (p === null) {
      if (this.current) this.current.continuation.push(text);
      else this.add(unparsedLine(text), offset, lineNo);
      return;
    }
    if (p.kind === 'unparsed') {
      this.add(p, offset, lineNo);
      return;
    }
    const a = this.anchors.get(p.pid);
    if (a && attachesTo(a.rec, a.lastTs, p)) {
      a.rec.continuation.push(tracebackText(p));
      a.lastTs = p.ts;
      this.current = a.rec;
      return;
    }
    this.add(p, offset, lineNo);
    this.anchors.set(p.pid, { rec: p, lastTs: p.ts });
  }

  private add(p: ParsedLine, offset: number, lineNo: number): void {
    p.source = this.source;
    p.offset = offset;
    p.line = lineNo;
    if (p.kind === 'unparsed') this.unparsed++;
    this.records.push(p);
    this.current = p;
  }
}
