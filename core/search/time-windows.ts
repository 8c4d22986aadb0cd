// Byte windows of files for a time window: big files are cut where their records reach the
// times (bisection, time-seek.ts); small files and .gz files are left out of the map, which
// means "search them whole" (cheaper than seeking in them).

import type { LogSource } from '../../parsers/log-files.js';
import { alignToLineStart, openByteSource } from './byte-source.js';
import { endOffsetAtTime, startOffsetAtTime } from './time-seek.js';

export const WHOLE_FILE_LIMIT = 8 << 20;
/** Lines written just after the window's end may still be stamped inside it (several writers). */
const END_MARGIN = 1 << 20;

export function timeWindows(sources: readonly LogSource[], chosen: Iterable<number>, from: number, to: number): Map<number, [number, number]> {
  const windows = new Map<number, [number, number]>();
  for (const i of chosen) {
    const s = sources[i];
    if (s.gzip || s.size <= WHOLE_FILE_LIMIT) continue;
    const src = openByteSource(s.path, false);
    try {
      // Cut at a line start: a search of the rest from there then owns the lines after it whole.
      const end = alignToLineStart(src, Math.min(src.size, endOffsetAtTime(src, to, s.refYear, s.path) + END_MARGIN));
      windows.set(i, [Math.max(0, startOffsetAtTime(src, from, s.refYear, s.path)), end]);
    } finally {
      src.close();
    }
  }
  return windows;
}
