// Streaming reading of one file's records in file order, for readers that merge many files
// without holding any of them whole (the TUI's print mode). A record is handed out once no
// later line can still join it: traceback lines attach within a second of their record
// (traceback-rule.ts), so records older than the newest line by SETTLE_MS are final; a hard
// cap on pending records bounds memory when timestamps stand still.

import fs from 'node:fs';
import zlib from 'node:zlib';
import type { LogSource } from './log-files.js';
import type { ParsedLine } from './line-parser.js';
import { LineSplitter, type LineHandler } from './line-splitter.js';
import { RecordAssembler } from './record-assembler.js';

const SETTLE_MS = 2_000;
const MAX_PENDING = 4_096;
export const CHUNK = 1 << 20;

/** The file's bytes in the chunks every streaming reader settles records at (.gz decompressed). */
export async function* chunks(source: LogSource): AsyncGenerator<Buffer> {
  if (source.gzip) {
    for await (const c of fs.createReadStream(source.path).pipe(zlib.createGunzip())) yield c as Buffer;
    return;
  }
  const fh = await fs.promises.open(source.path, 'r');
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

export async function* streamFileRecords(source: LogSource, sourceIndex: number): AsyncGenerator<ParsedLine> {
  const asm = new RecordAssembler(sourceIndex, source.refYear);
  let newest = -Infinity;
  const onLine: LineHandler = (text, offset, lineNo) => {
    asm.push(text, offset, lineNo);
    const last = asm.records[asm.records.length - 1];
    if (last && last.ts > newest) newest = last.ts;
  };
  const split = new LineSplitter(onLine);
  let emitted = 0;
  for await (const chunk of chunks(source)) {
    split.push(chunk);
    const recs = asm.records;
    while (emitted < recs.length - 1 && (recs[emitted].ts < newest - SETTLE_MS || recs.length - emitted > MAX_PENDING || Number.isNaN(recs[emitted].ts))) {
      yield recs[emitted++];
    }
    if (emitted > 1024) { recs.splice(0, emitted); emitted = 0; }
  }
  split.end();
  const recs = asm.records;
  while (emitted < recs.length) yield recs[emitted++];
}
