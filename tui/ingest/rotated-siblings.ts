// Where did a followed file's bytes go? After copytruncate: a sibling copy that ends with the
// bytes we last read; after a rename: the sibling with the same dev+inode. Pure look-ups, no state.

import fs from 'node:fs';
import path from 'node:path';
import type { GenerationReader } from './generation-reader.js';
import { closeQuietly } from './file-table.js';

/** Suffixes logrotate gives a copy: `.1`, `-YYYYMMDD…`, `.1.<anything>`; a `.gz` copy cannot be read at an offset. */
const COPY_SUFFIX = /^(?:\.1|-\d{8}.*|\.1\..+)$/;

function siblings(filePath: string, samePrefix: boolean): { dir: string; base: string; names: string[] } {
  const dir = path.dirname(filePath);
  const base = path.basename(filePath);
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).filter((n) => n !== base && (!samePrefix || n.startsWith(base)));
  } catch { /* directory gone */ }
  names.sort((a, b) => a.length - b.length || (a < b ? -1 : 1)); // `.1` before dated names
  return { dir, base, names };
}

/** The copytruncate copy of `reader`'s generation, opened; null when none is found. */
export function findTruncateCopy(filePath: string, reader: GenerationReader): { path: string; fd: number } | null {
  const { dir, base, names } = siblings(filePath, true);
  for (const name of names) {
    const suffix = name.slice(base.length);
    if (!COPY_SUFFIX.test(suffix) || name.endsWith('.gz')) continue;
    const full = path.join(dir, name);
    let fd: number;
    try {
      fd = fs.openSync(full, 'r');
    } catch {
      continue;
    }
    const st = fs.fstatSync(fd);
    if (st.isFile() && st.size >= reader.pos && reader.endsMatch(fd, reader.pos)) return { path: full, fd };
    closeQuietly(fd);
  }
  return null;
}

/** The sibling name a renamed file now has (same dev+inode), or null. */
export function findRenamed(filePath: string, dev: number, ino: number): string | null {
  const { dir, names } = siblings(filePath, false);
  for (const name of names) {
    const full = path.join(dir, name);
    const st = fs.statSync(full, { throwIfNoEntry: false });
    if (st && st.ino === ino && st.dev === dev) return full;
  }
  return null;
}
