// glance-lite and neutron-lite over real HTTP, including the port flow of a boot: compute
// creates a port, binds it to its host, and neutron-lite reports network-vif-plugged back to
// the nova API, which casts it to that host.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failBindingOn } from '../../../stack/api/network/port-binding.js';
import { DEFAULT_CLOUD, stableId } from '../../../stack/db/seed.js';
import { startHarness, type ApiHarness } from './api-harness.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness({ decideBinding: failBindingOn(['cmp2']), vifPluggedDelayMs: 50 }); });
afterAll(async () => { await h?.close(); });

const IMAGE = DEFAULT_CLOUD.image;
const NET = DEFAULT_CLOUD.network;

describe('glance-lite', () => {
  it('lists its versions and images, filters by name, and answers 404 in plain text for names', async () => {
    const v = await h.call('GET', '/image', undefined, { token: null });
    expect(v.status).toBe(300);
    expect(v.body.versions[0]).toEqual({ id: 'v2.9', status: 'CURRENT', links: [{ rel: 'self', href: `${h.url}/image/v2/` }] });
    const byName = await h.call('GET', '/image/v2/images?name=cirros');
    expect(byName.body.images).toEqual([expect.objectContaining({ id: IMAGE.id, name: 'cirros', status: 'active', visibility: 'public', size: IMAGE.size })]);
    expect((await h.call('GET', '/image/v2/images?name=nope')).body.images).toEqual([]);
    const flat = await h.call('GET', `/image/v2/images/${IMAGE.id}`);
    expect(flat.body).toMatchObject({ id: IMAGE.id, name: 'cirros', disk_format: 'qcow2', file: `/v2/images/${IMAGE.id}/file` });
    const missing = await h.call('GET', '/image/v2/images/cirros');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('text/plain');
    expect(missing.text).toContain('No image found with ID cirros');
    await expect.poll(() => h.log('glance-api.log')).toMatch(/INFO eventlet\.wsgi\.server \[None req-\S+ \S+ \S+ - - default default\] 127\.0\.0\.1 - - \[\d\d\/\w{3}\/\d{4} [\d:]{8}\] "GET \/v2\/images\/cirros HTTP\/1\.1" 404 \d+ \d+\.\d{6}/);
  });

  it('sorts by sort_key/sort_dir, ties in creation order, and refuses a bad key or direction', async () => {
    const ids: string[] = [];
    for (const name of ['sort-b', 'sort-a', 'sort-c']) ids.push((await h.call('POST', '/image/v2/images', { name, disk_format: 'raw', container_format: 'bare', sort_probe: 'yes' })).body.id);
    const names = async (q: string) => (await h.call('GET', `/image/v2/images?sort_probe=yes${q}`)).body.images.map((i: { id: string; name: string }) => i.name);
    // All three are created within the same second or two: created_at ties keep creation order.
    expect(await names('&sort_key=created_at&sort_dir=asc')).toEqual(['sort-b', 'sort-a', 'sort-c']);
    expect(await names('')).toEqual(['sort-c', 'sort-a', 'sort-b']);
    expect(await names('&sort_key=name&sort_dir=asc')).toEqual(['sort-a', 'sort-b', 'sort-c']);
    expect((await h.call('GET', '/image/v2/images?sort_key=owner')).status).toBe(400);
    expect((await h.call('GET', '/image/v2/images?sort_dir=up')).status).toBe(400);
    for (const id of ids) expect((await h.call('DELETE', `/image/v2/images/${id}`)).status).toBe(204);
  });

  it('serves the image file: size bytes, the same on every download', async () => {
    const digest = async () => {
      const res = await fetch(`${h.url}/image/v2/images/${IMAGE.id}/file`, { headers: { 'X-Auth-Token': h.adminToken } });
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.length).toBe(IMAGE.size);
      return createHash('sha1').update(bytes).digest('hex');
    };
    expect(await digest()).toBe(await digest());
  });
});

