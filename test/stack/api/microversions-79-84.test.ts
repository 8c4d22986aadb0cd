// Microversions from 2.79 over real HTTP against the harness compute and the real cinder-lite,
// each version's request and answer changes in Nova's words, checked with tempest's schema of
// the version where it has one (v2_79 is tempest 33's newest compute schema).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstanceDb } from '../../../stack/conductor/instance-db.js';
import { MigrationDb } from '../../../stack/conductor/migration-db.js';
import { DEFAULT_CLOUD } from '../../../stack/db/seed.js';
import { startHarness, type ApiHarness } from './api-harness.js';
import { tempestSchemaError } from './tempest-schema.js';
import { availableVolume, serverOnHost, volumeStatus as statusOf } from './server-volume-fixtures.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const C = '/compute/v2.1';
const at = (v: string, token?: string) => ({ headers: { 'OpenStack-API-Version': `compute ${v}` }, token });
const attachments = (server: string) => `${C}/servers/${server}/os-volume_attachments`;

const boot = (name: string, token?: string, vmState = 'active') => serverOnHost(h, name, token, { vm_state: vmState });
const volume = (token?: string) => availableVolume(h, token);
const volumeStatus = (id: string) => statusOf(h, id);
const flag = (server: string, vol: string) => h.db.prepare('SELECT delete_on_termination FROM block_device_mapping WHERE instance_uuid = ? AND volume_id = ?').pluck().get(server, vol);

