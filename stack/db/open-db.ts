// Opens a SQLite file the way every service shares it: WAL journal, a busy timeout long
// enough for concurrent writers in other processes, foreign keys on, schema applied.
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * better-sqlite3 compiles a statement on every prepare(); the services prepare the same SQL on
 * every request, so statements are kept per SQL text (a GET /servers/detail of 100 servers
 * prepared 100 port queries).
 */
function cacheStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let st = cache.get(sql);
    if (!st) cache.set(sql, (st = prepare(sql)));
    return st;
  }) as Db['prepare'];
}

/**
 * Every transaction here writes, so it takes the write lock when it begins (BEGIN IMMEDIATE).
 * A deferred transaction that reads first and writes later fails at once with "database is
 * locked" when another process committed in between (WAL cannot upgrade a stale snapshot,
 * and the busy timeout does not apply): seen as neutron 500s under 100 concurrent boots.
 */
function immediateTransactions(db: Db): void {
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: (...a: unknown[]) => unknown) => {
    const t = transaction(fn);
    const run = (...args: unknown[]) => t.immediate(...args);
    // The variants are non-enumerable properties of better-sqlite3's transaction function.
    return Object.assign(run, { default: t.immediate, deferred: t.deferred, immediate: t.immediate, exclusive: t.exclusive });
  }) as Db['transaction'];
}

export function openDb(file: string, schema: string): Db {
  const db = new Database(file);
  cacheStatements(db);
  immediateTransactions(db);
  // The busy timeout first: switching to WAL takes a lock, and services open the same file at once.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(schema);
  return db;
}

export { nowIso } from '../common/time.js';