describe('neutron-lite', () => {
  it('lists and shows networks and subnets, and answers NeutronError 404 for names', async () => {
    const list = await h.call('GET', '/network/v2.0/networks');
    expect(list.body.networks).toEqual([expect.objectContaining({ id: NET.id, name: 'private', subnets: [NET.subnet.id], status: 'ACTIVE' })]);
    expect((await h.call('GET', '/network/v2.0/networks?name=private')).body.networks).toHaveLength(1);
    expect((await h.call('GET', '/network/v2.0/networks?name=public')).body.networks).toHaveLength(0);
    const nf = await h.call('GET', '/network/v2.0/networks/private');
    expect(nf.body).toEqual({ NeutronError: { type: 'NetworkNotFound', message: 'Network private could not be found.', detail: '' } });
    const subnet = await h.call('GET', `/network/v2.0/subnets/${NET.subnet.id}`);
    expect(subnet.body.subnet).toMatchObject({ cidr: '10.0.0.0/24', gateway_ip: '10.0.0.1', allocation_pools: [{ start: '10.0.0.2', end: '10.0.0.254' }] });
    const quota = await h.call('GET', `/network/v2.0/quotas/${stableId('project', 'admin')}`);
    expect(Object.keys(quota.body.quota).sort()).toEqual(['floatingip', 'network', 'port', 'rbac_policy', 'router', 'security_group', 'security_group_rule', 'subnet', 'subnetpool']);
    await expect.poll(() => h.log('neutron-server.log')).toMatch(/INFO neutron\.wsgi \[None req-\S+ \S+ \S+ - - default default\] 127\.0\.0\.1 "GET \/v2\.0\/networks\/private HTTP\/1\.1" status: 404 {2}len: \d+ time: \d+\.\d{7}/);
  });

  it('creates a port, binds it, and reports network-vif-plugged to nova for the host', async () => {
    const server = await h.call('POST', '/compute/v2.1/servers', { server: { name: 'p1', imageRef: IMAGE.id, flavorRef: '1' } });
    const uuid = server.body.server.id;
    h.db.prepare("UPDATE instances SET host = 'cmp1', node = 'cmp1', task_state = 'networking' WHERE uuid = ?").run(uuid);
    const novaReq = 'req-11111111-2222-4333-8444-555555555555';
    const created = await h.call('POST', '/network/v2.0/ports', { port: { network_id: NET.id, device_id: uuid, device_owner: 'compute:nova', project_id: stableId('project', 'admin') } },
      { token: h.cfg.serviceToken, headers: { 'X-OpenStack-Request-ID': novaReq } });
    expect(created.status).toBe(201);
    const port = created.body.port;
    expect(port).toMatchObject({ network_id: NET.id, device_id: uuid, status: 'DOWN', 'binding:vif_type': 'unbound', fixed_ips: [{ subnet_id: NET.subnet.id, ip_address: '10.0.0.2' }] });
    expect(port.mac_address).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
    expect(h.log('neutron-server.log')).toContain(`[${novaReq} ${created.headers.get('x-openstack-request-id')}`);

    const bound = await h.call('PUT', `/network/v2.0/ports/${port.id}`, { port: { 'binding:host_id': 'cmp1', device_id: uuid, device_owner: 'compute:nova' } }, { token: h.cfg.serviceToken });
    expect(bound.body.port).toMatchObject({ status: 'ACTIVE', 'binding:host_id': 'cmp1', 'binding:vif_type': 'ovs' });
    await expect.poll(() => h.recorded.filter((r) => r.method === 'external_instance_event').map((r) => [r.topic, r.args]))
      .toContainEqual(['compute.cmp1', { uuid, name: 'network-vif-plugged', tag: port.id }]);
    await expect.poll(() => h.log('neutron-server.log')).toContain(`INFO neutron.notifiers.nova [-] Nova event response: {'server_uuid': '${uuid}', 'name': 'network-vif-plugged', 'status': 'completed', 'tag': '${port.id}', 'code': 200}`);
    expect(h.log('nova-api.log')).toContain(`Creating event network-vif-plugged:${port.id} for instance ${uuid} on cmp1`);

    const byDevice = await h.call('GET', `/network/v2.0/ports?device_id=${uuid}`);
    expect(byDevice.body.ports.map((p: { id: string }) => p.id)).toEqual([port.id]);
    const view = await h.call('GET', `/compute/v2.1/servers/${uuid}`);
    expect(view.body.server.addresses.private[0].addr).toBe('10.0.0.2');
    const second = await h.call('POST', '/network/v2.0/ports', { port: { network_id: NET.id } });
    expect(second.body.port.fixed_ips[0].ip_address).toBe('10.0.0.3');
    expect((await h.call('DELETE', `/network/v2.0/ports/${port.id}`)).status).toBe(204);
    expect((await h.call('GET', `/network/v2.0/ports/${port.id}`)).body.NeutronError.type).toBe('PortNotFound');
  });

  it('fails the binding where the decider says so, and sends no event', async () => {
    const created = await h.call('POST', '/network/v2.0/ports', { port: { network_id: NET.id, device_id: 'some-instance', device_owner: 'compute:nova' } });
    const before = h.recorded.filter((r) => r.method === 'external_instance_event').length;
    const bound = await h.call('PUT', `/network/v2.0/ports/${created.body.port.id}`, { port: { 'binding:host_id': 'cmp2' } });
    expect(bound.body.port).toMatchObject({ status: 'DOWN', 'binding:vif_type': 'binding_failed' });
    expect(h.log('neutron-server.log')).toContain(`ERROR neutron.plugins.ml2.managers`);
    expect(h.log('neutron-server.log')).toContain(`Failed to bind port ${created.body.port.id} on host cmp2 for vnic_type normal using segments`);
    await new Promise((r) => setTimeout(r, 150));
    expect(h.recorded.filter((r) => r.method === 'external_instance_event')).toHaveLength(before);
  });

  it('answers 404 for an unknown network on port create and 409 when the subnet is full', async () => {
    const nf = await h.call('POST', '/network/v2.0/ports', { port: { network_id: 'nope' } });
    expect(nf.body.NeutronError).toMatchObject({ type: 'NetworkNotFound' });
    h.db.prepare("INSERT INTO networks (id, name, created_at) VALUES ('tiny-net', 'tiny', '2026-01-01T00:00:00Z')").run();
    h.db.prepare("INSERT INTO subnets (id, network_id, name, cidr, gateway_ip) VALUES ('tiny-sub', 'tiny-net', 'tiny', '192.168.9.0/30', '192.168.9.1')").run();
    expect((await h.call('POST', '/network/v2.0/ports', { port: { network_id: 'tiny-net' } })).body.port.fixed_ips[0].ip_address).toBe('192.168.9.2');
    const full = await h.call('POST', '/network/v2.0/ports', { port: { network_id: 'tiny-net' } });
    expect(full.status).toBe(409);
    expect(full.body.NeutronError).toEqual({ type: 'IpAddressGenerationFailure', message: 'No more IP addresses available on network tiny-net.', detail: '' });
  });
});
