// keystone-lite over real HTTP: discovery, token issue/validate/check/revoke, the 401 body,
// project lookups, and token enforcement in front of every service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stableId } from '../../../stack/db/seed.js';
import { ADMIN_PASSWORD, startHarness, type ApiHarness } from './api-harness.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const passwordAuth = (user: string, password: string, scope: unknown) =>
  ({ auth: { identity: { methods: ['password'], password: { user: { name: user, password, domain: { name: 'Default' } } } }, scope } });

describe('keystone-lite', () => {
  it('serves the version document with a self link on the stack and the root version list', async () => {
    const v = await h.call('GET', '/v3', undefined, { token: null });
    expect(v.status).toBe(200);
    expect(v.body.version).toMatchObject({ id: 'v3.14', status: 'stable', links: [{ rel: 'self', href: `${h.url}/v3/` }] });
    const root = await h.call('GET', '/', undefined, { token: null });
    expect(root.status).toBe(300);
    expect(root.body.versions.values[0].id).toBe('v3.14');
  });

  it.each([
    ['project by name', { project: { name: 'admin', domain: { name: 'Default' } } }],
    ['project by id', { project: { id: stableId('project', 'admin') } }],
    ['project with domain id', { project: { name: 'admin', domain: { id: 'default' } } }],
  ])('issues a token scoped to the %s with the catalog', async (_name, scope) => {
    const r = await h.call('POST', '/v3/auth/tokens', passwordAuth('admin', ADMIN_PASSWORD, scope), { token: null });
    expect(r.status).toBe(201);
    expect(r.headers.get('x-subject-token')).toMatch(/^gAAAAAB/);
    expect(r.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/);
    const t = r.body.token;
    expect(t.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(t.project).toMatchObject({ id: stableId('project', 'admin'), name: 'admin' });
    expect(t.user.id).toBe(stableId('user', 'admin'));
    expect(t.roles.map((x: { name: string }) => x.name).sort()).toEqual(['admin', 'member', 'reader']);
    const byType = Object.fromEntries(t.catalog.map((s: { type: string; endpoints: { interface: string; url: string; region: string }[] }) => [s.type, s.endpoints]));
    expect(Object.keys(byType).sort()).toEqual(['compute', 'identity', 'image', 'network', 'placement', 'volumev3']);
    expect(byType.volumev3[0].url).toBe(`${h.url}/volume/v3`);
    expect(byType.compute.map((e: { interface: string }) => e.interface).sort()).toEqual(['admin', 'internal', 'public']);
    expect(byType.compute[0]).toMatchObject({ url: `${h.url}/compute/v2.1`, region: 'RegionOne', region_id: 'RegionOne' });
    expect(byType.placement[0].url).toBe(`http://127.0.0.1:${h.cfg.ports.placement}/placement`);
  });

  it.each([
    ['a wrong password', passwordAuth('admin', 'nope', { project: { name: 'admin', domain: { name: 'Default' } } })],
    ['an unknown user', passwordAuth('mallory', 'x', { project: { name: 'admin', domain: { name: 'Default' } } })],
    ['a project without a role', passwordAuth('demo', 'demo-secret', { project: { name: 'admin', domain: { name: 'Default' } } })],
  ])('answers 401 for %s, and logs the failure', async (_name, body) => {
    const r = await h.call('POST', '/v3/auth/tokens', body, { token: null });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } });
    await expect.poll(() => h.log('keystone.log')).toContain('WARNING keystone.server.flask.application');
    expect(h.log('keystone.log')).toContain('Authorization failed. The request you have made requires authentication. from 127.0.0.1');
  });

  it('validates, checks and revokes a subject token', async () => {
    const issued = await h.call('POST', '/v3/auth/tokens', passwordAuth('demo', 'demo-secret', { project: { name: 'demo', domain: { name: 'Default' } } }), { token: null });
    const subject = issued.headers.get('x-subject-token')!;
    const v = await h.call('GET', '/v3/auth/tokens', undefined, { token: h.cfg.serviceToken, headers: { 'X-Subject-Token': subject } });
    expect(v.status).toBe(200);
    expect(v.headers.get('x-subject-token')).toBe(subject);
    expect(v.body.token.project.name).toBe('demo');
    expect((await h.call('HEAD', '/v3/auth/tokens', undefined, { headers: { 'X-Subject-Token': subject } })).status).toBe(200);
    expect((await h.call('DELETE', '/v3/auth/tokens', undefined, { headers: { 'X-Subject-Token': subject } })).status).toBe(204);
    const gone = await h.call('GET', '/v3/auth/tokens', undefined, { headers: { 'X-Subject-Token': subject } });
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toBe(`Could not find token: ${subject}.`);
    expect((await h.call('GET', '/compute/v2.1/servers', undefined, { token: subject })).status).toBe(401);
  });

  it('finds projects by name and answers 404 for a name used as an id', async () => {
    const byName = await h.call('GET', '/v3/projects?name=demo');
    expect(byName.body.projects).toEqual([expect.objectContaining({ id: stableId('project', 'demo'), name: 'demo', domain_id: 'default' })]);
    const asId = await h.call('GET', '/v3/projects/demo');
    expect(asId.status).toBe(404);
    expect(asId.body.error).toEqual({ code: 404, title: 'Not Found', message: 'Could not find project: demo.' });
    // identity:list_projects is for admins; a member reads its own project by id.
    const list = await h.call('GET', '/v3/projects', undefined, { token: h.demoToken });
    expect(list.status).toBe(403);
    expect(list.body.error).toEqual({ code: 403, title: 'Forbidden', message: 'You are not authorized to perform the requested action: identity:list_projects.' });
    const own = await h.call('GET', `/v3/projects/${stableId('project', 'demo')}`, undefined, { token: h.demoToken });
    expect(own.body.project.name).toBe('demo');
  });
});

describe('token enforcement', () => {
  it.each([
    ['/compute/v2.1/servers', true], ['/compute/v2.1/no-such-thing', true], ['/image/v2/images', false],
    ['/network/v2.0/networks', false], ['/volume/v3/volumes', false], ['/v3/projects', false],
  ])('answers 401 without a token on %s', async (p, compute) => {
    const r = await h.call('GET', p, undefined, { token: null });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toBe('The request you have made requires authentication.');
    expect(r.headers.get('www-authenticate')).toBe(`Keystone uri="${h.url}/v3"`);
    expect(r.headers.get('x-openstack-request-id')).toMatch(/^req-/);
    if (compute) expect(r.headers.get('x-compute-request-id')).toBe(r.headers.get('x-openstack-request-id'));
  });

  it.each(['/v3', '/compute', '/compute/', '/compute/v2', '/compute/v2/', '/compute/v2.1', '/compute/v2.1/', '/image', '/network', '/volume'])(
    'serves %s without a token', async (p) => {
      expect((await h.call('GET', p, undefined, { token: null })).status).toBeLessThan(400);
    });

  it('accepts the service token as admin', async () => {
    const r = await h.call('GET', '/compute/v2.1/os-services', undefined, { token: h.cfg.serviceToken });
    expect(r.status).toBe(200);
  });
});
