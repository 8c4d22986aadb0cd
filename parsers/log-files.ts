// Finds the log files to read: a directory (recursively, as collected one folder per host),
// or explicit files. Each source knows its service, host, compression and a reference year
// for formats that print none (journald).

import fs from 'node:fs';
import path from 'node:path';
import { hostFromPath, programFromFileName, rotationRank, serviceOf } from './source-naming.js';

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
}

/** Names a directory walk picks up: `*.log`, rotated `*.log.N`, `*.log-YYYYMMDD`, their `.gz`, `*.log.N.<date>` copies. */
export const LOG_FILE_NAME = /\.log(?:\.\d+)?(?:[.-][\w:.-]*)?(?:\.gz)?$|\.log\.gz$/;

function describe(file: string, rel: string, st: fs.Stats): LogSource {
  const name = path.basename(file);
  const program = programFromFileName(name);
  return {
    path: file, rel, program, service: serviceOf(program), host: hostFromPath(rel),
    gzip: name.endsWith('.gz'), size: st.size, refYear: st.mtime.getUTCFullYear(), rotation: rotationRank(name),
  };
}

function walk(root: string, dir: string, out: LogSource[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new Error(`cannot read log directory ${dir}: ${(e as Error).message}`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(root, full, out);
    else if ((e.isFile() || e.isSymbolicLink()) && LOG_FILE_NAME.test(e.name)) {
      const st = fs.statSync(full, { throwIfNoEntry: false });
      if (st?.isFile()) out.push(describe(full, path.relative(root, full), st));
    }
  }
}

/** Every log file under `dirs` and every explicit file in `files`, in a stable order. */
export function discoverLogFiles(paths: readonly string[]): LogSource[] {
  const out: LogSource[] = [];
  for (const p of paths) {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) throw new Error(`no such file or directory: ${p}`);
    if (st.isDirectory()) walk(p, p, out);
    else out.push(describe(p, path.basename(p), st));
  }
  return out;
}
