// Lines holding a fixed text in a time window of some files, read synchronously: for the few
// lines the tracer needs that carry no request id or instance (the compute hosts' periodic
// "Final resource view" reports). Plain files are cut to the window by bisection; .gz are small
// rotations and are read whole.

import { FORMATS } from '../../parsers/formats/index.js';
import { parseLine, type ParsedLine } from '../../parsers/line-parser.js';
import type { LogSource } from '../../parsers/log-files.js';
import { openByteSource } from './byte-source.js';
import { endOffsetAtTime, startOffsetAtTime } from './time-seek.js';

const CHUNK = 1 << 20;

export interface TextHit { source: number; rec: ParsedLine }

export function findText(sources: readonly LogSource[], only: Iterable<number>, needle: string, fromMs: number, toMs: number): TextHit[] {
  const pattern = Buffer.from(needle, 'utf8');
  const out: TextHit[] = [];
  for (const i of only) {
    const s = sources[i];
    let src;
    try {
      src = openByteSource(s.path, s.gzip);
    } catch {
      continue; // unreadable: the search that named the file already said so
    }
    try {
      const start = s.gzip ? 0 : startOffsetAtTime(src, fromMs, s.refYear, s.path);
      const end = s.gzip ? src.size : Math.min(src.size, endOffsetAtTime(src, toMs, s.refYear, s.path) + CHUNK);
      const buf = Buffer.allocUnsafe(CHUNK);
      for (let pos = start; pos < end;) {
        const n = src.read(buf, 0, Math.min(CHUNK, end - pos), pos);
        if (n <= 0) break;
        const limit = pos + n >= end ? n : buf.lastIndexOf(0x0a, n - 1) + 1;
        if (limit <= 0) { pos += n; continue; }
        // After a hit, the search goes on from the next line: a line holding the text twice is one hit.
        for (let k = buf.indexOf(pattern, 0), le = 0; k >= 0 && k < limit; k = buf.indexOf(pattern, Math.max(k + pattern.length, le + 1))) {
          const ls = buf.lastIndexOf(0x0a, k) + 1;
          le = buf.indexOf(0x0a, k);
          if (le < 0 || le > limit) le = limit;
          const rec = parseLine(buf.toString('utf8', ls, le).replace(/\r$/, ''), s.refYear, FORMATS);
          if (rec && rec.kind === 'record' && rec.ts >= fromMs && rec.ts <= toMs) {
            rec.source = i;
            rec.offset = pos + ls;
            out.push({ source: i, rec });
          }
        }
        pos += limit;
      }
    } finally {
      src.close();
    }
  }
  return out;
}