describe('2.79: delete_on_termination on os-volume_attachments', () => {
  it('attach takes it and echoes it, the mapping keeps it, list and show answer it (tempest\'s v2_79 schemas)', async () => {
    const server = await boot('dot79');
    const vol = await volume();
    const r = await h.call('POST', attachments(server), { volumeAttachment: { volumeId: vol, delete_on_termination: true } }, at('2.79'));
    expect(r.status, r.text).toBe(200);
    expect(r.body.volumeAttachment).toEqual({ id: vol, serverId: server, volumeId: vol, device: '/dev/vdb', tag: null, delete_on_termination: true });
    expect(tempestSchemaError('v2_79.servers.attach_volume', r)).toBe('');
    expect(flag(server, vol)).toBe(1);
    const list = await h.call('GET', attachments(server), undefined, at('2.79'));
    expect(list.body.volumeAttachments).toEqual([{ id: vol, serverId: server, volumeId: vol, device: '/dev/vdb', tag: null, delete_on_termination: true }]);
    expect(tempestSchemaError('v2_79.servers.list_volume_attachments', list)).toBe('');
    const shown = await h.call('GET', `${attachments(server)}/${vol}`, undefined, at('2.79'));
    expect(shown.body.volumeAttachment.delete_on_termination).toBe(true);
    expect(tempestSchemaError('v2_79.servers.show_volume_attachment', shown)).toBe('');
    // Below 2.79 none of the answers has it.
    expect((await h.call('GET', `${attachments(server)}/${vol}`, undefined, at('2.78'))).body.volumeAttachment).not.toHaveProperty('delete_on_termination');
    expect((await h.call('GET', attachments(server), undefined, at('2.78'))).body.volumeAttachments[0]).not.toHaveProperty('delete_on_termination');
  });

  it('absent is false; a word bool_from_string reads is taken; anything else is parameter_types.boolean\'s 400; 2.78 refuses the key', async () => {
    const server = await boot('dot79b');
    const [v1, v2, v3] = [await volume(), await volume(), await volume()];
    const plain = await h.call('POST', attachments(server), { volumeAttachment: { volumeId: v1 } }, at('2.79'));
    expect(plain.body.volumeAttachment.delete_on_termination).toBe(false);
    expect(flag(server, v1)).toBe(0);
    const word = await h.call('POST', attachments(server), { volumeAttachment: { volumeId: v2, delete_on_termination: 'yes' } }, at('2.79'));
    expect(word.status, word.text).toBe(200);
    expect(flag(server, v2)).toBe(1);
    const bad = await h.call('POST', attachments(server), { volumeAttachment: { volumeId: v3, delete_on_termination: 'maybe' } }, at('2.79'));
    expect(bad.status).toBe(400);
    expect(bad.body.badRequest.message).toBe("Invalid input for field/attribute delete_on_termination. Value: maybe. 'maybe' is not one of [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no', 'n', 'f']");
    const old = await h.call('POST', attachments(server), { volumeAttachment: { volumeId: v3, delete_on_termination: true } }, at('2.78'));
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toBe(`Invalid input for field/attribute volumeAttachment. Value: {'volumeId': '${v3}', 'delete_on_termination': True}. Additional properties are not allowed ('delete_on_termination' was unexpected)`);
    expect(flag(server, v3)).toBeUndefined();
  });

  it('shelved offloaded: the API\'s own mapping keeps it; deleting the server lets the volume go and deletes it (the other one stays, available)', async () => {
    const server = await boot('dot79s', undefined, 'shelved_offloaded');
    h.db.prepare('UPDATE instances SET host = NULL, node = NULL WHERE uuid = ?').run(server);
    const [kept, dropped] = [await volume(), await volume()];
    expect((await h.call('POST', attachments(server), { volumeAttachment: { volumeId: kept } }, at('2.79'))).status).toBe(200);
    const r = await h.call('POST', attachments(server), { volumeAttachment: { volumeId: dropped, delete_on_termination: true } }, at('2.79'));
    expect(r.status, r.text).toBe(200);
    expect(r.body.volumeAttachment).toMatchObject({ device: null, delete_on_termination: true });
    expect(flag(server, dropped)).toBe(1);
    expect(await volumeStatus(dropped)).toBe('in-use');
    expect((await h.call('DELETE', `${C}/servers/${server}`)).status).toBe(204);
    expect(await volumeStatus(kept)).toBe('available');
    for (let i = 0; i < 50 && (await volumeStatus(dropped)) !== 'gone'; i++) await new Promise((res) => setTimeout(res, 50));
    expect(await volumeStatus(dropped)).toBe('gone');
    expect(h.db.prepare('SELECT COUNT(*) FROM block_device_mapping WHERE instance_uuid = ?').pluck().get(server)).toBe(0);
  });

  it('shelved offloaded detach deletes a delete_on_termination volume as _local_cleanup_bdm_volumes does', async () => {
    const server = await boot('dot79d', undefined, 'shelved_offloaded');
    h.db.prepare('UPDATE instances SET host = NULL, node = NULL WHERE uuid = ?').run(server);
    const vol = await volume();
    expect((await h.call('POST', attachments(server), { volumeAttachment: { volumeId: vol, delete_on_termination: '1' } }, at('2.79'))).status).toBe(200);
    expect((await h.call('DELETE', `${attachments(server)}/${vol}`, undefined, at('2.79'))).status).toBe(202);
    for (let i = 0; i < 50 && (await volumeStatus(vol)) !== 'gone'; i++) await new Promise((res) => setTimeout(res, 50));
    expect(await volumeStatus(vol)).toBe('gone');
  });
});

