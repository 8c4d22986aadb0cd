// Writes a trace as pretty JSON without building one string of it: a request with a million
// records would exceed V8's string limit ("Invalid string length"). The records array is
// written one record at a time where it stands in the object; the rest is small.

import type { Trace } from '../trace/trace-types.js';

const MARK = JSON.stringify('\u0000records\u0000');

export function writeTraceJson(trace: Trace, write: (s: string) => void): void {
  const head = JSON.stringify({ ...trace, records: '\u0000records\u0000' }, null, 2);
  const at = head.indexOf(MARK);
  write(head.slice(0, at));
  if (trace.records.length === 0) write('[]');
  else {
    write('[\n');
    trace.records.forEach((r, i) => {
      const text = JSON.stringify(r, null, 2).replace(/\n/g, '\n    ');
      write(`${i ? ',\n' : ''}    ${text}`);
    });
    write('\n  ]');
  }
  write(head.slice(at + MARK.length) + '\n');
}
