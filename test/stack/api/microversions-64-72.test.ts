// Microversions from 2.64 over real HTTP against the harness compute, each version's request and
// response changes in Nova's words, checked with tempest's schema of the version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MigrationDb } from '../../../stack/conductor/migration-db.js';
import { DEFAULT_CLOUD } from '../../../stack/db/seed.js';
import { startHarness, type ApiHarness } from './api-harness.js';
import { tempestSchemaError } from './tempest-schema.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const C = '/compute/v2.1';
const at = (v: string, token?: string) => ({ headers: { 'OpenStack-API-Version': `compute ${v}` }, token });

async function boot(name: string, v = '2.1', extra: Record<string, unknown> = {}, token?: string, hints?: Record<string, unknown>): Promise<string> {
  const server = { name, imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: DEFAULT_CLOUD.network.id }], ...extra };
  const r = await h.call('POST', `${C}/servers`, { server, ...(hints ? { 'os:scheduler_hints': hints } : {}) }, at(v, token));
  expect(r.status, r.text).toBe(202);
  h.db.prepare("UPDATE instances SET vm_state = 'active', task_state = NULL, host = 'cmp1', node = 'cmp1', power_state = 1 WHERE uuid = ?").run(r.body.server.id);
  return r.body.server.id as string;
}

describe('2.64: server groups have one policy and its rules', () => {
  const create = (v: string, group: Record<string, unknown>) => h.call('POST', `${C}/os-server-groups`, { server_group: { name: 'g64', ...group } }, at(v));

  it('create takes policy and rules; every answer has policy and rules, not policies and metadata', async () => {
    const made = await create('2.64', { policy: 'anti-affinity', rules: { max_server_per_host: 2 } });
    expect(made.status, made.text).toBe(200);
    expect(made.body.server_group).toMatchObject({ name: 'g64', policy: 'anti-affinity', rules: { max_server_per_host: 2 }, members: [] });
    expect(made.body.server_group).not.toHaveProperty('policies');
    expect(made.body.server_group).not.toHaveProperty('metadata');
    expect(tempestSchemaError('v2_64.server_groups.create_show_server_group', made)).toBe('');
    const id = made.body.server_group.id as string;
    const shown = await h.call('GET', `${C}/os-server-groups/${id}`, undefined, at('2.64'));
    expect(shown.body.server_group.rules).toEqual({ max_server_per_host: 2 });
    expect(tempestSchemaError('v2_64.server_groups.create_show_server_group', shown)).toBe('');
    const listed = await h.call('GET', `${C}/os-server-groups`, undefined, at('2.64'));
    expect(tempestSchemaError('v2_64.server_groups.list_server_groups', listed)).toBe('');
    // The same group at 2.63: policies and an empty metadata, no rules.
    const old = await h.call('GET', `${C}/os-server-groups/${id}`, undefined, at('2.63'));
    expect(old.body.server_group).toMatchObject({ policies: ['anti-affinity'], metadata: {} });
    expect(old.body.server_group).not.toHaveProperty('rules');
    // A digit string is taken (positive_integer) and shown as the integer InstanceGroup.rules makes it.
    const text = await create('2.64', { policy: 'anti-affinity', rules: { max_server_per_host: '3' } });
    expect(text.body.server_group.rules).toEqual({ max_server_per_host: 3 });
    // A group made below 2.64 has no rules.
    const legacy = await create('2.63', { policies: ['affinity'] });
    const legacyShown = await h.call('GET', `${C}/os-server-groups/${legacy.body.server_group.id}`, undefined, at('2.64'));
    expect(legacyShown.body.server_group).toMatchObject({ policy: 'affinity', rules: {} });
    for (const g of [id, text.body.server_group.id, legacy.body.server_group.id]) await h.call('DELETE', `${C}/os-server-groups/${g}`);
  });

  it('the request schema in jsonschema\'s words, and rules only for anti-affinity', async () => {
    const refused = async (v: string, group: Record<string, unknown>) => {
      const r = await create(v, group);
      expect(r.status, r.text).toBe(400);
      return r.body.badRequest.message as string;
    };
    expect(await refused('2.64', { policies: ['affinity'] })).toBe("Invalid input for field/attribute server_group. Value: {'name': 'g64', 'policies': ['affinity']}. 'policy' is a required property");
    expect(await refused('2.64', { policy: 'affinity', policies: ['affinity'] })).toBe("Invalid input for field/attribute server_group. Value: {'name': 'g64', 'policy': 'affinity', 'policies': ['affinity']}. Additional properties are not allowed ('policies' was unexpected)");
    expect(await refused('2.64', { policy: 'spread' })).toBe("Invalid input for field/attribute policy. Value: spread. 'spread' is not one of ['anti-affinity', 'affinity', 'soft-anti-affinity', 'soft-affinity']");
    expect(await refused('2.64', { policy: 'anti-affinity', rules: { max_server_per_host: 0 } })).toBe('Invalid input for field/attribute max_server_per_host. Value: 0. 0 is less than the minimum of 1');
    expect(await refused('2.64', { policy: 'anti-affinity', rules: { max_server_per_host: 'two' } })).toBe("Invalid input for field/attribute max_server_per_host. Value: two. 'two' does not match '^[0-9]*$'");
    expect(await refused('2.64', { policy: 'anti-affinity', rules: { max_server_per_host: 1.5 } })).toBe("Invalid input for field/attribute max_server_per_host. Value: 1.5. 1.5 is not of type 'integer', 'string'");
    expect(await refused('2.64', { policy: 'anti-affinity', rules: { spread: 2 } })).toBe("Invalid input for field/attribute rules. Value: {'spread': 2}. Additional properties are not allowed ('spread' was unexpected)");
    expect(await refused('2.64', { policy: 'affinity', rules: { max_server_per_host: 2 } })).toBe('Only anti-affinity policy supports rules.');
    // Below 2.64 policy is an additional property and policies is required.
    expect(await refused('2.63', { policy: 'affinity' })).toMatch(/^Invalid input for field\/attribute policies\./);
    // An empty rules object is no rule at all: soft policies take it.
    const soft = await create('2.64', { policy: 'soft-affinity', rules: {} });
    expect(soft.status).toBe(200);
    expect(soft.body.server_group.rules).toEqual({});
    await h.call('DELETE', `${C}/os-server-groups/${soft.body.server_group.id}`);
  });
});

