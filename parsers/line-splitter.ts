// Splits a byte stream into lines, chunk by chunk, keeping at most MAX_LINE_BYTES of any one
// line: a line of hundreds of megabytes (a JSON body, a runaway traceback, a .gz bomb) keeps its
// head and says how much was cut, so memory stays bounded and reading stays linear whatever the
// input. CR before LF is stripped; a last line without a newline is delivered flagged torn.

export type LineHandler = (text: string, offset: number, lineNo: number, torn: boolean) => void;

/** The bytes kept of one line; the rest is counted and said. */
export const MAX_LINE_BYTES = 1 << 20;

export class LineSplitter {
  private parts: Buffer[] = [];
  private kept = 0;
  private cut = 0;
  /** File offset where the pending (unfinished) line starts. */
  private lineStart = 0;
  /** File offset of the next byte pushed. */
  private pos = 0;
  lineNo = 0;

  constructor(private readonly onLine: LineHandler, private readonly maxLine = MAX_LINE_BYTES) {}

  private keep(b: Buffer): void {
    const room = this.maxLine - this.kept;
    if (room > 0) {
      const piece = b.length > room ? b.subarray(0, room) : b;
      // Copy: the caller may reuse its chunk buffer.
      this.parts.push(Buffer.from(piece));
      this.kept += piece.length;
    }
    this.cut += Math.max(0, b.length - Math.max(0, room));
  }

  private emit(torn: boolean): void {
    let buf = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.kept);
    if (this.cut === 0 && buf.length > 0 && buf[buf.length - 1] === 0x0d) buf = buf.subarray(0, buf.length - 1);
    const text = buf.toString('utf8') + (this.cut > 0 ? ` … [${this.cut} more bytes of this line not kept]` : '');
    this.onLine(text, this.lineStart, ++this.lineNo, torn);
    this.parts = [];
    this.kept = 0;
    this.cut = 0;
  }

  push(chunk: Buffer): void {
    let s = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, s);
      if (nl < 0) break;
      if (this.parts.length === 0 && this.cut === 0 && nl - s <= this.maxLine) {
        // The common case: a whole line inside the chunk, decoded in place.
        const end = nl > s && chunk[nl - 1] === 0x0d ? nl - 1 : nl;
        this.onLine(chunk.toString('utf8', s, end), this.pos + s, ++this.lineNo, false);
      } else {
        this.keep(chunk.subarray(s, nl));
        this.emit(false);
      }
      s = nl + 1;
      this.lineStart = this.pos + s;
    }
    if (s < chunk.length) this.keep(chunk.subarray(s));
    this.pos += chunk.length;
  }

  end(): void {
    if (this.kept > 0 || this.cut > 0) this.emit(true);
  }
}
