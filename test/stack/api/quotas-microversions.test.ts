// Quotas and key pairs over real HTTP at the microversions that change them: the default quota
// class equals os-quota-sets/{id}/defaults and what a project without its own limits shows,
// quota class updates, the keys each microversion leaves out, and key pair types (2.2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stableId } from '../../../stack/db/seed.js';
import { MAX_VERSION } from '../../../stack/api/compute/microversion.js';
import { startHarness, type ApiHarness } from './api-harness.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const C = '/compute/v2.1';
const DEMO = stableId('project', 'demo');
const at = (v: string) => ({ headers: { 'OpenStack-API-Version': `compute ${v}`, 'X-OpenStack-Nova-API-Version': v } });
const atLeast = (v: string) => Number(MAX_VERSION.split('.')[1]) >= Number(v.split('.')[1]);
const ALL_KEYS = ['cores', 'fixed_ips', 'floating_ips', 'injected_file_content_bytes', 'injected_file_path_bytes', 'injected_files', 'instances',
  'key_pairs', 'metadata_items', 'ram', 'security_group_rules', 'security_groups', 'server_group_members', 'server_groups'];

describe('quota classes and quota sets', () => {
  it('shows the default class as the defaults of every project', async () => {
    const cls = await h.call('GET', `${C}/os-quota-class-sets/default`);
    expect(cls.status).toBe(200);
    // Below 2.50 the class leaves the server group keys out.
    expect(Object.keys(cls.body.quota_class_set).sort()).toEqual(['id', ...ALL_KEYS.filter((k) => !k.startsWith('server_group'))].sort());
    const defaults = await h.call('GET', `${C}/os-quota-sets/${DEMO}/defaults`, undefined, { token: h.demoToken });
    const shown = await h.call('GET', `${C}/os-quota-sets/${DEMO}`, undefined, { token: h.demoToken });
    expect(shown.body).toEqual(defaults.body);
    expect(Object.keys(shown.body.quota_set).sort()).toEqual(['id', ...ALL_KEYS].sort());
    for (const [k, v] of Object.entries(cls.body.quota_class_set)) if (k !== 'id') expect(defaults.body.quota_set[k], k).toBe(v);
    expect((await h.call('GET', `${C}/os-quota-class-sets/default`, undefined, { token: h.demoToken })).status).toBe(403);
  });

  it('updates a class and a project, refuses limits under usage, and reverts a project to the defaults', async () => {
    const upd = await h.call('PUT', `${C}/os-quota-class-sets/default`, { quota_class_set: { metadata_items: 99 } });
    expect(upd.status).toBe(200);
    expect(upd.body.quota_class_set).not.toHaveProperty('id');
    expect(upd.body.quota_class_set.metadata_items).toBe(99);
    expect((await h.call('GET', `${C}/os-quota-sets/${DEMO}/defaults`)).body.quota_set.metadata_items).toBe(99);
    expect((await h.call('GET', `${C}/limits`, undefined, { token: h.demoToken })).body.limits.absolute.maxServerMeta).toBe(99);
    await h.call('PUT', `${C}/os-quota-class-sets/default`, { quota_class_set: { metadata_items: 128 } });
    expect((await h.call('PUT', `${C}/os-quota-class-sets/default`, { quota_class_set: { bogus: 1 } })).status).toBe(400);

    const set = await h.call('PUT', `${C}/os-quota-sets/${DEMO}`, { quota_set: { cores: 7 } });
    expect(set.body.quota_set).not.toHaveProperty('id');
    expect(set.body.quota_set.cores).toBe(7);
    expect((await h.call('GET', `${C}/os-quota-sets/${DEMO}`)).body.quota_set.cores).toBe(7);
    expect((await h.call('DELETE', `${C}/os-quota-sets/${DEMO}`)).status).toBe(202);
    expect((await h.call('GET', `${C}/os-quota-sets/${DEMO}`)).body.quota_set.cores).toBe((await h.call('GET', `${C}/os-quota-sets/${DEMO}/defaults`)).body.quota_set.cores);
    expect((await h.call('PUT', `${C}/os-quota-sets/${DEMO}`, { quota_set: { cores: -2 } })).status).toBe(400);
  });

  it('answers limits of another project to admins only', async () => {
    expect((await h.call('GET', `${C}/limits?tenant_id=${DEMO}`)).status).toBe(200);
    const r = await h.call('GET', `${C}/limits?tenant_id=${stableId('project', 'admin')}`, undefined, { token: h.demoToken });
    expect(r.status).toBe(403);
    expect(r.body.forbidden.message).toBe("Policy doesn't allow os_compute_api:limits:other_project to be performed.");
  });
});

describe('key pairs by microversion', () => {
  it('2.1: no type, create 200, delete 202', async () => {
    const c = await h.call('POST', `${C}/os-keypairs`, { keypair: { name: 'old1' } }, at('2.1'));
    expect(c.status).toBe(200);
    expect(c.body.keypair).not.toHaveProperty('type');
    expect((await h.call('GET', `${C}/os-keypairs`, undefined, at('2.1'))).body.keypairs[0].keypair).not.toHaveProperty('type');
    expect((await h.call('DELETE', `${C}/os-keypairs/old1`, undefined, at('2.1'))).status).toBe(202);
    // A type is not part of the 2.1 request: it is ignored there, as an x509 import would fail.
  });

  it.runIf(atLeast('2.2'))('2.2: ssh and x509 types, create 201, delete 204', async () => {
    const ssh = await h.call('POST', `${C}/os-keypairs`, { keypair: { name: 'k-ssh', type: 'ssh' } }, at('2.2'));
    expect(ssh.status).toBe(201);
    expect(ssh.body.keypair).toMatchObject({ name: 'k-ssh', type: 'ssh' });
    const x509 = await h.call('POST', `${C}/os-keypairs`, { keypair: { name: 'k-x509', type: 'x509' } }, at('2.2'));
    expect(x509.status).toBe(201);
    expect(x509.body.keypair.public_key).toContain('BEGIN CERTIFICATE');
    expect(x509.body.keypair.fingerprint).toMatch(/^([0-9a-f]{2}:){19}[0-9a-f]{2}$/);
    expect(x509.body.keypair.private_key).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const imported = await h.call('POST', `${C}/os-keypairs`, { keypair: { name: 'k-x509b', type: 'x509', public_key: x509.body.keypair.public_key } }, at('2.2'));
    expect(imported.body.keypair.fingerprint).toBe(x509.body.keypair.fingerprint);
    expect((await h.call('POST', `${C}/os-keypairs`, { keypair: { name: 'k-bad', type: 'rsa' } }, at('2.2'))).status).toBe(400);
    const list = await h.call('GET', `${C}/os-keypairs`, undefined, at('2.2'));
    expect(list.body.keypairs.map((k: { keypair: { name: string; type: string } }) => `${k.keypair.name}:${k.keypair.type}`)).toEqual(['k-ssh:ssh', 'k-x509:x509', 'k-x509b:x509']);
    expect((await h.call('GET', `${C}/os-keypairs/k-x509`, undefined, at('2.2'))).body.keypair.type).toBe('x509');
    for (const n of ['k-ssh', 'k-x509', 'k-x509b']) expect((await h.call('DELETE', `${C}/os-keypairs/${n}`, undefined, at('2.2'))).status).toBe(204);
  });
});