describe('2.65: abort a live migration still queued or preparing', () => {
  it('400 below 2.65, 202 from 2.65 (live_migration_cancel recorded, live_migration_abort cast to the source); done ones stay refused', async () => {
    const id = await boot('mover65');
    h.db.prepare("UPDATE instances SET task_state = 'migrating' WHERE uuid = ?").run(id);
    const migrations = new MigrationDb(h.db);
    for (const status of ['queued', 'preparing']) {
      const m = migrations.create({ instance_uuid: id, status, migration_type: 'live-migration', source_compute: 'cmp1', dest_compute: 'cmp2', source_node: 'cmp1', dest_node: 'cmp2', old_instance_type_id: '1', new_instance_type_id: '1' });
      const old = await h.call('DELETE', `${C}/servers/${id}/migrations/${m.id}`, undefined, at('2.64'));
      expect(old.status).toBe(400);
      expect(old.body.badRequest.message).toBe(`Migration ${m.id} state of instance ${id} is ${status}. Cannot abort live migration while the migration is in this state.`);
      const r = await h.call('DELETE', `${C}/servers/${id}/migrations/${m.id}`, undefined, at('2.65'));
      expect(r.status, r.text).toBe(202);
      await expect.poll(() => h.recorded.filter((c) => c.method === 'live_migration_abort' && c.args.migration_id === m.id).map((c) => c.topic)).toEqual(['compute.cmp1']);
      migrations.update(m.id, { status: 'cancelled' });
    }
    const actions = h.db.prepare("SELECT action FROM instance_actions WHERE instance_uuid = ? AND action = 'live_migration_cancel'").all(id);
    expect(actions).toHaveLength(2);
    const done = migrations.create({ instance_uuid: id, status: 'completed', migration_type: 'live-migration', source_compute: 'cmp1', dest_compute: 'cmp2', source_node: 'cmp1', dest_node: 'cmp2', old_instance_type_id: '1', new_instance_type_id: '1' });
    expect((await h.call('DELETE', `${C}/servers/${id}/migrations/${done.id}`, undefined, at('2.65'))).status).toBe(400);
  });
});

