// The index file: a better-sqlite3 database (WAL) with the files it covers, the interned keys,
// the posting lists and the API's boot requests. Opening checks it: a file that is not a
// database, is corrupt or has another schema version is rebuilt from scratch, with a warning,
// never trusted.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

// Loaded at run time from node_modules (a native module cannot be bundled), whatever the
// bundler is told: `load` is not a name a bundler follows. Loaded on first use: the tracer
// imports this file whether or not there is an index.
const load = createRequire(import.meta.url);
let sqlite: typeof BetterSqlite3 | null = null;
const Database = function (file: string, options: BetterSqlite3.Options): BetterSqlite3.Database {
  sqlite ??= load('better-sqlite3') as typeof BetterSqlite3;
  return new sqlite(file, options);
} as unknown as typeof BetterSqlite3;
type Database = BetterSqlite3.Database;

/** 5: boots found in uwsgi/mod_wsgi access lines (no protocol) and on …/os-volumes_boot. */
export const INDEX_SCHEMA_VERSION = 5;
export type IndexDb = Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files(
  id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, dev INTEGER NOT NULL, ino INTEGER NOT NULL, gzip INTEGER NOT NULL,
  size INTEGER NOT NULL, indexed INTEGER NOT NULL, head_len INTEGER NOT NULL, head_hash TEXT NOT NULL,
  service TEXT NOT NULL, host TEXT, ref_year INTEGER NOT NULL, first_ts REAL, last_ts REAL, records INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS parts(file INTEGER NOT NULL, part INTEGER NOT NULL, buckets INTEGER NOT NULL, PRIMARY KEY (file, part)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS postings(
  file INTEGER NOT NULL, part INTEGER NOT NULL, bucket INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (file, part, bucket)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS boots(
  file INTEGER NOT NULL, offset INTEGER NOT NULL, ts REAL, request TEXT, global_request TEXT, status INTEGER NOT NULL, path TEXT NOT NULL,
  PRIMARY KEY (file, offset)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS boots_ts ON boots(ts);
CREATE TABLE IF NOT EXISTS built(
  file INTEGER NOT NULL, offset INTEGER NOT NULL, ts REAL, request TEXT, global_request TEXT, PRIMARY KEY (file, offset)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS built_request ON built(request);
CREATE TABLE IF NOT EXISTS boot_outcomes(request TEXT PRIMARY KEY, stamp TEXT NOT NULL, outcome TEXT NOT NULL) WITHOUT ROWID;
`;

/** `$XDG_CACHE_HOME/nova-trace/index.sqlite`, else `~/.cache/nova-trace/index.sqlite`. */
function removeDbFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

/** A build in progress (or killed) leaves this 0; a clean end sets it to 1. */
const CLEAN = 'clean';

export function markBuild(db: IndexDb, clean: boolean): void {
  db.prepare('INSERT OR REPLACE INTO meta(k, v) VALUES (?, ?)').run(CLEAN, clean ? '1' : '0');
}

function tryOpen(file: string, exists: boolean): IndexDb {
  const db = new Database(file, { timeout: 10_000 });
  try {
    // A build killed half-way left a database SQLite can roll back; it is checked all the same
    // (quick_check reads it whole, so only then). Any other damage fails below or while building.
    const killed = exists && (() => {
      try { return (db.prepare('SELECT v FROM meta WHERE k = ?').pluck().get(CLEAN) as string | undefined) !== '1'; } catch { return true; }
    })();
    const check = killed;
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Postings arrive in key order per part but land all over the key b-tree: keep it in memory.
    db.pragma('cache_size = -32768');
    if (check) {
      const r = db.pragma('quick_check', { simple: true });
      if (r !== 'ok') throw new Error(`integrity check: ${String(r)}`);
    }
    db.exec(SCHEMA);
    const v = db.prepare("SELECT v FROM meta WHERE k = 'schema'").pluck().get() as string | undefined;
    if (v === undefined) db.prepare("INSERT INTO meta(k, v) VALUES ('schema', ?)").run(String(INDEX_SCHEMA_VERSION));
    else if (Number(v) !== INDEX_SCHEMA_VERSION) throw new Error(`schema version ${v}, this nova-trace writes ${INDEX_SCHEMA_VERSION}`);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Opens (creating) the index for writing; a broken one is rebuilt and `warn` says why. */
export function openIndexForWrite(file: string, warn: (msg: string) => void): IndexDb {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    return tryOpen(file, fs.existsSync(file));
  } catch (e) {
    warn(`the index ${file} cannot be used (${(e as Error).message}); rebuilding it`);
    removeDbFiles(file);
    return tryOpen(file, false);
  }
}

/** Opens an existing index for reading, or null when there is none or it cannot be read (the caller searches the logs). */
export function openIndexForRead(file: string): IndexDb | null {
  if (!fs.existsSync(file)) return null;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 2_000 });
    const v = db.prepare("SELECT v FROM meta WHERE k = 'schema'").pluck().get() as string | undefined;
    if (Number(v) !== INDEX_SCHEMA_VERSION) { db.close(); return null; }
    return db;
  } catch {
    return null;
  }
}