describe('2.80: user_id and project_id of migrations', () => {
  it('GET /os-migrations shows them and filters on them (single values); 2.79 refuses the filters and shows neither', async () => {
    const id = await boot('mig80');
    const migrations = new MigrationDb(h.db);
    const make = (user: string, project: string) => migrations.create({ instance_uuid: id, status: 'confirmed', migration_type: 'resize', source_compute: 'cmp1', dest_compute: 'cmp2',
      source_node: 'cmp1', dest_node: 'cmp2', old_instance_type_id: '1', new_instance_type_id: '2', user_id: user, project_id: project }).uuid;
    const [a, b, c] = [make('u-one', 'p-one'), make('u-two', 'p-one'), make('u-one', 'p-two')];
    const listed = async (v: string, query = '') => await h.call('GET', `${C}/os-migrations?instance_uuid=${id}${query}`, undefined, at(v));
    const uuids = async (query: string) => {
      const r = await listed('2.80', query);
      expect(r.status, r.text).toBe(200);
      return (r.body.migrations as { uuid: string }[]).map((m) => m.uuid);
    };
    const all = await listed('2.80');
    expect(all.body.migrations.map((m: { uuid: string; user_id: string; project_id: string }) => [m.uuid, m.user_id, m.project_id]))
      .toEqual([[c, 'u-one', 'p-two'], [b, 'u-two', 'p-one'], [a, 'u-one', 'p-one']]);
    expect(await uuids('&user_id=u-one')).toEqual([c, a]);
    expect(await uuids('&project_id=p-one')).toEqual([b, a]);
    expect(await uuids('&user_id=u-one&project_id=p-one')).toEqual([a]);
    expect(await uuids('&user_id=nobody')).toEqual([]);
    const twice = await listed('2.80', '&user_id=u-one&user_id=u-two');
    expect([twice.status, twice.body.badRequest?.message]).toEqual([400, "Invalid input for query parameters user_id. Value: ['u-one', 'u-two']. ['u-one', 'u-two'] is too long"]);
    const old = await listed('2.79', '&user_id=u-one');
    expect([old.status, old.body.badRequest?.message]).toEqual([400, "Additional properties are not allowed ('user_id' was unexpected)"]);
    const at79 = await listed('2.79');
    expect(at79.body.migrations[0]).not.toHaveProperty('user_id');
    expect(at79.body.migrations[0]).not.toHaveProperty('project_id');
    expect(tempestSchemaError('v2_59.migrations.list_migrations', at79)).toBe('');
  });

  it('the server\'s live migration in progress shows them in list and show from 2.80', async () => {
    const id = await boot('mig80live');
    const m = new MigrationDb(h.db).create({ instance_uuid: id, status: 'running', migration_type: 'live-migration', source_compute: 'cmp1', dest_compute: 'cmp2',
      source_node: 'cmp1', dest_node: 'cmp2', old_instance_type_id: '1', new_instance_type_id: '1', user_id: 'u-live', project_id: 'p-live' });
    const list = await h.call('GET', `${C}/servers/${id}/migrations`, undefined, at('2.80'));
    expect(list.body.migrations[0]).toMatchObject({ id: m.id, uuid: m.uuid, user_id: 'u-live', project_id: 'p-live' });
    const shown = await h.call('GET', `${C}/servers/${id}/migrations/${m.id}`, undefined, at('2.80'));
    expect(shown.body.migration).toMatchObject({ user_id: 'u-live', project_id: 'p-live' });
    expect((await h.call('GET', `${C}/servers/${id}/migrations/${m.id}`, undefined, at('2.79'))).body.migration).not.toHaveProperty('user_id');
  });
});

