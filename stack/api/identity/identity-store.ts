// keystone-lite's identity and assignment backends over the nova database: users, projects,
// roles and role assignments (grants of a role to a user on a project), with the attributes
// keystone keeps besides the name (enabled, description, email, default project) as JSON in
// identity_attributes. Deleting a user or a project takes its grants and tokens with it.

import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/open-db.js';

export interface UserRow { id: string; name: string; password: string; domain_id: string }
export interface ProjectRow { id: string; name: string; domain_id: string }
export interface RoleRow { id: string; name: string; domain_id: string | null; description: string | null }
export interface Grant { user_id: string; project_id: string; role: string }
export type Attrs = Record<string, unknown>;

/** Keystone's ids: 32 hex digits. */
export const newId = () => randomUUID().replace(/-/g, '');

export class IdentityStore {
  constructor(private readonly db: Db) {}

  attrs(id: string): Attrs {
    const row = this.db.prepare('SELECT attrs FROM identity_attributes WHERE id = ?').get(id) as { attrs: string } | undefined;
    return row ? JSON.parse(row.attrs) as Attrs : {};
  }

  setAttrs(id: string, changes: Attrs): void {
    const next = { ...this.attrs(id), ...changes };
    this.db.prepare('INSERT OR REPLACE INTO identity_attributes (id, attrs) VALUES (?, ?)').run(id, JSON.stringify(next));
  }

  /** Users and projects are enabled unless an update said otherwise. */
  enabled(id: string): boolean {
    return this.attrs(id).enabled !== false;
  }

  users(): UserRow[] {
    return this.db.prepare('SELECT id, name, password, domain_id FROM users ORDER BY name').all() as UserRow[];
  }

  user(id: string): UserRow | undefined {
    return this.db.prepare('SELECT id, name, password, domain_id FROM users WHERE id = ?').get(id) as UserRow | undefined;
  }

  userNamed(name: string): UserRow | undefined {
    return this.db.prepare('SELECT id, name, password, domain_id FROM users WHERE name = ?').get(name) as UserRow | undefined;
  }

  createUser(name: string, password: string, domainId: string, attrs: Attrs): UserRow {
    const id = newId();
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO users (id, name, password, domain_id) VALUES (?, ?, ?, ?)').run(id, name, password, domainId);
      this.setAttrs(id, attrs);
    })();
    return this.user(id)!;
  }

  updateUser(id: string, changes: { name?: string; password?: string }, attrs: Attrs): void {
    this.db.transaction(() => {
      if (changes.name !== undefined) this.db.prepare('UPDATE users SET name = ? WHERE id = ?').run(changes.name, id);
      if (changes.password !== undefined) {
        this.db.prepare('UPDATE users SET password = ? WHERE id = ?').run(changes.password, id);
        // Keystone revokes a user's tokens when the password changes.
        this.db.prepare('DELETE FROM tokens WHERE user_id = ?').run(id);
      }
      if (attrs.enabled === false) this.db.prepare('DELETE FROM tokens WHERE user_id = ?').run(id);
      this.setAttrs(id, attrs);
    })();
  }

  deleteUser(id: string): void {
    this.db.transaction(() => {
      for (const sql of ['DELETE FROM role_assignments WHERE user_id = ?', 'DELETE FROM tokens WHERE user_id = ?',
        'DELETE FROM identity_attributes WHERE id = ?', 'DELETE FROM users WHERE id = ?']) this.db.prepare(sql).run(id);
    })();
  }

  projects(): ProjectRow[] {
    return this.db.prepare('SELECT id, name, domain_id FROM projects ORDER BY name').all() as ProjectRow[];
  }

  project(id: string): ProjectRow | undefined {
    return this.db.prepare('SELECT id, name, domain_id FROM projects WHERE id = ?').get(id) as ProjectRow | undefined;
  }

  projectNamed(name: string): ProjectRow | undefined {
    return this.db.prepare('SELECT id, name, domain_id FROM projects WHERE name = ?').get(name) as ProjectRow | undefined;
  }

  createProject(name: string, domainId: string, attrs: Attrs): ProjectRow {
    const id = newId();
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO projects (id, name, domain_id) VALUES (?, ?, ?)').run(id, name, domainId);
      this.setAttrs(id, attrs);
    })();
    return this.project(id)!;
  }

  updateProject(id: string, name: string | undefined, attrs: Attrs): void {
    this.db.transaction(() => {
      if (name !== undefined) this.db.prepare('UPDATE projects SET name = ? WHERE id = ?').run(name, id);
      if (attrs.enabled === false) this.db.prepare('DELETE FROM tokens WHERE project_id = ?').run(id);
      this.setAttrs(id, attrs);
    })();
  }

  deleteProject(id: string): void {
    this.db.transaction(() => {
      for (const sql of ['DELETE FROM role_assignments WHERE project_id = ?', 'DELETE FROM tokens WHERE project_id = ?',
        'DELETE FROM quotas WHERE project_id = ?', 'DELETE FROM identity_attributes WHERE id = ?', 'DELETE FROM projects WHERE id = ?']) this.db.prepare(sql).run(id);
    })();
  }

  roles(): RoleRow[] {
    return this.db.prepare('SELECT id, name, domain_id, description FROM roles ORDER BY name').all() as RoleRow[];
  }

  role(id: string): RoleRow | undefined {
    return this.db.prepare('SELECT id, name, domain_id, description FROM roles WHERE id = ?').get(id) as RoleRow | undefined;
  }

  roleNamed(name: string): RoleRow | undefined {
    return this.db.prepare('SELECT id, name, domain_id, description FROM roles WHERE name = ?').get(name) as RoleRow | undefined;
  }

  createRole(name: string, description: string | null): RoleRow {
    const id = newId();
    this.db.prepare('INSERT INTO roles (id, name, description) VALUES (?, ?, ?)').run(id, name, description);
    return this.role(id)!;
  }

  deleteRole(role: RoleRow): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM role_assignments WHERE role = ?').run(role.name);
      this.db.prepare('DELETE FROM roles WHERE id = ?').run(role.id);
    })();
  }

  grants(filter: { userId?: string; projectId?: string; role?: string } = {}): Grant[] {
    return (this.db.prepare('SELECT user_id, project_id, role FROM role_assignments ORDER BY user_id, project_id, role').all() as Grant[])
      .filter((g) => (filter.userId === undefined || g.user_id === filter.userId)
        && (filter.projectId === undefined || g.project_id === filter.projectId) && (filter.role === undefined || g.role === filter.role));
  }

  grant(userId: string, projectId: string, role: string): void {
    this.db.prepare('INSERT OR IGNORE INTO role_assignments (user_id, project_id, role) VALUES (?, ?, ?)').run(userId, projectId, role);
  }

  revoke(userId: string, projectId: string, role: string): boolean {
    return this.db.prepare('DELETE FROM role_assignments WHERE user_id = ? AND project_id = ? AND role = ?').run(userId, projectId, role).changes > 0;
  }
}
