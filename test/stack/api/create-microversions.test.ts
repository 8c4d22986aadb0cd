// What POST /servers takes at each microversion from 2.32: device tags on networks (2.32 to
// 2.36) and on block devices (2.32 only), refused elsewhere with Nova's schema message;
// networks required from 2.37, as 'auto', 'none' or a list of network UUIDs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLOUD } from '../../../stack/db/seed.js';
import { startHarness, type ApiHarness } from './api-harness.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const C = '/compute/v2.1';
const at = (v: string) => ({ headers: { 'OpenStack-API-Version': `compute ${v}` } });
const create = (v: string, server: Record<string, unknown>) =>
  h.call('POST', `${C}/servers`, { server: { name: 'tagged', imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', ...server } }, at(v));
const NET = DEFAULT_CLOUD.network.id;
const ROOT = { source_type: 'image', uuid: DEFAULT_CLOUD.image.id, destination_type: 'local', boot_index: 0 };
const BLANK = { source_type: 'blank', destination_type: 'local', volume_size: 1, boot_index: -1 };

describe('device tags 2.32', () => {
  it('takes a tag on a network at 2.32 and keeps it in the request spec; refuses it at 2.31', async () => {
    const old = await create('2.31', { networks: [{ uuid: NET, tag: 'nic1' }] });
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toBe(`Invalid input for field/attribute 0. Value: {'uuid': '${NET}', 'tag': 'nic1'}. Additional properties are not allowed ('tag' was unexpected)`);
    const r = await create('2.32', { networks: [{ uuid: NET, tag: 'nic1' }] });
    expect(r.status, r.text).toBe(202);
    const spec = JSON.parse((h.db.prepare('SELECT request_spec FROM instances WHERE uuid = ?').get(r.body.server.id) as { request_spec: string }).request_spec);
    expect(spec).toMatchObject({ network_ids: [NET], network_tags: ['nic1'] });
    const bad = await create('2.32', { networks: [{ uuid: NET, tag: 'a/b' }] });
    expect(bad.body.badRequest.message).toBe("Invalid input for field/attribute tag. Value: a/b. 'a/b' does not match '^[^,/]*$'");
  });

  it('takes a tag on a block device at 2.32 only and stores it with the mapping', async () => {
    const r = await create('2.32', { networks: [{ uuid: NET }], block_device_mapping_v2: [ROOT, { ...BLANK, tag: 'scratch' }] });
    expect(r.status, r.text).toBe(202);
    expect(h.db.prepare('SELECT tag FROM block_device_mapping WHERE instance_uuid = ? AND tag IS NOT NULL').all(r.body.server.id)).toEqual([{ tag: 'scratch' }]);
    for (const v of ['2.31']) {
      const refused = await create(v, { networks: [{ uuid: NET }], block_device_mapping_v2: [ROOT, { ...BLANK, tag: 'scratch' }] });
      expect(refused.body.badRequest.message).toBe("Invalid input for field/attribute 1. Value: {'source_type': 'blank', 'destination_type': 'local', 'volume_size': 1, 'boot_index': -1, 'tag': 'scratch'}. Additional properties are not allowed ('tag' was unexpected)");
    }
  });
});

const specOf = (id: string) => JSON.parse((h.db.prepare('SELECT request_spec FROM instances WHERE uuid = ?').get(id) as { request_spec: string }).request_spec);

describe('networks 2.37', () => {
  it('requires networks; takes auto (the only network) and none (no network); item uuids must be UUIDs', async () => {
    const missing = await create('2.37', {});
    expect(missing.status).toBe(400);
    expect(missing.body.badRequest.message).toMatch(/^Invalid input for field\/attribute server\. Value: \{'name': 'tagged', .*\}\. 'networks' is a required property$/);
    expect((await create('2.36', {})).status).toBe(202);
    const auto = await create('2.37', { networks: 'auto' });
    expect(auto.status, auto.text).toBe(202);
    expect(specOf(auto.body.server.id).network_ids).toEqual([NET]);
    const none = await create('2.37', { networks: 'none' });
    expect(none.status, none.text).toBe(202);
    expect(specOf(none.body.server.id)).toMatchObject({ network_ids: [], no_allocate: true });
    const bad = await create('2.37', { networks: [{ uuid: 'private' }] });
    expect(bad.body.badRequest.message).toBe("Invalid input for field/attribute networks. Value: [{'uuid': 'private'}]. [{'uuid': 'private'}] is not valid under any of the given schemas");
    expect((await create('2.37', { networks: 'some' })).status).toBe(400);
    expect((await create('2.36', { networks: 'auto' })).body.badRequest.message).toBe("Invalid input for field/attribute networks. Value: auto. 'auto' is not of type 'array'");
    // The network tag is refused from 2.37 (until 2.42): the list no longer matches the schema.
    expect((await create('2.37', { networks: [{ uuid: NET, tag: 'nic1' }] })).body.badRequest.message).toContain('is not valid under any of the given schemas');
    expect((await create('2.36', { networks: [{ uuid: NET, tag: 'nic1' }] })).status).toBe(202);
  });
});

