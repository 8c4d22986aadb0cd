// Opens a SQLite file the way every service shares it: WAL journal, a busy timeout long
// enough for concurrent writers in other processes, foreign keys on, schema applied.
import Database from 'better-sqlite3';

export type Db = Database.Database;

export function openDb(file: string, schema: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.exec(schema);
  return db;
}

export function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
