// Whole-file reading into records: the reader used for merged views, tests and anything that
// wants every record of a file (the tracer's no-index search reads only around its hits).

import type { LogSource } from './log-files.js';
import { readLines } from './line-reader.js';
import { RecordAssembler } from './record-assembler.js';
import type { ParsedLine } from './line-parser.js';

export interface FileRecords {
  records: ParsedLine[];
  unparsed: number;
  lines: number;
}

export async function readFileRecords(source: LogSource, sourceIndex: number): Promise<FileRecords> {
  const asm = new RecordAssembler(sourceIndex, source.refYear);
  let lines = 0;
  await readLines(source.path, source.gzip, (text, offset, lineNo) => {
    lines = lineNo;
    asm.push(text, offset, lineNo);
  });
  return { records: asm.records, unparsed: asm.unparsed, lines };
}
