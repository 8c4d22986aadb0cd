// The nova API's other resources over real HTTP: flavors, hypervisors, services, zones,
// aggregates, server groups, key pairs, quotas, versions and admin-only policy.
import { MAX_VERSION } from '../../../stack/api/compute/microversion.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stableId } from '../../../stack/db/seed.js';
import { startHarness, type ApiHarness } from './api-harness.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const C = '/compute/v2.1';

describe('versions and microversions', () => {
  it('lists v2.0 then v2.1 and advertises the maximum microversion', async () => {
    const root = await h.call('GET', '/compute/', undefined, { token: null });
    expect(root.body.versions.map((v: { id: string }) => v.id)).toEqual(['v2.0', 'v2.1']);
    const v21 = await h.call('GET', '/compute/v2.1', undefined, { token: null });
    expect(v21.body.version).toMatchObject({ id: 'v2.1', status: 'CURRENT', version: MAX_VERSION, min_version: '2.1' });
    expect(v21.body.version.links[0].href).toBe(`${h.url}/compute/v2.1/`);
  });

  it.each([
    [{ 'X-OpenStack-Nova-API-Version': '2.1' }, 200, '2.1'], [{ 'OpenStack-API-Version': 'compute 2.1' }, 200, '2.1'],
    [{ 'OpenStack-API-Version': 'compute latest' }, 200, MAX_VERSION], [{}, 200, '2.1'],
    [{ 'OpenStack-API-Version': 'compute 2.999', 'X-OpenStack-Nova-API-Version': '2.999' }, 406, null], [{ 'X-OpenStack-Nova-API-Version': 'two' }, 400, null],
  ])('negotiates %j → %i', async (headers, status, served) => {
    const r = await h.call('GET', `${C}/flavors`, undefined, { headers });
    expect(r.status).toBe(status);
    if (status === 406) expect(r.body).toEqual({ computeFault: { code: 406, message: `Version 2.999 is not supported by the API. Minimum is 2.1 and maximum is ${MAX_VERSION}.` } });
    if (served) expect(r.headers.get('openstack-api-version')).toBe(`compute ${served}`);
    if (served) expect(r.headers.get('x-openstack-nova-api-version')).toBe(served);
  });
});

