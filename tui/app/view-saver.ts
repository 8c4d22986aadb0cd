// Ctrl+S: writes every row the filters let through (the whole view, not only the screen) as
// plain text to a new file, streaming so a large view never sits in memory as one string.

import fs from 'node:fs';
import path from 'node:path';
import { formatRowPlain } from '../model/view-text.js';
import type { RecordStore } from '../model/record-store.js';

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** Writes the view to `<dir>/nova-trace-view-<time>.log`; returns the path and the number of records. */
export function saveView(store: RecordStore, dir: string, timestamps: boolean, now = new Date()): { file: string; records: number } {
  let file = path.join(dir, `nova-trace-view-${stamp(now)}.log`);
  for (let n = 2; fs.existsSync(file); n++) file = path.join(dir, `nova-trace-view-${stamp(now)}-${n}.log`);
  const tmp = `${file}.part`;
  const fd = fs.openSync(tmp, 'wx');
  let records = 0;
  try {
    const parts: string[] = [];
    let size = 0;
    for (const row of store.lines(0, store.count())) {
      for (const l of formatRowPlain(row, { timestamps })) { parts.push(l, '\n'); size += l.length + 1; }
      records++;
      if (size > 1 << 20) { fs.writeSync(fd, parts.join('')); parts.length = 0; size = 0; }
    }
    if (parts.length) fs.writeSync(fd, parts.join(''));
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  return { file, records };
}
