// Keystone-lite tokens: password or token authentication against the `users` table, project
// scope by id or by name, rows in `tokens`. The stack's services authenticate like anyone else,
// as their own users (nova, placement, neutron, glance) in the `service` project.

import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/open-db.js';

/** Keystone's default token lifetime. */
const TOKEN_TTL_MS = 3600_000;

export interface TokenInfo {
  id: string;
  userId: string;
  userName: string;
  projectId: string;
  projectName: string;
  roles: string[];
  methods: string[];
  issuedAt: string;
  expiresAt: string;
}

/** Keystone prints its timestamps with microseconds: `2030-01-01T00:00:00.000000Z`. */
const keystoneTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

interface Row { id: string; user_id: string; project_id: string; issued_at: string; expires_at: string }

export class TokenStore {
  constructor(private readonly db: Db) {}

  userByName(name: string, domainId: string): { id: string; name: string; password: string } | undefined {
    return this.db.prepare('SELECT id, name, password FROM users WHERE name = ? AND domain_id = ?').get(name, domainId) as never;
  }

  userById(id: string): { id: string; name: string; password: string } | undefined {
    return this.db.prepare('SELECT id, name, password FROM users WHERE id = ?').get(id) as never;
  }

  project(ref: { id?: string; name?: string }): { id: string; name: string; domain_id: string } | undefined {
    if (ref.id) return this.db.prepare('SELECT id, name, domain_id FROM projects WHERE id = ?').get(ref.id) as never;
    return this.db.prepare('SELECT id, name, domain_id FROM projects WHERE name = ?').get(ref.name ?? '') as never;
  }

  roles(userId: string, projectId: string): string[] {
    return (this.db.prepare('SELECT role FROM role_assignments WHERE user_id = ? AND project_id = ? ORDER BY role').all(userId, projectId) as { role: string }[]).map((r) => r.role);
  }

  /** A project the user has a role on, for unscoped requests (keystone's default project). */
  defaultProject(userId: string): string | undefined {
    return (this.db.prepare('SELECT project_id FROM role_assignments WHERE user_id = ? ORDER BY project_id LIMIT 1').get(userId) as { project_id: string } | undefined)?.project_id;
  }

  issue(userId: string, projectId: string, methods: string[]): TokenInfo {
    const id = `gAAAAAB${randomBytes(96).toString('base64url')}`;
    const now = Date.now();
    const issued = keystoneTime(now);
    const expires = keystoneTime(now + TOKEN_TTL_MS);
    // Every CLI run authenticates anew; expired rows are dropped as new ones come.
    this.db.prepare('DELETE FROM tokens WHERE expires_at < ?').run(issued);
    this.db.prepare('INSERT INTO tokens (id, user_id, project_id, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(id, userId, projectId, issued, expires);
    return this.describe({ id, user_id: userId, project_id: projectId, issued_at: issued, expires_at: expires }, methods)!;
  }

  /** The token's identity, or null when unknown or expired. */
  validate(tokenId: string | undefined): TokenInfo | null {
    if (!tokenId) return null;
    const row = this.db.prepare('SELECT id, user_id, project_id, issued_at, expires_at FROM tokens WHERE id = ?').get(tokenId) as Row | undefined;
    if (!row || Date.parse(row.expires_at) <= Date.now()) return null;
    return this.describe(row, ['password']);
  }

  revoke(tokenId: string): boolean {
    return this.db.prepare('DELETE FROM tokens WHERE id = ?').run(tokenId).changes > 0;
  }

  private describe(row: Row, methods: string[]): TokenInfo | null {
    const user = this.userById(row.user_id);
    const project = this.project({ id: row.project_id });
    if (!user || !project) return null;
    return {
      id: row.id, userId: user.id, userName: user.name, projectId: project.id, projectName: project.name,
      roles: this.roles(user.id, project.id), methods, issuedAt: row.issued_at, expiresAt: row.expires_at,
    };
  }
}
