// keystone-lite's identity admin API over real HTTP: projects, users, roles, grants and role
// assignments as the openstack CLI uses them, keystone's errors, its default policy, and what
// disabling or deleting does to tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stableId } from '../../../stack/db/seed.js';
import { startHarness, type ApiHarness } from './api-harness.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

describe('keystone-lite identity admin', () => {
  it('creates a project, a user with a password and a grant, and the user gets a token for it', async () => {
    const p = await h.call('POST', '/v3/projects', { project: { name: 'alt_demo', description: 'second', enabled: true } });
    expect(p.status).toBe(201);
    expect(p.body.project).toMatchObject({ name: 'alt_demo', domain_id: 'default', description: 'second', enabled: true, is_domain: false, parent_id: 'default' });
    expect(p.body.project.id).toMatch(/^[0-9a-f]{32}$/);
    expect(p.body.project.links.self).toBe(`${h.url}/v3/projects/${p.body.project.id}`);
    const u = await h.call('POST', '/v3/users', { user: { name: 'alt_demo', password: 'alt-secret', default_project_id: p.body.project.id, email: 'a@example.org' } });
    expect(u.status).toBe(201);
    expect(u.body.user).toMatchObject({ name: 'alt_demo', domain_id: 'default', enabled: true, default_project_id: p.body.project.id, email: 'a@example.org', password_expires_at: null });
    expect(u.body.user).not.toHaveProperty('password');
    // No role yet: no token.
    expect(await h.issue('alt_demo', 'alt-secret', 'alt_demo')).toBeNull();
    const member = (await h.call('GET', '/v3/roles?name=member')).body.roles[0];
    expect(member).toMatchObject({ id: stableId('role', 'member'), name: 'member', domain_id: null });
    const put = await h.call('PUT', `/v3/projects/${p.body.project.id}/users/${u.body.user.id}/roles/${member.id}`);
    expect(put.status).toBe(204);
    expect((await h.call('HEAD', `/v3/projects/${p.body.project.id}/users/${u.body.user.id}/roles/${member.id}`)).status).toBe(204);
    const token = await h.issue('alt_demo', 'alt-secret', 'alt_demo');
    expect(token).toMatch(/^gAAAAAB/);
    const servers = await h.call('GET', '/compute/v2.1/servers', undefined, { token });
    expect(servers.status).toBe(200);
    const grants = await h.call('GET', `/v3/role_assignments?user.id=${u.body.user.id}&include_names`);
    expect(grants.body.role_assignments).toEqual([{
      role: { id: member.id, name: 'member' }, user: { id: u.body.user.id, name: 'alt_demo', domain: { id: 'default', name: 'Default' } },
      scope: { project: { id: p.body.project.id, name: 'alt_demo', domain: { id: 'default', name: 'Default' } } },
      links: { assignment: `${h.url}/v3/projects/${p.body.project.id}/users/${u.body.user.id}/roles/${member.id}` },
    }]);
    const listed = await h.call('GET', `/v3/projects/${p.body.project.id}/users/${u.body.user.id}/roles`);
    expect(listed.body.roles.map((r: { name: string }) => r.name)).toEqual(['member']);
    // A user reads itself and its projects; not other users.
    expect((await h.call('GET', `/v3/users/${u.body.user.id}`, undefined, { token })).status).toBe(200);
    expect((await h.call('GET', `/v3/users/${u.body.user.id}/projects`, undefined, { token })).body.projects.map((x: { name: string }) => x.name)).toEqual(['alt_demo']);
    const other = await h.call('GET', `/v3/users/${stableId('user', 'admin')}`, undefined, { token });
    expect(other.status).toBe(403);
    expect(other.body.error).toEqual({ code: 403, title: 'Forbidden', message: 'You are not authorized to perform the requested action: identity:get_user.' });
    // Revoking the grant ends the ability to get a token; disabling the user ends its tokens.
    expect((await h.call('DELETE', `/v3/projects/${p.body.project.id}/users/${u.body.user.id}/roles/${member.id}`)).status).toBe(204);
    expect(await h.issue('alt_demo', 'alt-secret', 'alt_demo')).toBeNull();
    expect((await h.call('PUT', `/v3/projects/${p.body.project.id}/users/${u.body.user.id}/roles/${member.id}`)).status).toBe(204);
    const again = await h.issue('alt_demo', 'alt-secret', 'alt_demo');
    const disabled = await h.call('PATCH', `/v3/users/${u.body.user.id}`, { user: { enabled: false } });
    expect(disabled.body.user.enabled).toBe(false);
    expect((await h.call('GET', '/compute/v2.1/servers', undefined, { token: again })).status).toBe(401);
    expect(await h.issue('alt_demo', 'alt-secret', 'alt_demo')).toBeNull();
    await h.call('PATCH', `/v3/users/${u.body.user.id}`, { user: { enabled: true, password: 'new-secret' } });
    expect(await h.issue('alt_demo', 'new-secret', 'alt_demo')).toMatch(/^gAAAAAB/);
    // Deleting the project takes its grants; deleting the user answers 404 afterwards.
    expect((await h.call('DELETE', `/v3/projects/${p.body.project.id}`)).status).toBe(204);
    expect(await h.issue('alt_demo', 'new-secret', 'alt_demo')).toBeNull();
    expect((await h.call('DELETE', `/v3/users/${u.body.user.id}`)).status).toBe(204);
    const gone = await h.call('GET', `/v3/users/${u.body.user.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error).toEqual({ code: 404, title: 'Not Found', message: `Could not find user: ${u.body.user.id}.` });
  });

  it('finds users, roles and projects by name and answers 404 for a name used as an id', async () => {
    expect((await h.call('GET', '/v3/users?name=demo')).body.users.map((u: { id: string }) => u.id)).toEqual([stableId('user', 'demo')]);
    expect((await h.call('GET', '/v3/users/demo')).status).toBe(404);
    expect((await h.call('GET', '/v3/roles/member')).body.error.message).toBe('Could not find role: member.');
    expect((await h.call('GET', '/v3/roles')).body.roles.map((r: { name: string }) => r.name)).toEqual(['admin', 'member', 'reader', 'service']);
    expect((await h.call('GET', '/v3/domains/default')).body.domain).toMatchObject({ id: 'default', name: 'Default', enabled: true });
  });

  it('refuses duplicates, bad input and non-admins as keystone does', async () => {
    const dup = await h.call('POST', '/v3/projects', { project: { name: 'demo' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toEqual({ code: 409, title: 'Conflict', message: 'Conflict occurred attempting to store project - Duplicate entry found with name demo at domain ID default.' });
    expect((await h.call('POST', '/v3/users', { user: { password: 'x' } })).body.error).toMatchObject({ code: 400, message: "Invalid input for field 'name': 'name' is a required property" });
    expect((await h.call('POST', '/v3/users', { user: { name: 'x', enabled: 'yes' } })).status).toBe(400);
    for (const [method, path, body] of [['POST', '/v3/projects', { project: { name: 'p2' } }], ['GET', '/v3/users', undefined],
      ['POST', '/v3/roles', { role: { name: 'r2' } }], ['GET', '/v3/role_assignments', undefined]] as const) {
      const r = await h.call(method, path, body, { token: h.demoToken });
      expect(r.status, `${method} ${path}`).toBe(403);
    }
    const role = await h.call('POST', '/v3/roles', { role: { name: 'auditor', description: 'reads' } });
    expect(role.status).toBe(201);
    expect(role.body.role).toMatchObject({ name: 'auditor', description: 'reads', domain_id: null });
    expect((await h.call('DELETE', `/v3/roles/${role.body.role.id}`)).status).toBe(204);
  });
});