describe('2.66: the changes-before filter', () => {
  it('GET /servers[/detail]: updated at or before it, deleted ones too; ignored below 2.66; since after before is 400', async () => {
    const [early, late, gone] = [await boot('cb66-early'), await boot('cb66-late'), await boot('cb66-gone')];
    const stamp = h.db.prepare('UPDATE instances SET updated_at = ? WHERE uuid = ?');
    stamp.run('2030-01-01T10:00:00.000Z', early);
    stamp.run('2030-01-03T10:00:00.000Z', late);
    h.db.prepare("UPDATE instances SET updated_at = '2030-01-02T10:00:00.000Z', deleted_at = '2030-01-02T10:00:00.000Z', vm_state = 'deleted' WHERE uuid = ?").run(gone);
    const names = async (v: string, query: string, path = 'servers') => {
      const r = await h.call('GET', `${C}/${path}?name=cb66&${query}`, undefined, at(v));
      expect(r.status, r.text).toBe(200);
      return (r.body.servers as { name: string }[]).map((s) => s.name).sort();
    };
    expect(await names('2.66', 'changes-before=2030-01-02T12:00:00Z')).toEqual(['cb66-early', 'cb66-gone']);
    expect(await names('2.66', 'changes-before=2030-01-02T10:00:00Z', 'servers/detail')).toEqual(['cb66-early', 'cb66-gone']);
    expect(await names('2.66', 'changes-since=2030-01-01T12:00:00Z&changes-before=2030-01-02T12:00:00Z')).toEqual(['cb66-gone']);
    const detail = await h.call('GET', `${C}/servers/detail?name=cb66&changes-before=2030-01-02T12:00:00Z`, undefined, at('2.66'));
    expect(detail.body.servers.find((s: { name: string }) => s.name === 'cb66-gone').status).toBe('DELETED');
    // Below 2.66 it is not a filter: the servers not deleted, whenever they changed.
    expect(await names('2.65', 'changes-before=2030-01-02T12:00:00Z')).toEqual(['cb66-early', 'cb66-late']);
    const reversed = await h.call('GET', `${C}/servers?changes-since=2030-01-03T00:00:00Z&changes-before=2030-01-02T00:00:00Z`, undefined, at('2.66'));
    expect(reversed.status).toBe(400);
    expect(reversed.body.badRequest.message).toBe('The value of changes-since must be less than or equal to changes-before.');
    const bad = await h.call('GET', `${C}/servers?changes-before=yesterday`, undefined, at('2.66'));
    expect(bad.body.badRequest.message).toBe("Invalid input for query parameters changes-before. Value: yesterday. 'yesterday' is not a 'date-time'");
  });

  it('os-instance-actions: changes-before on updated_at from 2.66, an additional property before', async () => {
    const id = await boot('cb66-actions');
    h.db.prepare("UPDATE instance_actions SET updated_at = '2030-02-01T00:00:00.000Z' WHERE instance_uuid = ?").run(id);
    h.db.prepare("INSERT INTO instance_actions (action, instance_uuid, request_id, user_id, project_id, start_time, updated_at) SELECT 'stop', instance_uuid, 'req-cb66-stop', user_id, project_id, '2030-02-03T00:00:00.000Z', '2030-02-03T00:00:00.000Z' FROM instance_actions WHERE instance_uuid = ?").run(id);
    const path = `${C}/servers/${id}/os-instance-actions`;
    const r = await h.call('GET', `${path}?changes-before=2030-02-02T00:00:00Z`, undefined, at('2.66'));
    expect(r.status, r.text).toBe(200);
    expect(r.body.instanceActions.map((a: { action: string }) => a.action)).toEqual(['create']);
    expect((await h.call('GET', `${path}?changes-before=2030-02-03T00:00:00Z`, undefined, at('2.66'))).body.instanceActions).toHaveLength(2);
    const old = await h.call('GET', `${path}?changes-before=2030-02-02T00:00:00Z`, undefined, at('2.65'));
    expect(old.body.badRequest.message).toBe("Additional properties are not allowed ('changes-before' was unexpected)");
    const reversed = await h.call('GET', `${path}?changes-since=2030-02-03T00:00:00Z&changes-before=2030-02-02T00:00:00Z`, undefined, at('2.66'));
    expect(reversed.body.badRequest.message).toBe('The value of changes-since must be less than or equal to changes-before.');
    const twice = await h.call('GET', `${path}?changes-before=2030-02-02T00:00:00Z&changes-before=2030-02-03T00:00:00Z`, undefined, at('2.66'));
    expect(twice.status).toBe(400);
  });

  it('GET /os-migrations: changes-before on updated_at from 2.66, an additional property before', async () => {
    const id = await boot('cb66-migrations');
    const migrations = new MigrationDb(h.db);
    const make = (updated: string) => {
      const m = migrations.create({ instance_uuid: id, status: 'confirmed', migration_type: 'resize', source_compute: 'cmp1', dest_compute: 'cmp2', source_node: 'cmp1', dest_node: 'cmp2', old_instance_type_id: '1', new_instance_type_id: '2' });
      h.db.prepare('UPDATE migrations SET updated_at = ? WHERE id = ?').run(updated, m.id);
      return m.uuid;
    };
    const [first, second] = [make('2030-03-01T00:00:00.000Z'), make('2030-03-03T00:00:00.000Z')];
    const listed = async (v: string, query: string) => await h.call('GET', `${C}/os-migrations?instance_uuid=${id}&${query}`, undefined, at(v));
    const r = await listed('2.66', 'changes-before=2030-03-02T00:00:00Z');
    expect(r.status, r.text).toBe(200);
    expect(r.body.migrations.map((m: { uuid: string }) => m.uuid)).toEqual([first]);
    expect(tempestSchemaError('v2_59.migrations.list_migrations', r)).toBe('');
    expect((await listed('2.66', 'changes-since=2030-03-02T00:00:00Z&changes-before=2030-03-03T00:00:00Z')).body.migrations.map((m: { uuid: string }) => m.uuid)).toEqual([second]);
    expect((await listed('2.65', 'changes-before=2030-03-02T00:00:00Z')).body.badRequest.message).toBe("Additional properties are not allowed ('changes-before' was unexpected)");
    expect((await listed('2.66', 'changes-since=2030-03-03T00:00:00Z&changes-before=2030-03-02T00:00:00Z')).body.badRequest.message).toBe('The value of changes-since must be less than or equal to changes-before.');
  });
});

