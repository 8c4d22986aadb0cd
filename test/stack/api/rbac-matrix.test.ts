// Every route of every HTTP service of the api process (keystone-lite, nova, glance-lite,
// neutron-lite) against its policy table, for an admin, a project member, a member of another
// project, no token, an expired token and a revoked token; and another project's server is
// not found (404), as Nova answers.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPUTE_POLICY } from '../../../stack/api/compute/policy.js';
import type { PolicyTable } from '../../../stack/api/http/service-app.js';
import { IDENTITY_POLICY } from '../../../stack/api/identity/policy.js';
import { IMAGE_POLICY } from '../../../stack/api/image/policy.js';
import { NETWORK_POLICY } from '../../../stack/api/network/policy.js';
import type { RuleName } from '../../../stack/common/policy.js';
import { DEFAULT_CLOUD, stableId } from '../../../stack/db/seed.js';
import { startHarness, type ApiHarness } from './api-harness.js';

const SERVICES: [prefix: string, table: PolicyTable][] = [['', IDENTITY_POLICY], ['/compute', COMPUTE_POLICY], ['/image', IMAGE_POLICY], ['/network', NETWORK_POLICY]];
const DEMO = stableId('project', 'demo');

let h: ApiHarness;
const tokens: Record<string, string | null> = {};

beforeAll(async () => {
  h = await startHarness();
  // A member of another project.
  const alt = stableId('project', 'alt');
  h.db.prepare('INSERT INTO projects (id, name) VALUES (?, ?)').run(alt, 'alt');
  h.db.prepare('INSERT INTO users (id, name, password) VALUES (?, ?, ?)').run(stableId('user', 'alt'), 'alt', 'alt-secret');
  for (const r of ['member', 'reader']) h.db.prepare('INSERT INTO role_assignments (user_id, project_id, role) VALUES (?, ?, ?)').run(stableId('user', 'alt'), alt, r);
  const expired = `gAAAAAB-expired-${randomUUID()}`;
  h.db.prepare('INSERT INTO tokens (id, user_id, project_id, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)')
    .run(expired, stableId('user', 'demo'), DEMO, '2020-01-01T00:00:00.000000Z', '2020-01-01T01:00:00.000000Z');
  const revoked = await h.issue('demo', 'demo-secret', 'demo');
  expect((await h.call('DELETE', '/v3/auth/tokens', undefined, { token: revoked, headers: { 'X-Subject-Token': revoked } })).status).toBe(204);
  Object.assign(tokens, { admin: h.adminToken, member: h.demoToken, other: await h.issue('alt', 'alt-secret', 'alt'), none: null, expired, revoked });
});
afterAll(async () => { await h?.close(); });

/** Rules a plain member of its own project passes (on its own project's objects). */
const MEMBER_PASSES: ReadonlySet<RuleName> = new Set(['any', 'project_member_or_admin', 'project_reader_or_admin', 'project_member_or_admin_or_service',
  'project_reader_or_admin_or_service', 'admin_or_own_project']);
const SAMPLE: Record<string, string> = {
  project_id: DEMO, id: randomUUID(), key: 'k', name: 'no-such-key', request_id: 'req-0', hostname: 'cmp1', action: 'disable',
  // Identity admin routes act on objects that do not exist, so that an admin's call changes nothing.
  user_id: randomUUID().replace(/-/g, ''), role_id: randomUUID().replace(/-/g, ''), domain_id: 'default',
};
/** demo's project where the route reads a project (the member passes on its own); samples elsewhere. */
const samplePath = (method: string, pattern: string) => pattern.replace(/\{(\w+)\}/g, (_, n: string) =>
  (pattern.startsWith('/v3/projects') && (n === 'project_id' || (n === 'id' && method === 'GET')) ? DEMO : SAMPLE[n]));

/** Admin-only routes that exist only from a microversion: below it Nova answers 404 before any policy check. */
const FROM_VERSION: Record<string, string> = { 'PUT /v2.1/flavors/{id}': '2.55' };

