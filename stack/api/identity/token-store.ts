// Keystone-lite tokens: password or token authentication against the `users` table, project
// scope by id or by name, rows in `tokens`. The stack's services authenticate like anyone else,
// as their own users (nova, placement, neutron, glance) in the `service` project.

import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/open-db.js';

/** The implied roles `keystone-manage bootstrap` creates: admin implies member, member implies reader. */
const IMPLIED_ROLES: Record<string, readonly string[]> = { admin: ['member'], member: ['reader'] };

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

  /** The user's roles on the project, with the roles they imply (keystone's effective roles). */
  roles(userId: string, projectId: string): string[] {
    const granted = (this.db.prepare('SELECT role FROM role_assignments WHERE user_id = ? AND project_id = ? ORDER BY role').all(userId, projectId) as { role: string }[]).map((r) => r.role);
    const all = new Set<string>();
    const add = (r: string) => { if (!all.has(r)) { all.add(r); for (const i of IMPLIED_ROLES[r] ?? []) add(i); } };
    granted.forEach(add);
    return [...all].sort();
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

  /** The token's lifetime ends now (keystone's [token] expiration reached). */
  expire(tokenId: string): void {
    this.db.prepare('UPDATE tokens SET expires_at = ? WHERE id = ?').run(keystoneTime(Date.now() - 1), tokenId);
  }

  /** The token's identity, or null when unknown or expired. */
  validate(tokenId: string | undefined): TokenInfo | null {
    if (!tokenId) return null;
    const row = this.db.prepare('SELECT id, user_id, project_id, issued_at, expires_at FROM tokens WHERE id = ?').get(tokenId) as Row | undefined;
    if (!row || Date.parse(row.expires_at) <= Date.now()) return null;
    return this.describe(row, ['password']);
  }

  /** A user or project disabled through the admin API (identity_attributes) cannot hold tokens. */
  isEnabled(id: string): boolean {
    const row = this.db.prepare('SELECT attrs FROM identity_attributes WHERE id = ?').get(id) as { attrs: string } | undefined;
    return !row || (JSON.parse(row.attrs) as { enabled?: unknown }).enabled !== false;
  }

  revoke(tokenId: string): boolean {
    return this.db.prepare('DELETE FROM tokens WHERE id = ?').run(tokenId).changes > 0;
  }

  private describe(row: Row, methods: string[]): TokenInfo | null {
    const user = this.userById(row.user_id);
    const project = this.project({ id: row.project_id });
    if (!user || !project || !this.isEnabled(user.id) || !this.isEnabled(project.id)) return null;
    return {
      id: row.id, userId: user.id, userName: user.name, projectId: project.id, projectName: project.name,
      roles: this.roles(user.id, project.id), methods, issuedAt: row.issued_at, expiresAt: row.expires_at,
    };
  }
}