describe('flavors', () => {
  it('lists public flavors, all of them with is_public=None, and extra specs', async () => {
    h.db.prepare("INSERT INTO flavors (id, name, memory_mb, vcpus, root_gb, is_public) VALUES ('p9', 'private.one', 64, 1, 1, 0)").run();
    const pub = await h.call('GET', `${C}/flavors/detail?is_public=True`);
    expect(pub.body.flavors.map((f: { name: string }) => f.name)).toEqual(['m1.tiny', 'm1.small', 'm1.medium']);
    expect(pub.body.flavors[0]).toMatchObject({ id: '1', ram: 512, vcpus: 1, disk: 1, swap: '', 'OS-FLV-EXT-DATA:ephemeral': 0, 'os-flavor-access:is_public': true });
    const all = await h.call('GET', `${C}/flavors/detail?is_public=None`);
    expect(all.body.flavors.map((f: { id: string }) => f.id)).toContain('p9');
    const demo = await h.call('GET', `${C}/flavors/detail?is_public=None`, undefined, { token: h.demoToken });
    expect(demo.body.flavors.map((f: { id: string }) => f.id)).not.toContain('p9');
    const brief = await h.call('GET', `${C}/flavors`);
    expect(Object.keys(brief.body.flavors[0]).sort()).toEqual(['id', 'links', 'name']);
    expect((await h.call('GET', `${C}/flavors/1/os-extra_specs`)).body).toEqual({ extra_specs: {} });
  });

  it('answers 404 for a flavor name used as an id', async () => {
    const r = await h.call('GET', `${C}/flavors/m1.tiny`);
    expect(r.body).toEqual({ itemNotFound: { code: 404, message: 'Flavor m1.tiny could not be found.' } });
  });

  it('creates, sets extra specs on and deletes a flavor (admin only)', async () => {
    const body = { flavor: { name: 'f1', ram: '256', vcpus: 1, disk: 1, id: null, swap: 0, 'OS-FLV-EXT-DATA:ephemeral': 0, rxtx_factor: 1.0, 'os-flavor-access:is_public': true } };
    const denied = await h.call('POST', `${C}/flavors`, body, { token: h.demoToken });
    expect(denied.body).toEqual({ forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed." } });
    const r = await h.call('POST', `${C}/flavors`, body);
    expect(r.status).toBe(200);
    const id = r.body.flavor.id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body.flavor).toMatchObject({ name: 'f1', ram: 256 });
    expect((await h.call('POST', `${C}/flavors`, body)).body.conflictingRequest.message).toBe('Flavor with name f1 already exists.');
    const specs = await h.call('POST', `${C}/flavors/${id}/os-extra_specs`, { extra_specs: { 'hw:cpu_policy': 'dedicated' } });
    expect(specs.body).toEqual({ extra_specs: { 'hw:cpu_policy': 'dedicated' } });
    expect((await h.call('GET', `${C}/flavors/${id}/os-extra_specs/hw:cpu_policy`)).body).toEqual({ 'hw:cpu_policy': 'dedicated' });
    expect((await h.call('DELETE', `${C}/flavors/${id}`)).status).toBe(202);
    expect((await h.call('GET', `${C}/flavors/${id}`)).status).toBe(404);
  });
});

describe('hosts: hypervisors, services, availability zones', () => {
  it('reports hypervisors from compute_nodes with their service state', async () => {
    h.db.prepare("UPDATE compute_nodes SET vcpus_used = 2, memory_mb_used = 1024, running_vms = 1 WHERE host = 'cmp1'").run();
    const r = await h.call('GET', `${C}/os-hypervisors/detail`);
    expect(r.body.hypervisors.map((x: { hypervisor_hostname: string; state: string; status: string }) => [x.hypervisor_hostname, x.state, x.status])).toEqual([['cmp1', 'up', 'enabled'], ['cmp2', 'up', 'enabled']]);
    expect(r.body.hypervisors[0]).toMatchObject({ vcpus: 8, vcpus_used: 2, free_ram_mb: 7168, host_ip: '127.0.0.1', service: { host: 'cmp1' } });
    const stats = await h.call('GET', `${C}/os-hypervisors/statistics`);
    expect(stats.body.hypervisor_statistics).toMatchObject({ count: 2, vcpus: 16, vcpus_used: 2, memory_mb_used: 1024, running_vms: 1 });
  });

  it('marks a service down when its heartbeat is older than service_down_time, and disables it', async () => {
    h.db.prepare("UPDATE services SET last_seen_up = '2001-01-01T00:00:00Z' WHERE host = 'cmp2'").run();
    try {
      const r = await h.call('GET', `${C}/os-services?binary=nova-compute`);
      expect(r.body.services.map((s: { host: string; state: string; zone: string }) => [s.host, s.state, s.zone])).toEqual([['cmp1', 'up', 'nova'], ['cmp2', 'down', 'nova']]);
      expect(r.body.services[1].updated_at).toBe('2001-01-01T00:00:00.000000');
      const off = await h.call('PUT', `${C}/os-services/disable-log-reason`, { host: 'cmp2', binary: 'nova-compute', disabled_reason: 'maintenance' });
      expect(off.body.service).toEqual({ host: 'cmp2', binary: 'nova-compute', status: 'disabled', disabled_reason: 'maintenance' });
      const hv = await h.call('GET', `${C}/os-hypervisors`);
      expect(hv.body.hypervisors[1]).toMatchObject({ state: 'down', status: 'disabled' });
      await h.call('PUT', `${C}/os-services/enable`, { host: 'cmp2', binary: 'nova-compute' });
    } finally {
      h.db.prepare('UPDATE services SET last_seen_up = ? WHERE host = ?').run(new Date().toISOString(), 'cmp2');
    }
  });

  it.each([
    ['GET', `${C}/os-services`, 'os_compute_api:os-services:list'],
    ['GET', `${C}/os-hypervisors/detail`, 'os_compute_api:os-hypervisors:list-detail'],
    ['GET', `${C}/os-hypervisors/statistics`, 'os_compute_api:os-hypervisors:statistics'],
    ['GET', `${C}/os-aggregates`, 'os_compute_api:os-aggregates:index'],
    ['GET', `${C}/os-availability-zone/detail`, 'os_compute_api:os-availability-zone:detail'],
    ['DELETE', `${C}/flavors/1`, 'os_compute_api:os-flavor-manage:delete'],
  ])('refuses %s %s to non-admins', async (method, p, rule) => {
    const r = await h.call(method, p, undefined, { token: h.demoToken });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ forbidden: { code: 403, message: `Policy doesn't allow ${rule} to be performed.` } });
  });

  it('puts hosts in the zone of their aggregate, and aggregates answer 404 for names', async () => {
    const created = await h.call('POST', `${C}/os-aggregates`, { aggregate: { name: 'agg1', availability_zone: 'az1' } });
    expect(created.status).toBe(200);
    expect(Object.keys(created.body.aggregate).sort()).toEqual(['availability_zone', 'created_at', 'deleted', 'deleted_at', 'id', 'name', 'updated_at']);
    const id = created.body.aggregate.id;
    expect((await h.call('GET', `${C}/os-aggregates/agg1`)).status).toBe(404);
    // cmp1's compute node has its resource provider in placement; cmp2's has none yet.
    const placement = (method: string, p: string, body?: unknown) => fetch(`http://127.0.0.1:${h.cfg.ports.placement}/placement${p}`, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'X-Auth-Token': h.adminToken, 'OpenStack-API-Version': 'placement 1.20', 'Content-Type': 'application/json', Accept: 'application/json' },
    }).then((r) => r.json() as Promise<any>);
    const rp = await placement('POST', '/resource_providers', { name: 'cmp1' });
    const aggUuid = (h.db.prepare('SELECT uuid FROM aggregates WHERE id = ?').get(id) as { uuid: string }).uuid;
    const added = await h.call('POST', `${C}/os-aggregates/${id}/action`, { add_host: { host: 'cmp1' } });
    expect((await placement('GET', `/resource_providers/${rp.uuid}/aggregates`)).aggregates).toEqual([aggUuid]);
    const other = await h.call('POST', '/compute/v2.1/os-aggregates', { aggregate: { name: 'agg2', availability_zone: 'az2' } });
    expect((await h.call('POST', `${C}/os-aggregates/${other.body.aggregate.id}/action`, { add_host: { host: 'cmp1' } })).body.conflictingRequest.message)
      .toBe(`Cannot add host to aggregate ${other.body.aggregate.id}. Reason: One or more hosts already in availability zone(s) ['az1'].`);
    expect((await h.call('POST', `${C}/os-aggregates/${other.body.aggregate.id}/action`, { add_host: { host: 'cmp2' } })).status).toBe(200);
    expect(h.log('nova-api.log')).toContain('WARNING nova.compute.api');
    expect(h.log('nova-api.log')).toContain('Failed to associate cmp2 with a placement aggregate: No such resource provider cmp2.. This may be corrected after running nova-manage placement sync_aggregates.');
    expect(added.body.aggregate).toMatchObject({ hosts: ['cmp1'], metadata: { availability_zone: 'az1' }, availability_zone: 'az1' });
    expect((await h.call('POST', `${C}/os-aggregates/${id}/action`, { add_host: { host: 'cmp1' } })).status).toBe(409);
    expect((await h.call('POST', `${C}/os-aggregates/${id}/action`, { add_host: { host: 'nohost' } })).body.itemNotFound.message).toBe('Compute host nohost could not be found.');
    const zones = await h.call('GET', `${C}/os-availability-zone/detail`);
    const az1 = zones.body.availabilityZoneInfo.find((z: { zoneName: string }) => z.zoneName === 'az1');
    expect(az1).toMatchObject({ zoneState: { available: true }, hosts: { cmp1: { 'nova-compute': { available: true, active: true } } } });
    const bootable = await h.call('POST', `${C}/servers`, { server: { name: 'in-az1', imageRef: 'c1d2e3f4-0000-4000-8000-000000000001', flavorRef: '1', availability_zone: 'az1' } });
    expect(bootable.status).toBe(202);
    const meta = await h.call('POST', `${C}/os-aggregates/${id}/action`, { set_metadata: { metadata: { ssd: 'true', availability_zone: null } } });
    expect(meta.body.aggregate.metadata).toEqual({ ssd: 'true' });
    expect((await h.call('DELETE', `${C}/os-aggregates/${id}`)).status).toBe(400);
    await h.call('POST', `${C}/os-aggregates/${id}/action`, { remove_host: { host: 'cmp1' } });
    expect((await placement('GET', `/resource_providers/${rp.uuid}/aggregates`)).aggregates).toEqual([]);
    expect((await h.call('POST', `${C}/os-aggregates/${id}/action`, { remove_host: { host: 'cmp1' } })).body.itemNotFound.message).toBe(`Cannot remove host cmp1 in aggregate ${id}`);
    expect((await h.call('DELETE', `${C}/os-aggregates/${id}`)).status).toBe(200);
  });
});

