// Faults injected at run time, shared by every process of a stack through a small SQLite
// file in the state dir (not the nova database: compute may read it). A fault targets every
// host or one, and lasts until cleared or for its next N uses; take() consumes one use
// atomically, so concurrent boots on several hosts never both take the last one.

import path from 'node:path';
import { openDb, type Db } from '../db/open-db.js';
import type { FaultName } from './fault-catalog.js';

const SCHEMA = `CREATE TABLE IF NOT EXISTS faults (
  name TEXT NOT NULL, host TEXT NOT NULL DEFAULT '*', remaining INTEGER, params TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL, PRIMARY KEY (name, host));`;

export interface Fault { name: FaultName; host: string; remaining: number | null; params: Record<string, unknown> }

export class FaultStore {
  private readonly db: Db;

  constructor(stateDir: string) {
    this.db = openDb(path.join(stateDir, 'faults.sqlite'), SCHEMA);
  }

  inject(name: FaultName, host: string | null, count: number | null, params: Record<string, unknown> = {}): void {
    this.db.prepare(`INSERT INTO faults (name, host, remaining, params, created_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (name, host) DO UPDATE SET remaining = excluded.remaining, params = excluded.params`)
      .run(name, host ?? '*', count, JSON.stringify(params), new Date().toISOString());
  }

  clear(name: FaultName | null): number {
    return name === null ? this.db.prepare('DELETE FROM faults').run().changes : this.db.prepare('DELETE FROM faults WHERE name = ?').run(name).changes;
  }

  list(): Fault[] {
    return (this.db.prepare('SELECT name, host, remaining, params FROM faults ORDER BY name, host').all() as { name: FaultName; host: string; remaining: number | null; params: string }[])
      .map((r) => ({ ...r, params: JSON.parse(r.params) as Record<string, unknown> }));
  }

  /** The fault `name` active for `host` (a host-specific one first), without using it up. */
  peek(name: FaultName, host: string | null): Fault | null {
    const r = this.db.prepare(`SELECT name, host, remaining, params FROM faults WHERE name = ? AND host IN (?, '*') AND (remaining IS NULL OR remaining > 0)
      ORDER BY host = '*' LIMIT 1`).get(name, host ?? '*') as { name: FaultName; host: string; remaining: number | null; params: string } | undefined;
    return r ? { ...r, params: JSON.parse(r.params) as Record<string, unknown> } : null;
  }

  /** Use one occurrence of fault `name` for `host`; null when none is active. */
  take(name: FaultName, host: string | null): Fault | null {
    return this.db.transaction(() => {
      const f = this.peek(name, host);
      if (!f) return null;
      if (f.remaining !== null) {
        if (f.remaining <= 1) this.db.prepare('DELETE FROM faults WHERE name = ? AND host = ?').run(f.name, f.host);
        else this.db.prepare('UPDATE faults SET remaining = remaining - 1 WHERE name = ? AND host = ?').run(f.name, f.host);
      }
      return f;
    })();
  }

  close(): void {
    this.db.close();
  }
}
