// When a log file's last record was written: the time of the last parseable line in its
// last 64 KiB (decompressed for .gz). Used to tell a boot that stalled while the logs went on
// from one whose logs simply end.

import { FORMATS } from '../../parsers/formats/index.js';
import { parseLine } from '../../parsers/line-parser.js';
import type { LogSource } from '../../parsers/log-files.js';
import { openByteSource } from './byte-source.js';

const TAIL = 64 * 1024;

export function lastRecordTime(source: LogSource): number {
  let src;
  try {
    src = openByteSource(source.path, source.gzip);
  } catch {
    return NaN;
  }
  try {
    const len = Math.min(TAIL, src.size);
    const buf = Buffer.allocUnsafe(len);
    const n = src.read(buf, 0, len, src.size - len);
    const lines = buf.toString('utf8', 0, n).split('\n');
    for (let i = lines.length - 1; i >= (src.size > len ? 1 : 0); i--) {
      const p = parseLine(lines[i].replace(/\r$/, ''), source.refYear, FORMATS);
      if (p && p.kind === 'record' && !Number.isNaN(p.ts)) return p.ts;
    }
    return NaN;
  } finally {
    src.close();
  }
}