describe('2.81: POST /os-aggregates/{id}/images', () => {
  const IMAGE = DEFAULT_CLOUD.image.id;
  async function aggregate(name: string, hosts: string[]): Promise<number> {
    const r = await h.call('POST', `${C}/os-aggregates`, { aggregate: { name } });
    expect(r.status, r.text).toBe(200);
    for (const host of hosts) expect((await h.call('POST', `${C}/os-aggregates/${r.body.aggregate.id}/action`, { add_host: { host } })).status).toBe(200);
    return r.body.aggregate.id as number;
  }
  const cache = (id: number | string, body: unknown, v = '2.81', token?: string) => h.call('POST', `${C}/os-aggregates/${id}/images`, body, at(v, token));
  const casts = () => h.recorded.filter((r) => r.method === 'cache_images');

  it('202 without a body; the conductor gets cache_images with the aggregate\'s hosts and the image ids', async () => {
    const id = await aggregate('cache81', ['cmp1', 'cmp2']);
    const before = casts().length;
    const r = await cache(id, { cache: [{ id: IMAGE }] });
    expect(r.status, r.text).toBe(202);
    expect(r.text).toBe('');
    for (let i = 0; i < 50 && casts().length === before; i++) await new Promise((res) => setTimeout(res, 20));
    const sent = casts().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].topic).toBe('conductor');
    expect(sent[0].args).toEqual({ aggregate: { id, hosts: ['cmp1', 'cmp2'] }, image_ids: [IMAGE] });
  });

  it('Nova\'s refusals: below 2.81 the route is not there, non-admins 403, schema, id, duplicates, aggregate and image', async () => {
    const id = await aggregate('cache81bad', ['cmp1']);
    const before = casts().length;
    const refused = async (target: number | string, body: unknown, status: number) => {
      const r = await cache(target, body);
      expect(r.status, r.text).toBe(status);
      return (Object.values(r.body as Record<string, { message: string }>)[0]).message;
    };
    expect((await cache(id, { cache: [{ id: IMAGE }] }, '2.80')).status).toBe(404);
    const demo = await cache(id, { cache: [{ id: IMAGE }] }, '2.81', h.demoToken);
    expect([demo.status, demo.body.forbidden?.message]).toEqual([403, 'Policy doesn\'t allow compute:aggregates:images to be performed.']);
    expect(await refused(id, {}, 400)).toBe("'cache' is a required property");
    expect(await refused(id, { cache: [] }, 400)).toBe('Invalid input for field/attribute cache. Value: []. [] should be non-empty');
    expect(await refused(id, { cache: [{ id: IMAGE, name: 'x' }] }, 400)).toBe(`Invalid input for field/attribute 0. Value: {'id': '${IMAGE}', 'name': 'x'}. Additional properties are not allowed ('name' was unexpected)`);
    expect(await refused(id, { cache: [{ id: 'not-a-uuid' }] }, 400)).toBe("Invalid input for field/attribute id. Value: not-a-uuid. 'not-a-uuid' is not a 'uuid'");
    expect(await refused(id, { cache: [{ id: IMAGE }], extra: 1 }, 400)).toBe("Additional properties are not allowed ('extra' was unexpected)");
    expect(await refused('abc', { cache: [{ id: IMAGE }] }, 400)).toBe('Invalid input received: id must be an integer');
    expect(await refused(id, { cache: [{ id: IMAGE }, { id: IMAGE }] }, 400)).toBe('Duplicate images in request');
    expect(await refused(99999, { cache: [{ id: IMAGE }] }, 404)).toBe('Aggregate 99999 could not be found.');
    const unknown = '0b0b0b0b-0000-4000-8000-000000000000';
    expect(await refused(id, { cache: [{ id: IMAGE }, { id: unknown }] }, 400)).toBe(`Image ${unknown} could not be found.`);
    expect(casts().length).toBe(before);
  });
});

describe('2.82: accelerator-request-bound external events', () => {
  const send = (events: unknown[], v: string) => h.call('POST', `${C}/os-server-external-events`, { events }, at(v, h.cfg.serviceToken));
  const sent = (uuid: string) => h.recorded.filter((r) => r.method === 'external_instance_event' && r.args.uuid === uuid);

  it('accepted from 2.82 with the ARQ as tag and sent to the host, no instance action; below 2.82 the name is refused; no tag is 400 in the answer', async () => {
    const id = await boot('arq82');
    const arq = '6b1f3a4e-8a0c-4c2e-9a59-0a3f3f0c7a01';
    const r = await send([{ name: 'accelerator-request-bound', server_uuid: id, tag: arq }], '2.82');
    expect(r.status, r.text).toBe(200);
    expect(r.body.events).toEqual([{ name: 'accelerator-request-bound', server_uuid: id, tag: arq, status: 'completed', code: 200 }]);
    await expect.poll(() => sent(id).map((c) => [c.topic, c.args])).toEqual([['compute.cmp1', { uuid: id, name: 'accelerator-request-bound', tag: arq }]]);
    expect(h.log('nova-api.log')).toMatch(new RegExp(`INFO nova\\.api\\.openstack\\.compute\\.server_external_events \\[.*\\] Creating event accelerator-request-bound:${arq} for instance ${id} on cmp1`));
    expect(h.db.prepare('SELECT COUNT(*) FROM instance_actions WHERE instance_uuid = ? AND action != \'create\'').pluck().get(id)).toBe(0);

    const old = await send([{ name: 'accelerator-request-bound', server_uuid: id, tag: arq }], '2.81');
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toBe("Invalid input for field/attribute name. Value: accelerator-request-bound. 'accelerator-request-bound' is not one of ['network-changed', 'network-vif-plugged', 'network-vif-unplugged', 'network-vif-deleted', 'volume-extended', 'power-update']");
    const untagged = await send([{ name: 'accelerator-request-bound', server_uuid: id }], '2.82');
    expect(untagged.status).toBe(207);
    expect(untagged.body.events[0]).toMatchObject({ status: 'failed', code: 400 });
    expect(sent(id)).toHaveLength(1);
  });
});

