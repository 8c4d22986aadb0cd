// Microversions 2.33, 2.35 and 2.36 over real HTTP: hypervisors and key pairs paged with
// limit/marker and Nova's next links, and the proxy APIs (images, os-security-groups) gone from
// 2.36 with the bare 404 Nova's wsgi layer answers for a method the version lacks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type ApiHarness } from './api-harness.js';
import { tempestSchemaError } from './tempest-schema.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const C = '/compute/v2.1';
const at = (v: string) => ({ headers: { 'OpenStack-API-Version': `compute ${v}` } });

describe('hypervisors 2.33', () => {
  it('pages by limit and marker (a node id) with a next link on a full page; an unknown marker is 400', async () => {
    const all = (await h.call('GET', `${C}/os-hypervisors`, undefined, at('2.33'))).body.hypervisors as { id: number }[];
    expect(all).toHaveLength(2);
    const first = await h.call('GET', `${C}/os-hypervisors/detail?limit=1`, undefined, at('2.33'));
    expect(first.body.hypervisors.map((x: { id: number }) => x.id)).toEqual([all[0].id]);
    expect(first.body.hypervisors_links).toEqual([{ rel: 'next', href: `${h.url}/compute/v2.1/os-hypervisors/detail?limit=1&marker=${all[0].id}` }]);
    expect(tempestSchemaError('v2_33.hypervisors.list_hypervisors_detail', first)).toBe('');
    const next = await h.call('GET', `${C}/os-hypervisors?limit=1&marker=${all[0].id}`, undefined, at('2.33'));
    expect(next.body.hypervisors.map((x: { id: number }) => x.id)).toEqual([all[1].id]);
    expect(tempestSchemaError('v2_33.hypervisors.list_search_hypervisors', next)).toBe('');
    const last = await h.call('GET', `${C}/os-hypervisors?limit=1&marker=${all[1].id}`, undefined, at('2.33'));
    expect(last.body).toEqual({ hypervisors: [] });
    expect((await h.call('GET', `${C}/os-hypervisors?marker=999`, undefined, at('2.33'))).body.badRequest.message).toBe('marker [999] not found');
    // Below 2.33 paging parameters are ignored.
    const old = await h.call('GET', `${C}/os-hypervisors?limit=1&marker=999`, undefined, at('2.32'));
    expect(old.body).toEqual({ hypervisors: all });
  });
});

describe('key pairs 2.35', () => {
  it('pages by name with a next link whenever the page is as long as the limit', async () => {
    for (const n of ['kp-a', 'kp-b']) expect((await h.call('POST', `${C}/os-keypairs`, { keypair: { name: n } }, at('2.35'))).status).toBe(201);
    const page = await h.call('GET', `${C}/os-keypairs?limit=1`, undefined, at('2.35'));
    expect(page.body.keypairs.map((k: { keypair: { name: string } }) => k.keypair.name)).toEqual(['kp-a']);
    expect(page.body.keypairs_links).toEqual([{ rel: 'next', href: `${h.url}/compute/v2.1/os-keypairs?limit=1&marker=kp-a` }]);
    const rest = await h.call('GET', `${C}/os-keypairs?limit=1&marker=kp-a`, undefined, at('2.35'));
    expect(rest.body.keypairs.map((k: { keypair: { name: string } }) => k.keypair.name)).toEqual(['kp-b']);
    expect(rest.body.keypairs_links[0].href).toContain('marker=kp-b');
    expect((await h.call('GET', `${C}/os-keypairs?limit=2`, undefined, at('2.35'))).body.keypairs_links).toBeDefined();
    expect((await h.call('GET', `${C}/os-keypairs?limit=3`, undefined, at('2.35'))).body).not.toHaveProperty('keypairs_links');
    expect((await h.call('GET', `${C}/os-keypairs?marker=nope`, undefined, at('2.35'))).body.badRequest.message).toBe('Marker nope could not be found.');
    expect((await h.call('GET', `${C}/os-keypairs?limit=1`, undefined, at('2.34'))).body.keypairs).toHaveLength(2);
  });
});

describe('proxy APIs 2.36', () => {
  it('answers images and os-security-groups up to 2.35 and a bare 404 from 2.36, logged as Nova\'s wsgi layer does', async () => {
    for (const path of ['images', 'images/detail', 'os-security-groups']) {
      expect((await h.call('GET', `${C}/${path}`, undefined, at('2.35'))).status, path).toBe(200);
      const gone = await h.call('GET', `${C}/${path}`, undefined, at('2.36'));
      expect(gone.status, path).toBe(404);
      expect(gone.body).toEqual({ itemNotFound: { code: 404, message: 'The resource could not be found.' } });
    }
    expect((await h.call('POST', `${C}/os-security-groups`, { security_group: { name: 'x', description: 'y' } }, at('2.36'))).status).toBe(404);
    expect(h.log('nova-api.log')).toMatch(/DEBUG nova.api.openstack.wsgi \[[^\]]*\] Returning 404 to user: The resource could not be found\. __call__/);
    const limits = await h.call('GET', `${C}/limits`, undefined, at('2.36'));
    expect(tempestSchemaError('v2_36.limits.get_limit', limits)).toBe('');
    expect(limits.body.limits.absolute).not.toHaveProperty('maxSecurityGroups');
  });
});