const cases = SERVICES.flatMap(([prefix, table]) => Object.entries(table).map(([key, entry]) => {
  const [method, pattern] = key.split(' ');
  const headers: Record<string, string> = FROM_VERSION[key] ? { 'OpenStack-API-Version': `compute ${FROM_VERSION[key]}` } : {};
  return { method, path: `${prefix}${samplePath(method, pattern)}`, rule: entry.rule, targetParam: entry.targetParam, headers };
}));

describe('RBAC matrix over every route of the api process', () => {
  it('covers the routes of every service', () => {
    expect(cases.length).toBeGreaterThan(60);
  });

  it.each(cases.map((c) => [c.method, c.path, c] as const))('%s %s', async (method, path, c) => {
    const body = method === 'POST' || method === 'PUT' ? {} : undefined;
    const status: Record<string, number> = {};
    for (const [name, token] of Object.entries(tokens)) status[name] = (await h.call(method, path, body, { token, headers: c.headers })).status;
    if (c.rule === 'public') {
      expect(Object.values(status)).not.toContain(401);
      return;
    }
    expect({ none: status.none, expired: status.expired, revoked: status.revoked }).toEqual({ none: 401, expired: 401, revoked: 401 });
    expect([401, 403]).not.toContain(status.admin);
    if (MEMBER_PASSES.has(c.rule)) {
      expect([401, 403]).not.toContain(status.member);
      // A rule on the path's project (demo's): another project's member is refused.
      if (c.targetParam || path.startsWith('/v3/projects/')) expect(status.other).toBe(403);
      else expect([401, 403]).not.toContain(status.other);
    } else {
      expect(status.member).toBe(403);
      expect(status.other).toBe(403);
    }
  });
});

describe("another project's objects", () => {
  it("a server is 404 for another project's member, visible to its project and to admin", async () => {
    const img = DEFAULT_CLOUD.image.id;
    const created = await h.call('POST', '/compute/v2.1/servers', { server: { name: 'mine', imageRef: img, flavorRef: '1', networks: [{ uuid: DEFAULT_CLOUD.network.id }] } }, { token: tokens.member });
    expect(created.status).toBe(202);
    const id = created.body.server.id as string;
    const get = async (who: string) => (await h.call('GET', `/compute/v2.1/servers/${id}`, undefined, { token: tokens[who] })).status;
    expect({ member: await get('member'), admin: await get('admin'), other: await get('other') }).toEqual({ member: 200, admin: 200, other: 404 });
    const del = await h.call('DELETE', `/compute/v2.1/servers/${id}`, undefined, { token: tokens.other });
    expect(del.status).toBe(404);
    const reboot = await h.call('POST', `/compute/v2.1/servers/${id}/action`, { reboot: { type: 'HARD' } }, { token: tokens.other });
    expect(reboot.status).toBe(404);
  });

  it('external events are for admin or the service role only', async () => {
    const body = { events: [{ name: 'network-vif-plugged', server_uuid: randomUUID(), status: 'completed', tag: 'p' }] };
    const r = await h.call('POST', '/compute/v2.1/os-server-external-events', body, { token: tokens.member });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-server-external-events:create to be performed." } });
    const neutron = await h.issue('neutron', h.cfg.servicePassword, 'service');
    expect((await h.call('POST', '/compute/v2.1/os-server-external-events', body, { token: neutron })).status).toBe(207);
  });

  it('binding a port to a host is for admin or service: a member gets neutron\'s PolicyNotAuthorized', async () => {
    const r = await h.call('POST', '/network/v2.0/ports', { port: { network_id: DEFAULT_CLOUD.network.id, 'binding:host_id': 'cmp1' } }, { token: tokens.member });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ NeutronError: { type: 'PolicyNotAuthorized', message: 'rule:create_port:binding:host_id is disallowed by policy', detail: '' } });
  });
});