describe('2.83: the server list filters users may use', () => {
  it('from 2.83 a user filters on key_name, power_state, vm_state, task_state, progress, dates, availability_zone, config_drive and user_id; below, they are dropped', async () => {
    const [a, b] = [await boot('f83-a', h.demoToken), await boot('f83-b', h.demoToken)];
    h.db.prepare("UPDATE instances SET key_name = 'k83', vm_state = 'stopped', power_state = 4, progress = 50, launched_at = '2031-05-06T07:08:09.000Z' WHERE uuid = ?").run(a);
    h.db.prepare("UPDATE instances SET key_name = 'other', task_state = 'rebooting', progress = 0 WHERE uuid = ?").run(b);
    const demoUser = h.db.prepare('SELECT user_id FROM instances WHERE uuid = ?').pluck().get(a) as string;
    const listed = async (query: string, v = '2.83', token = h.demoToken) => {
      const r = await h.call('GET', `${C}/servers/detail?name=^f83-&${query}`, undefined, at(v, token));
      expect(r.status, r.text).toBe(200);
      return (r.body.servers as { name: string }[]).map((s) => s.name).sort();
    };
    expect(await listed('key_name=k83')).toEqual(['f83-a']);
    expect(await listed('key_name=k8')).toEqual(['f83-a']);
    expect(await listed('power_state=4')).toEqual(['f83-a']);
    expect(await listed('vm_state=stopped')).toEqual(['f83-a']);
    expect(await listed('vm_state=stop')).toEqual([]);
    expect(await listed('task_state=rebooting')).toEqual(['f83-b']);
    expect(await listed('progress=5')).toEqual(['f83-a']);
    expect(await listed('launched_at=^2031-05-06 07:08')).toEqual(['f83-a']);
    expect(await listed(`created_at=^${new Date().getUTCFullYear()}-`)).toEqual(['f83-a', 'f83-b']);
    expect(await listed('terminated_at=2')).toEqual([]);
    expect(await listed('availability_zone=nova')).toEqual(['f83-a', 'f83-b']);
    expect(await listed('availability_zone=elsewhere')).toEqual([]);
    expect(await listed('config_drive=True')).toEqual([]);
    expect(await listed(`user_id=${demoUser}`)).toEqual(['f83-a', 'f83-b']);
    expect(await listed('user_id=someone-else')).toEqual([]);
    // status replaces vm_state, and task_state when it names tasks (REBOOT); ACTIVE stands for every task, so task_state still applies.
    expect(await listed('status=REBOOT&task_state=none&vm_state=stopped')).toEqual(['f83-b']);
    h.db.prepare('UPDATE instances SET task_state = NULL WHERE uuid = ?').run(b);
    expect(await listed('status=ACTIVE&vm_state=stopped')).toEqual(['f83-b']);
    expect(await listed('status=ACTIVE&task_state=rebooting')).toEqual([]);
    // Below 2.83 a user's filters are dropped; an admin has them at every version.
    expect(await listed('key_name=k83', '2.82')).toEqual(['f83-a', 'f83-b']);
    expect(await listed('power_state=4&vm_state=stopped', '2.1')).toEqual(['f83-a', 'f83-b']);
    expect(await listed('all_tenants=1&key_name=k83', '2.1', h.adminToken)).toEqual(['f83-a']);
    const summary = await h.call('GET', `${C}/servers?name=^f83-&key_name=k83`, undefined, at('2.83', h.demoToken));
    expect(summary.body.servers.map((s: { id: string }) => s.id)).toEqual([a]);
  });
});