describe('2.67: volume_type in block_device_mapping_v2', () => {
  const bfv = (extra: Record<string, unknown>) => ({ name: 'typed67', flavorRef: '1', networks: 'none',
    block_device_mapping_v2: [{ source_type: 'image', uuid: DEFAULT_CLOUD.image.id, destination_type: 'volume', volume_size: 1, boot_index: 0, ...extra }] });
  const create = (v: string, extra: Record<string, unknown>) => h.call('POST', `${C}/servers`, { server: bfv(extra) }, at(v));
  const typeOf = (id: string) => (h.db.prepare('SELECT volume_type FROM block_device_mapping WHERE instance_uuid = ? AND boot_index = 0').get(id) as { volume_type: string | null }).volume_type;

  it('an additional property below 2.67; from 2.67 cinder\'s type by name or id, kept by its name', async () => {
    const old = await create('2.66', { volume_type: '__DEFAULT__' });
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toMatch(/^Invalid input for field\/attribute 0\. Value: \{.*\}\. Additional properties are not allowed \('volume_type' was unexpected\)$/);
    const made = await h.call('POST', '/volume/v3/types', { volume_type: { name: 'gold67' } });
    expect(made.status, made.text).toBe(200);
    const gold = made.body.volume_type as { id: string; name: string };
    const byName = await create('2.67', { volume_type: 'gold67' });
    expect(byName.status, byName.text).toBe(202);
    expect(typeOf(byName.body.server.id)).toBe('gold67');
    const byId = await create('2.67', { volume_type: gold.id });
    expect(byId.status, byId.text).toBe(202);
    expect(typeOf(byId.body.server.id)).toBe('gold67');
    const none = await create('2.67', { volume_type: null });
    expect(none.status).toBe(202);
    expect(typeOf(none.body.server.id)).toBeNull();
  });

  it('an unknown type is 400 VolumeTypeNotFound; the schema in jsonschema\'s words', async () => {
    const missing = await create('2.67', { volume_type: 'platinum' });
    expect(missing.status).toBe(400);
    expect(missing.body.badRequest.message).toBe('Volume type platinum could not be found.');
    expect((await create('2.67', { volume_type: 5 })).body.badRequest.message).toBe("Invalid input for field/attribute volume_type. Value: 5. 5 is not of type 'string', 'null'");
    expect((await create('2.67', { volume_type: 'x'.repeat(256) })).body.badRequest.message).toMatch(/is too long$/);
    // BlockDeviceDict.from_api: no type for a local disk or an existing volume.
    const local = await h.call('POST', `${C}/servers`, { server: { ...bfv({}), imageRef: DEFAULT_CLOUD.image.id,
      block_device_mapping_v2: [{ source_type: 'blank', destination_type: 'local', volume_size: 1, volume_type: 'gold67' }] } }, at('2.67'));
    expect(local.body.badRequest.message).toBe('Block Device Mapping is Invalid: Specifying a volume_type with destination_type=local is not supported.');
    const existing = await create('2.67', { source_type: 'volume', uuid: '0b5d2c72-12cc-4ba6-a8d7-3ff5cc1d8cb8', volume_size: undefined, volume_type: 'gold67' });
    expect(existing.body.badRequest.message).toBe('Block Device Mapping is Invalid: Specifying volume type to existing volume is not supported.');
  });

  it('cinder-lite: volumes take a type by name or id and show it; types list, show, refuse duplicates and keep the default', async () => {
    const types = await h.call('GET', '/volume/v3/types', undefined, { token: h.demoToken });
    expect(types.status).toBe(200);
    expect(types.body.volume_types.map((t: { name: string }) => t.name)).toContain('__DEFAULT__');
    expect(types.body.volume_types[0]).not.toHaveProperty('extra_specs');
    const gold = types.body.volume_types.find((t: { name: string }) => t.name === 'gold67');
    const v363 = { headers: { 'OpenStack-API-Version': 'volume 3.63' } };
    const vol = await h.call('POST', '/volume/v3/volumes', { volume: { size: 1, volume_type: 'gold67' } }, v363);
    expect(vol.status, vol.text).toBe(202);
    expect(vol.body.volume).toMatchObject({ volume_type: 'gold67', volume_type_id: gold.id });
    const plain = await h.call('POST', '/volume/v3/volumes', { volume: { size: 1 } }, v363);
    expect((await h.call('POST', '/volume/v3/volumes', { volume: { size: 1 } })).body.volume).not.toHaveProperty('volume_type_id');
    expect(plain.body.volume).toMatchObject({ volume_type: '__DEFAULT__', volume_type_id: '00000000-0000-4000-8000-00000000000d' });
    const unknown = await h.call('POST', '/volume/v3/volumes', { volume: { size: 1, volume_type: 'platinum' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.itemNotFound.message).toBe('Volume type with name platinum could not be found.');
    expect((await h.call('POST', '/volume/v3/types', { volume_type: { name: 'gold67' } })).status).toBe(409);
    expect((await h.call('POST', '/volume/v3/types', { volume_type: { name: 'tin67' } }, { token: h.demoToken })).status).toBe(403);
    expect((await h.call('DELETE', '/volume/v3/types/00000000-0000-4000-8000-00000000000d')).body.badRequest.message)
      .toBe('The volume type 00000000-0000-4000-8000-00000000000d is a default volume type and cannot be deleted.');
    expect((await h.call('DELETE', `/volume/v3/types/${gold.id}`)).body.badRequest.message).toBe('Target volume type is still in use.');
  });
});

describe('2.68: no forced evacuate or live migration', () => {
  const lastCall = (method: string) => [...h.recorded].reverse().find((r) => r.topic === 'conductor' && r.method === method)!.args as Record<string, any>;
  const reset = (id: string) => h.db.prepare("UPDATE instances SET vm_state = 'active', task_state = NULL, host = 'cmp1', node = 'cmp1' WHERE uuid = ?").run(id);

  it('os-migrateLive: force is an additional property from 2.68; a host goes through the scheduler', async () => {
    const id = await boot('lm68');
    const live = (body: Record<string, unknown>, v: string) => h.call('POST', `${C}/servers/${id}/action`, { 'os-migrateLive': body }, at(v));
    // From 2.34 the API casts live_migrate_instance: wait for the harness conductor to have it.
    const calls = () => h.recorded.filter((r) => r.method === 'live_migrate_instance').length;
    const before = calls();
    expect((await live({ host: 'cmp2', block_migration: 'auto', force: true }, '2.67')).status).toBe(202);
    await expect.poll(calls).toBe(before + 1);
    expect(lastCall('live_migrate_instance').host).toBe('cmp2');
    reset(id);
    const forced = await live({ host: 'cmp2', block_migration: 'auto', force: true }, '2.68');
    expect(forced.status).toBe(400);
    expect(forced.body.badRequest.message).toBe("Invalid input for field/attribute os-migrateLive. Value: {'host': 'cmp2', 'block_migration': 'auto', 'force': True}. Additional properties are not allowed ('force' was unexpected)");
    expect((await live({ host: 'cmp2', block_migration: 'auto', force: false }, '2.68')).status).toBe(400);
    expect((await live({ host: 'cmp2', block_migration: 'auto' }, '2.68')).status).toBe(202);
    await expect.poll(calls).toBe(before + 2);
    expect(lastCall('live_migrate_instance')).toMatchObject({ host: null, request_spec: { requested_destination: { host: 'cmp2', node: 'cmp2' } } });
  });

  it('evacuate: force is an additional property from 2.68; a host goes through the scheduler', async () => {
    const id = await boot('ev68');
    h.db.prepare("UPDATE services SET forced_down = 1 WHERE host = 'cmp1' AND binary = 'nova-compute'").run();
    try {
      const calls = () => h.recorded.filter((r) => r.method === 'rebuild_instance').length;
      const before = calls();
      const forced = await h.call('POST', `${C}/servers/${id}/action`, { evacuate: { host: 'cmp2', force: true } }, at('2.68'));
      expect(forced.status).toBe(400);
      expect(forced.body.badRequest.message).toBe("Invalid input for field/attribute evacuate. Value: {'host': 'cmp2', 'force': True}. Additional properties are not allowed ('force' was unexpected)");
      expect((await h.call('POST', `${C}/servers/${id}/action`, { evacuate: { host: 'cmp2' } }, at('2.68'))).status).toBe(200);
      await expect.poll(calls).toBe(before + 1);
      expect(lastCall('rebuild_instance')).toMatchObject({ host: null, request_spec: { requested_destination: { host: 'cmp2', node: 'cmp2' } } });
    } finally {
      h.db.prepare("UPDATE services SET forced_down = 0 WHERE host = 'cmp1' AND binary = 'nova-compute'").run();
    }
  });
});

describe('2.70: device tags in os-interface', () => {
  it('list and show have each port\'s VirtualInterface tag from 2.70 (null without a record or a tag), in tempest\'s 2.70 schemas', async () => {
    const id = await boot('tags70');
    const port = async () => {
      const r = await h.call('POST', '/network/v2.0/ports', { port: { network_id: DEFAULT_CLOUD.network.id, device_id: id, device_owner: 'compute:nova', project_id: h.db.prepare('SELECT project_id FROM instances WHERE uuid = ?').pluck().get(id) } }, { token: h.cfg.serviceToken });
      expect(r.status, r.text).toBe(201);
      return r.body.port as { id: string; mac_address: string };
    };
    const [tagged, untagged, unrecorded] = [await port(), await port(), await port()];
    const vif = h.db.prepare("INSERT INTO virtual_interfaces (uuid, instance_uuid, address, network_id, tag, created_at) VALUES (?, ?, ?, ?, ?, '2027-01-01T00:00:00Z')");
    vif.run(tagged.id, id, tagged.mac_address, DEFAULT_CLOUD.network.id, 'nic-data');
    vif.run(untagged.id, id, untagged.mac_address, DEFAULT_CLOUD.network.id, null);
    const path = `${C}/servers/${id}/os-interface`;
    const old = await h.call('GET', path, undefined, at('2.69'));
    expect(old.body.interfaceAttachments.every((a: object) => !('tag' in a))).toBe(true);
    const list = await h.call('GET', path, undefined, at('2.70'));
    expect(list.status, list.text).toBe(200);
    const tags = Object.fromEntries(list.body.interfaceAttachments.map((a: { port_id: string; tag: string | null }) => [a.port_id, a.tag]));
    expect(tags).toEqual({ [tagged.id]: 'nic-data', [untagged.id]: null, [unrecorded.id]: null });
    expect(tempestSchemaError('v2_70.interfaces.list_interfaces', list)).toBe('');
    const shown = await h.call('GET', `${path}/${tagged.id}`, undefined, at('2.70'));
    expect(shown.body.interfaceAttachment).toMatchObject({ port_id: tagged.id, tag: 'nic-data' });
    expect(tempestSchemaError('v2_70.interfaces.get_create_interfaces', shown)).toBe('');
    expect((await h.call('GET', `${path}/${tagged.id}`, undefined, at('2.69'))).body.interfaceAttachment).not.toHaveProperty('tag');
  });
});

describe('2.71: server_groups in server show, PUT and rebuild', () => {
  it('the group the server belongs to ([] for none), not in the detailed list, in tempest\'s 2.71 schemas', async () => {
    const group = (await h.call('POST', `${C}/os-server-groups`, { server_group: { name: 'g71', policy: 'affinity' } }, at('2.71'))).body.server_group.id as string;
    const id = await boot('grouped71', '2.71', {}, undefined, { group });
    const loner = await boot('loner71', '2.71');
    const shown = await h.call('GET', `${C}/servers/${id}`, undefined, at('2.71'));
    expect(shown.body.server.server_groups).toEqual([group]);
    expect(tempestSchemaError('v2_71.servers.get_server', shown)).toBe('');
    expect((await h.call('GET', `${C}/servers/${loner}`, undefined, at('2.71'))).body.server.server_groups).toEqual([]);
    expect((await h.call('GET', `${C}/servers/${id}`, undefined, at('2.70'))).body.server).not.toHaveProperty('server_groups');
    const detail = await h.call('GET', `${C}/servers/detail?name=grouped71`, undefined, at('2.71'));
    expect(detail.body.servers[0]).not.toHaveProperty('server_groups');
    const updated = await h.call('PUT', `${C}/servers/${id}`, { server: { name: 'grouped71b' } }, at('2.71'));
    expect(updated.body.server.server_groups).toEqual([group]);
    expect(tempestSchemaError('v2_71.servers.update_server', updated)).toBe('');
    const rebuilt = await h.call('POST', `${C}/servers/${id}/action`, { rebuild: { imageRef: DEFAULT_CLOUD.image.id } }, at('2.71'));
    expect(rebuilt.status, rebuilt.text).toBe(202);
    expect(rebuilt.body.server.server_groups).toEqual([group]);
    expect(tempestSchemaError('v2_71.servers.rebuild_server_with_admin_pass', rebuilt)).toBe('');
  });
});

describe('2.72: ports with a resource request at boot', () => {
  it('nothing to serve: neutron-lite\'s ports have no resource_request (no QoS extension) and a boot takes no pre-created port at any version', async () => {
    const project = h.db.prepare("SELECT id FROM projects WHERE name = 'admin'").pluck().get() as string;
    const created = await h.call('POST', '/network/v2.0/ports', { port: { network_id: DEFAULT_CLOUD.network.id, project_id: project } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.port).not.toHaveProperty('resource_request');
    for (const v of ['2.71', '2.72']) {
      const r = await h.call('POST', `${C}/servers`, { server: { name: `port${v}`, imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ port: created.body.port.id }] } }, at(v));
      expect(r.status).toBe(400);
      expect(r.body.badRequest.message).toBe('Booting with a pre-created port is not supported by this stack; pass a network uuid.');
    }
  });
});
