// /servers/{id}/ips over real HTTP: the server's addresses by network label in the basic view,
// one network's list, 404s, each against tempest's schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLOUD } from '../../../stack/db/seed.js';
import { startHarness, type ApiHarness } from './api-harness.js';
import { tempestSchemaError } from './tempest-schema.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const C = '/compute/v2.1';

describe('server ips', () => {
  it('list and show the fixed addresses (version and addr only); another network or another project\'s server is 404', async () => {
    const r = await h.call('POST', `${C}/servers`, { server: { name: 'ips', imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: DEFAULT_CLOUD.network.id }] } });
    const id = r.body.server.id as string;
    const project = h.db.prepare('SELECT project_id FROM instances WHERE uuid = ?').pluck().get(id);
    const port = await h.call('POST', '/network/v2.0/ports', { port: { network_id: DEFAULT_CLOUD.network.id, device_id: id, device_owner: 'compute:nova', project_id: project } }, { token: h.cfg.serviceToken });
    const addr = port.body.port.fixed_ips[0].ip_address as string;
    const list = await h.call('GET', `${C}/servers/${id}/ips`);
    expect(list.status, list.text).toBe(200);
    expect(list.body).toEqual({ addresses: { private: [{ version: 4, addr }] } });
    expect(tempestSchemaError('v2_1.servers.list_addresses', list)).toBe('');
    const one = await h.call('GET', `${C}/servers/${id}/ips/private`);
    expect(one.body).toEqual({ private: [{ version: 4, addr }] });
    expect(tempestSchemaError('v2_1.servers.list_addresses_by_network', one)).toBe('');
    const other = await h.call('GET', `${C}/servers/${id}/ips/public`);
    expect([other.status, other.body.itemNotFound?.message]).toEqual([404, 'Instance is not a member of specified network']);
    expect((await h.call('GET', `${C}/servers/${id}/ips`, undefined, { token: h.demoToken })).status).toBe(404);
  });
});