describe('2.84: details of instance action events', () => {
  it('from 2.84 admins see each event\'s details: a Nova exception\'s message, another exception\'s class name, null for success', async () => {
    const id = await boot('details84', h.demoToken);
    const db = new InstanceDb(h.db);
    const ctx = { requestId: 'req-84000000-0000-4000-8000-000000000084' };
    h.db.prepare("INSERT INTO instance_actions (instance_uuid, action, request_id, user_id, project_id, start_time) SELECT uuid, 'stop', ?, user_id, project_id, created_at FROM instances WHERE uuid = ?").run(ctx.requestId, id);
    const tb = (last: string) => `Traceback (most recent call last):\n  File "/usr/lib/python3/dist-packages/nova/compute/manager.py", line 1, in f\n    g()\n${last}\n`;
    db.eventStart(id, ctx.requestId, 'compute_stop_instance', 'cmp1');
    db.eventFinish(id, ctx.requestId, 'compute_stop_instance', 'Error', tb('nova.exception.InstanceInvalidState: Instance is not in a valid state.'));
    db.eventStart(id, ctx.requestId, 'compute_power_update', 'cmp1');
    db.eventFinish(id, ctx.requestId, 'compute_power_update', 'Error', tb('NotImplementedError'));
    db.eventStart(id, ctx.requestId, 'compute_libvirt', 'cmp1');
    db.eventFinish(id, ctx.requestId, 'compute_libvirt', 'Error', tb(`libvirt.libvirtError: internal error: ${'x'.repeat(300)}`));
    db.eventStart(id, ctx.requestId, 'conductor_long', 'controller');
    db.eventFinish(id, ctx.requestId, 'conductor_long', 'Error', tb(`nova.exception.NoValidHost: No valid host was found. ${'é'.repeat(200)}`));
    db.eventStart(id, ctx.requestId, 'api_ok', 'controller');
    db.eventFinish(id, ctx.requestId, 'api_ok', 'Success', null);
    const shown = async (v: string, token?: string) => {
      const r = await h.call('GET', `${C}/servers/${id}/os-instance-actions/${ctx.requestId}`, undefined, at(v, token));
      expect(r.status, r.text).toBe(200);
      return r.body.instanceAction.events as Record<string, unknown>[];
    };
    const events = await shown('2.84');
    const long = `No valid host was found. ${'é'.repeat(200)}`;
    expect(events.map((e) => [e.event, e.details])).toEqual([
      ['compute_stop_instance', 'Instance is not in a valid state.'], ['compute_power_update', 'NotImplementedError'], ['compute_libvirt', 'libvirtError'],
      ['conductor_long', Buffer.from(long).subarray(0, 255).toString('utf8').replace(/\uFFFD$/, '')], ['api_ok', null]]);
    expect(Buffer.byteLength(events[3].details as string)).toBeLessThanOrEqual(255);
    expect(tempestSchemaError('v2_79.servers.show_instance_action', { status: 200, body: { instanceAction: { ...(await h.call('GET', `${C}/servers/${id}/os-instance-actions/${ctx.requestId}`, undefined, at('2.83'))).body.instanceAction } } })).toBe('');
    for (const e of await shown('2.83')) expect(e).not.toHaveProperty('details');
    // The owner sees the events from 2.51, but not their details (events:details is admins').
    for (const e of await shown('2.84', h.demoToken)) expect(e).not.toHaveProperty('details');
  });
});