describe('per-project resources', () => {
  it('creates, finds and deletes server groups', async () => {
    const r = await h.call('POST', `${C}/os-server-groups`, { server_group: { name: 'sg1', policies: ['anti-affinity'] } });
    expect(r.body.server_group).toMatchObject({ name: 'sg1', policies: ['anti-affinity'], members: [], metadata: {} });
    const id = r.body.server_group.id;
    expect((await h.call('GET', `${C}/os-server-groups/sg1`)).body.itemNotFound.message).toBe('Instance group sg1 could not be found.');
    const boot = await h.call('POST', `${C}/servers`, { server: { name: 'grouped', imageRef: 'c1d2e3f4-0000-4000-8000-000000000001', flavorRef: '1' }, 'os:scheduler_hints': { group: id } });
    expect((await h.call('GET', `${C}/os-server-groups/${id}`)).body.server_group.members).toEqual([boot.body.server.id]);
    expect((await h.call('GET', `${C}/os-server-groups`, undefined, { token: h.demoToken })).body.server_groups).toEqual([]);
    expect((await h.call('DELETE', `${C}/os-server-groups/${id}`)).status).toBe(204);
    expect((await h.call('POST', `${C}/os-server-groups`, { server_group: { name: 'x', policies: ['sideways'] } })).status).toBe(400);
  });

  it('generates and imports key pairs with 2.1 status codes', async () => {
    const gen = await h.call('POST', `${C}/os-keypairs`, { keypair: { name: 'kp1' } });
    expect(gen.status).toBe(200);
    expect(gen.body.keypair.private_key).toContain('BEGIN RSA PRIVATE KEY');
    expect(gen.body.keypair.public_key).toMatch(/^ssh-rsa AAAA\S+ Generated-by-Nova$/);
    expect(gen.body.keypair.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect(gen.body.keypair.user_id).toBe(stableId('user', 'admin'));
    const imported = await h.call('POST', `${C}/os-keypairs`, { keypair: { name: 'kp2', public_key: gen.body.keypair.public_key } });
    expect(imported.body.keypair).not.toHaveProperty('private_key');
    expect(imported.body.keypair.fingerprint).toBe(gen.body.keypair.fingerprint);
    expect((await h.call('POST', `${C}/os-keypairs`, { keypair: { name: 'kp1' } })).body.conflictingRequest.message).toBe("Key pair 'kp1' already exists.");
    expect((await h.call('POST', `${C}/os-keypairs`, { keypair: { name: 'kp3', public_key: 'ssh-rsa garbage' } })).status).toBe(400);
    const list = await h.call('GET', `${C}/os-keypairs`);
    expect(list.body.keypairs.map((k: { keypair: { name: string } }) => k.keypair.name)).toEqual(['kp1', 'kp2']);
    expect((await h.call('GET', `${C}/os-keypairs`, undefined, { token: h.demoToken })).body.keypairs).toEqual([]);
    expect((await h.call('GET', `${C}/os-keypairs/kp1`)).body.keypair).toMatchObject({ name: 'kp1', deleted: false, id: expect.any(Number) });
    expect((await h.call('DELETE', `${C}/os-keypairs/kp1`)).status).toBe(202);
    expect((await h.call('DELETE', `${C}/os-keypairs/kp1`)).status).toBe(404);
  });

  it('shows quotas and limits, and only admins change them', async () => {
    const project = stableId('project', 'demo');
    const q = await h.call('GET', `${C}/os-quota-sets/${project}`, undefined, { token: h.demoToken });
    expect(q.body.quota_set).toMatchObject({ id: project, instances: 50, cores: 100, ram: 204800, key_pairs: 100, injected_files: 5, fixed_ips: -1 });
    expect((await h.call('GET', `${C}/os-quota-sets/${stableId('project', 'admin')}`, undefined, { token: h.demoToken })).status).toBe(403);
    expect((await h.call('PUT', `${C}/os-quota-sets/${project}`, { quota_set: { instances: 3 } }, { token: h.demoToken })).status).toBe(403);
    const set = await h.call('PUT', `${C}/os-quota-sets/${project}`, { quota_set: { instances: 3 } });
    expect(set.body.quota_set.instances).toBe(3);
    const limits = await h.call('GET', `${C}/limits`, undefined, { token: h.demoToken });
    expect(limits.body.limits.absolute).toMatchObject({ maxTotalInstances: 3, totalInstancesUsed: 0, maxTotalCores: 100 });
  });
});
