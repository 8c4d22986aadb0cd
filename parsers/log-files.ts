// Finds the log files to read: a directory (recursively, as collected one folder per host),
// or explicit files. A file is taken for what it holds, not for its name (sniff.ts): devstack's
// `screen-n-cpu.txt`, kolla's and sosreports' trees and journald exports are found like
// `nova-compute.log`. Each source knows its service, host, compression and a reference year
// for formats that print none (journald). A file or folder that cannot be read, or that is
// not a log, is skipped and named — never an error that hides the others.

import fs from 'node:fs';
import path from 'node:path';
import { hostFromPath, programFromPath, rotationRank, serviceFromName, serviceOf } from './source-naming.js';
import { sniffLogFile } from './sniff.js';

export interface LogSource {
  path: string;
  /** Path relative to the directory given (or the file name for explicit files). */
  rel: string;
  program: string;
  service: string;
  host: string | null;
  gzip: boolean;
  size: number;
  refYear: number;
  rotation: number;
  /** The one compute node the resource tracker's lines in the head name, if any (a mixed file's compute lines may take it). */
  node?: string | null;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface Discovery {
  sources: LogSource[];
  /** Files and folders passed over: unreadable, not a log, a symlink loop… */
  skipped: SkippedFile[];
}

/** Names that were logs before content sniffing; the live view still follows new files by name. */
export const LOG_FILE_NAME = /\.(log|txt)(?:\.\d+)?(?:[.-][\w:.-]*)?(?:\.gz)?$|\.(log|txt)\.gz$/;
/** Names never worth opening. */
const NEVER_LOGS = /\.(png|jpe?g|gif|svg|ico|pdf|tar|tgz|zip|xz|bz2|zst|rpm|deb|pyc|so|o|sqlite|db|html?|css|js)$/i;

function describe(file: string, rel: string, st: fs.Stats, skipped: SkippedFile[]): LogSource | null {
  const name = path.basename(file);
  const gzip = name.endsWith('.gz');
  const program = programFromPath(rel);
  const named = serviceFromName(program);
  const sniff = sniffLogFile(file, gzip, st.mtime.getUTCFullYear(), named ? 1 : undefined);
  if (!sniff.isLog) {
    skipped.push({ path: file, reason: sniff.reason ?? 'not a log' });
    return null;
  }
  const service = named ?? sniff.serviceByLoggers ?? serviceOf(program);
  return {
    path: file, rel, program, service, host: hostFromPath(rel) ?? sniff.host ?? (service === 'compute' ? sniff.node : null),
    gzip, size: st.size, refYear: st.mtime.getUTCFullYear(), rotation: rotationRank(name), node: sniff.node,
  };
}

function walk(root: string, dir: string, out: LogSource[], skipped: SkippedFile[], seenDirs: Set<string>): void {
  let real: string;
  let entries: fs.Dirent[];
  try {
    real = fs.realpathSync(dir);
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    skipped.push({ path: dir, reason: `cannot read the folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    return;
  }
  if (seenDirs.has(real)) {
    skipped.push({ path: dir, reason: 'a folder already read (symlink loop)' });
    return;
  }
  seenDirs.add(real);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    let st: fs.Stats | undefined;
    try {
      st = e.isSymbolicLink() ? fs.statSync(full, { throwIfNoEntry: false }) : undefined;
    } catch (err) {
      skipped.push({ path: full, reason: `broken link: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      continue;
    }
    const isDir = e.isDirectory() || st?.isDirectory();
    const isFile = e.isFile() || st?.isFile();
    if (isDir) { walk(root, full, out, skipped, seenDirs); continue; }
    if (!isFile || e.name.startsWith('.') || NEVER_LOGS.test(e.name)) continue;
    try {
      const fst = st ?? fs.statSync(full);
      const src = describe(full, path.relative(root, full), fst, skipped);
      if (src) out.push(src);
    } catch (err) {
      skipped.push({ path: full, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
    }
  }
}

/** Every log file under the directories in `paths` and every explicit file, in a stable order, and what was skipped. */
export function discoverLogs(paths: readonly string[]): Discovery {
  const sources: LogSource[] = [];
  const skipped: SkippedFile[] = [];
  const seenDirs = new Set<string>();
  for (const p of paths) {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) throw new Error(`no such file or directory: ${p}`);
    if (st.isDirectory()) walk(p, p, sources, skipped, seenDirs);
    else {
      try {
        const src = describe(p, path.basename(p), st, skipped);
        if (src) sources.push(src);
      } catch (err) {
        skipped.push({ path: p, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
      }
    }
  }
  return { sources, skipped };
}

/** The sources of discoverLogs, for callers that report nothing about skipped files. */
export function discoverLogFiles(paths: readonly string[]): LogSource[] {
  return discoverLogs(paths).sources;
}

/** One line naming what was skipped, for a trace's notes. */
export function skippedNote(skipped: readonly SkippedFile[], root?: string): string | null {
  if (skipped.length === 0) return null;
  const shown = skipped.slice(0, 6).map((s) => `${root ? path.relative(root, s.path) || s.path : s.path} (${s.reason})`);
  return `skipped ${skipped.length} file(s) that are not readable Nova logs: ${shown.join('; ')}${skipped.length > shown.length ? '; …' : ''}`;
}
