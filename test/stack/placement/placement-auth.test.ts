// Placement's authorization over real HTTP, with keystone-lite validating the tokens: the holes
// of issue 11 §1 (a project member deleting another project's allocation, rewriting a host's
// inventory, creating providers) as regression tests, and every route for admin, the nova
// service user, a project member, no token, an expired token and a revoked token.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stableId } from '../../../stack/db/seed.js';
import { ROUTES } from '../../../stack/placement/routes.js';
import { provider, startPlacement, type Placement } from './placement-harness.js';

let p: Placement;
let expired: string;
let revoked: string;
const RP = 'cccccccc-0000-4000-8000-000000000001';
const CONSUMER = randomUUID();
const ADMIN_PROJECT = stableId('project', 'admin');

beforeAll(async () => {
  p = await startPlacement('nova-placement-auth-');
  await provider(p, 'cmp1', RP, { vcpus: 8, memory_mb: 8192, disk_gb: 80 });
  const put = await p.call('PUT', `/allocations/${CONSUMER}`, {
    allocations: { [RP]: { resources: { VCPU: 1, MEMORY_MB: 512 } } }, project_id: ADMIN_PROJECT, user_id: stableId('user', 'admin'), consumer_generation: null,
  }, { version: '1.28' });
  expect(put.status).toBe(204);
  // An expired token: a real row whose expiry has passed.
  expired = `gAAAAAB-expired-${randomUUID()}`;
  p.identity.db.prepare('INSERT INTO tokens (id, user_id, project_id, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)')
    .run(expired, stableId('user', 'admin'), ADMIN_PROJECT, '2020-01-01T00:00:00.000000Z', '2020-01-01T01:00:00.000000Z');
  // A revoked token: admin's own, revoked by its owner.
  revoked = await p.identity.issue('admin', p.cfg.adminPassword, 'admin');
  const r = await fetch(`http://127.0.0.1:${p.cfg.ports.api}/v3/auth/tokens`, { method: 'DELETE', headers: { 'X-Auth-Token': revoked, 'X-Subject-Token': revoked } });
  expect(r.status).toBe(204);
});
afterAll(async () => { await p?.close(); });

const allocationOf = async (consumer: string) => (await p.call('GET', `/allocations/${consumer}`)).body.allocations;

describe('placement refuses a project member (issue 11 §1)', () => {
  it("DELETE of another project's allocation answers 403 in placement's error format and the allocation stays", async () => {
    const r = await p.call('DELETE', `/allocations/${CONSUMER}`, undefined, { token: p.demoToken });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ errors: [{
      status: 403, title: 'Forbidden', code: 'placement.undefined_code', request_id: expect.stringMatching(/^req-[0-9a-f-]{36}$/),
      detail: 'Access was denied to this resource.\n\n Policy does not allow placement:allocations:delete to be performed.  ',
    }] });
    expect((await allocationOf(CONSUMER))[RP].resources).toEqual({ VCPU: 1, MEMORY_MB: 512 });
    expect(p.logLines().some((l) => / DEBUG placement\.policy .*Policy check for placement:allocations:delete failed with credentials .*'roles': \['member', 'reader'\]/.test(l))).toBe(true);
  });

  it('PUT of a fake allocation answers 403 and writes nothing', async () => {
    const consumer = randomUUID();
    const r = await p.call('PUT', `/allocations/${consumer}`, {
      allocations: { [RP]: { resources: { VCPU: 8 } } }, project_id: 'x', user_id: 'y', consumer_generation: null,
    }, { token: p.demoToken, version: '1.28' });
    expect(r.status).toBe(403);
    expect(await allocationOf(consumer)).toEqual({});
  });

  it("PUT of a host's inventory answers 403 and the inventory is unchanged", async () => {
    const before = (await p.call('GET', `/resource_providers/${RP}/inventories`)).body;
    const r = await p.call('PUT', `/resource_providers/${RP}/inventories`, {
      resource_provider_generation: before.resource_provider_generation, inventories: { MEMORY_MB: { total: 1 } },
    }, { token: p.demoToken });
    expect(r.status).toBe(403);
    expect((await p.call('GET', `/resource_providers/${RP}/inventories`)).body).toEqual(before);
  });

  it.each([
    ['GET', 'aggregates', 'placement:resource_providers:aggregates:list'],
    ['PUT', 'aggregates', 'placement:resource_providers:aggregates:update'],
    ['GET', 'traits', 'placement:resource_providers:traits:list'],
    ['PUT', 'traits', 'placement:resource_providers:traits:update'],
  ])('%s a provider\'s %s is checked against %s', async (method, what, rule) => {
    const body = method === 'PUT' ? { [what]: [], resource_provider_generation: 0 } : undefined;
    const r = await p.call(method, `/resource_providers/${RP}/${what}`, body, { token: p.demoToken, version: '1.19' });
    expect(r.status).toBe(403);
    expect(p.logLines().some((l) => l.includes(`Policy check for ${rule} failed with credentials`))).toBe(true);
  });

  it('POST /resource_providers answers 403 and creates nothing', async () => {
    const r = await p.call('POST', '/resource_providers', { name: 'rogue' }, { token: p.demoToken });
    expect(r.status).toBe(403);
    expect((await p.call('GET', '/resource_providers?name=rogue')).body.resource_providers).toEqual([]);
  });

  it("answers 401 without a token, in keystonemiddleware's words, and logs the rejection", async () => {
    const r = await p.call('DELETE', `/allocations/${CONSUMER}`, undefined, { token: null });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } });
    expect(r.headers.get('www-authenticate')).toBe(`Keystone uri="http://127.0.0.1:${p.cfg.ports.api}/v3"`);
    expect(p.logLines().some((l) => / INFO keystonemiddleware\.auth_token \[-\] Rejecting request$/.test(l))).toBe(true);
    expect((await allocationOf(CONSUMER))[RP]).toBeDefined();
  });
});

/** A concrete path for a route pattern (placeholders filled with the test's provider or a new uuid). */
function samplePath(pattern: RegExp): string {
  const src = pattern.source.replace(/^\^|\$$/g, '').replace(/\\\//g, '/');
  return src.replace(/\(\[\^\/\]\+\)/g, () => (src.startsWith('/allocations') ? randomUUID() : RP));
}

describe('placement RBAC matrix: every route', () => {
  const who = () => ({
    admin: p.adminToken, service: p.cfg.serviceToken, member: p.demoToken, none: null, expired, revoked,
  }) as Record<string, string | null>;
  const cases = ROUTES.flatMap((route) => Object.entries(route.methods).map(([method, endpoint]) => ({ method, path: samplePath(route.pattern), endpoint })));

  it.each(cases.map((c) => [c.method, c.path, c] as const))('%s %s', async (method, path, c) => {
    const body = c.endpoint.json ? {} : undefined;
    const status: Record<string, number> = {};
    for (const [name, token] of Object.entries(who())) {
      status[name] = (await p.call(method, path, body, { token, version: 'latest' })).status;
    }
    if (c.endpoint.policy === null) {
      expect(Object.values(status).every((s) => s === 200)).toBe(true);
      return;
    }
    expect({ none: status.none, expired: status.expired, revoked: status.revoked }).toEqual({ none: 401, expired: 401, revoked: 401 });
    expect(status.member).toBe(403);
    for (const allowed of ['admin', 'service']) expect([401, 403]).not.toContain(status[allowed]);
  });
});
