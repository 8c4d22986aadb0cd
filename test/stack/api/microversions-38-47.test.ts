// Microversions 2.38 to 2.47 over real HTTP: the status filter's 400 (2.38), image metadata gone
// (2.39), the aggregate uuid (2.41), device tags back (2.42), the floating/fixed IP actions gone
// (2.44), and the embedded flavor (2.47), each checked with tempest's schema of its version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLOUD } from '../../../stack/db/seed.js';
import { startHarness, type ApiHarness } from './api-harness.js';
import { tempestSchemaError } from './tempest-schema.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const C = '/compute/v2.1';
const at = (v: string) => ({ headers: { 'OpenStack-API-Version': `compute ${v}` } });
const NET = DEFAULT_CLOUD.network.id;

async function boot(name: string, v = '2.1', extra: Record<string, unknown> = {}): Promise<string> {
  const r = await h.call('POST', `${C}/servers`, { server: { name, imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: NET }], ...extra } }, at(v));
  expect(r.status, r.text).toBe(202);
  h.db.prepare("UPDATE instances SET vm_state = 'active', task_state = NULL, host = 'cmp1', node = 'cmp1', power_state = 1 WHERE uuid = ?").run(r.body.server.id);
  return r.body.server.id as string;
}

describe('microversions 2.38 to 2.47', () => {
  it('2.38: an unknown status is 400, an empty list before', async () => {
    await boot('st');
    expect((await h.call('GET', `${C}/servers?status=bogus`, undefined, at('2.37'))).body).toEqual({ servers: [] });
    const r = await h.call('GET', `${C}/servers/detail?status=bogus`, undefined, at('2.38'));
    expect(r.status).toBe(400);
    expect(r.body.badRequest.message).toBe('Invalid status value');
    expect((await h.call('GET', `${C}/servers?status=active`, undefined, at('2.38'))).body.servers.length).toBeGreaterThan(0);
  });

  it('2.39: image metadata answers up to 2.38 and a bare 404 from 2.39', async () => {
    const path = `${C}/images/${DEFAULT_CLOUD.image.id}/metadata`;
    expect((await h.call('GET', path, undefined, at('2.38'))).status).toBe(200);
    expect((await h.call('GET', path, undefined, at('2.39'))).status).toBe(404);
  });

  it('2.41: aggregates carry their uuid', async () => {
    const old = await h.call('POST', `${C}/os-aggregates`, { aggregate: { name: 'agg-old' } }, at('2.40'));
    expect(old.body.aggregate).not.toHaveProperty('uuid');
    const made = await h.call('POST', `${C}/os-aggregates`, { aggregate: { name: 'agg-41' } }, at('2.41'));
    expect(made.body.aggregate.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(tempestSchemaError('v2_41.aggregates.create_aggregate', made)).toBe('');
    const shown = await h.call('GET', `${C}/os-aggregates/${made.body.aggregate.id}`, undefined, at('2.41'));
    expect(shown.body.aggregate.uuid).toBe(made.body.aggregate.uuid);
    expect(tempestSchemaError('v2_41.aggregates.get_aggregate', shown)).toBe('');
    expect(tempestSchemaError('v2_41.aggregates.list_aggregates', await h.call('GET', `${C}/os-aggregates`, undefined, at('2.41')))).toBe('');
  });

  it('2.42: device tags on networks and block devices again', async () => {
    const root = { source_type: 'image', uuid: DEFAULT_CLOUD.image.id, destination_type: 'local', boot_index: 0 };
    const blank = { source_type: 'blank', destination_type: 'local', volume_size: 1, boot_index: -1, tag: 'scratch' };
    expect((await h.call('POST', `${C}/servers`, { server: { name: 't41', imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: NET, tag: 'nic' }] } }, at('2.41'))).status).toBe(400);
    const r = await h.call('POST', `${C}/servers`, { server: { name: 't42', imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: NET, tag: 'nic' }], block_device_mapping_v2: [root, blank] } }, at('2.42'));
    expect(r.status, r.text).toBe(202);
  });

  it('2.44: the floating and fixed IP actions are a bare 404', async () => {
    const id = await boot('ips');
    const before = await h.call('POST', `${C}/servers/${id}/action`, { addFloatingIp: { address: '10.0.0.9' } }, at('2.43'));
    expect(before.body.badRequest.message).toBe('There is no such action: addFloatingIp');
    for (const action of ['addFloatingIp', 'removeFloatingIp', 'addFixedIp', 'removeFixedIp']) {
      const r = await h.call('POST', `${C}/servers/${id}/action`, { [action]: {} }, at('2.44'));
      expect(r.status, action).toBe(404);
      expect(r.body.itemNotFound.message).toBe('The resource could not be found.');
    }
  });

  it('2.47: the flavor embedded in show, detail and PUT', async () => {
    const id = await boot('flv');
    const old = await h.call('GET', `${C}/servers/${id}`, undefined, at('2.46'));
    expect(old.body.server.flavor).toMatchObject({ id: '1' });
    const show = await h.call('GET', `${C}/servers/${id}`, undefined, at('2.47'));
    expect(show.body.server.flavor).toEqual({ vcpus: 1, ram: 512, disk: 1, ephemeral: 0, swap: 0, original_name: 'm1.tiny', extra_specs: {} });
    expect(tempestSchemaError('v2_47.servers.get_server', show)).toBe('');
    expect(tempestSchemaError('v2_47.servers.list_servers_detail', await h.call('GET', `${C}/servers/detail`, undefined, at('2.47')))).toBe('');
    const put = await h.call('PUT', `${C}/servers/${id}`, { server: { name: 'flv2' } }, at('2.47'));
    expect(put.body.server.flavor.original_name).toBe('m1.tiny');
    expect(tempestSchemaError('v2_47.servers.update_server', put)).toBe('');
  });
});
