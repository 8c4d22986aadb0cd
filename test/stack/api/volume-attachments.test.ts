// os-volume_attachments over real HTTP against the harness compute (a recording stand-in for the
// hosts) and the real cinder-lite: the RPC Nova sends (reserve_block_device_name call, then the
// attach_volume cast; detach_volume after begin_detaching), the mapping row, the volume's status,
// the instance action, Nova's refusals, and every answer against tempest's schema of its version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type ApiHarness } from './api-harness.js';
import { DEFAULT_CLOUD } from '../../../stack/db/seed.js';
import { tempestSchemaError } from './tempest-schema.js';
import { availableVolume, serverOnHost, volumeStatus as statusOf } from './server-volume-fixtures.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const C = '/compute/v2.1';
const at = (v: string, token?: string) => ({ headers: { 'OpenStack-API-Version': `compute ${v}` }, token });
const attachments = (server: string) => `${C}/servers/${server}/os-volume_attachments`;

const boot = (name: string, token?: string, state: { vm_state?: string; task_state?: string | null } = {}) => serverOnHost(h, name, token, state);
const volume = (token?: string) => availableVolume(h, token);
const volumeStatus = (id: string) => statusOf(h, id);
const bdms = (server: string) => h.db.prepare('SELECT volume_id, device_name, tag, attachment_id FROM block_device_mapping WHERE instance_uuid = ?').all(server) as
  { volume_id: string; device_name: string; tag: string | null; attachment_id: string | null }[];
const sent = (server: string, method: string) => h.recorded.filter((r) => r.method === method && r.args.uuid === server);

/** What the host does after the cast: the attachment gets a connector and is completed (the volume in-use). */
async function completeOnHost(attachmentId: string): Promise<void> {
  const mv = { headers: { 'OpenStack-API-Version': 'volume 3.44' }, token: h.cfg.serviceToken };
  expect((await h.call('PUT', `/volume/v3/attachments/${attachmentId}`, { attachment: { connector: { host: 'cmp1', mountpoint: '/dev/vdb' } } }, mv)).status).toBe(200);
  expect((await h.call('POST', `/volume/v3/attachments/${attachmentId}/action`, { 'os-complete': null }, mv)).status).toBe(204);
}

describe('attach and detach', () => {
  it('attach: reserve_block_device_name is called, the volume reserved, attach_volume cast; 200 with the device, in tempest\'s schema', async () => {
    const server = await boot('att1');
    const vol = await volume();
    const r = await h.call('POST', attachments(server), { volumeAttachment: { volumeId: vol } });
    expect(r.status, r.text).toBe(200);
    expect(r.body.volumeAttachment).toEqual({ id: vol, serverId: server, volumeId: vol, device: '/dev/vdb' });
    expect(tempestSchemaError('v2_1.servers.attach_volume', r)).toBe('');
    const [reserve] = sent(server, 'reserve_block_device_name');
    expect(reserve.args).toMatchObject({ volume_id: vol, device: null, tag: null });
    // A cast: the API answers without waiting for it to reach the (harness) compute.
    await expect.poll(() => sent(server, 'attach_volume').length).toBe(1);
    expect(h.recorded.indexOf(reserve)).toBeLessThan(h.recorded.indexOf(sent(server, 'attach_volume')[0]));
    const [bdm] = bdms(server);
    expect(bdm).toMatchObject({ volume_id: vol, device_name: '/dev/vdb' });
    expect(bdm.attachment_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await volumeStatus(vol)).toBe('reserved');
    const actions = await h.call('GET', `${C}/servers/${server}/os-instance-actions`);
    expect(actions.body.instanceActions[0]).toMatchObject({ action: 'attach_volume', request_id: r.headers.get('x-compute-request-id') });

    const list = await h.call('GET', attachments(server));
    expect(list.body.volumeAttachments).toEqual([{ id: vol, serverId: server, volumeId: vol, device: '/dev/vdb' }]);
    expect(tempestSchemaError('v2_1.servers.list_volume_attachments', list)).toBe('');
    const shown = await h.call('GET', `${attachments(server)}/${vol}`);
    expect(tempestSchemaError('v2_1.servers.show_volume_attachment', shown)).toBe('');
    expect(shown.body.volumeAttachment).toEqual({ id: vol, serverId: server, volumeId: vol, device: '/dev/vdb' });

    await completeOnHost(bdm.attachment_id!);
    const d = await h.call('DELETE', `${attachments(server)}/${vol}`);
    expect(d.status, d.text).toBe(202);
    expect(tempestSchemaError('v2_1.servers.detach_volume', d)).toBe('');
    expect(await volumeStatus(vol)).toBe('detaching');
    await expect.poll(() => sent(server, 'detach_volume').length).toBe(1);
    expect(sent(server, 'detach_volume')[0].args).toMatchObject({ volume_id: vol, attachment_id: bdm.attachment_id });
    expect((await h.call('GET', `${C}/servers/${server}/os-instance-actions`)).body.instanceActions[0].action).toBe('detach_volume');
  });

  it('2.49 takes a device tag, 2.70 shows it in attach, list and show (tempest\'s 2.70 schemas); 2.48 refuses it', async () => {
    const server = await boot('att-tag');
    const vol = await volume();
    const old = await h.call('POST', attachments(server), { volumeAttachment: { volumeId: vol, tag: 'db' } }, at('2.48'));
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toBe(`Invalid input for field/attribute volumeAttachment. Value: {'volumeId': '${vol}', 'tag': 'db'}. Additional properties are not allowed ('tag' was unexpected)`);
    const r = await h.call('POST', attachments(server), { volumeAttachment: { volumeId: vol, tag: 'db' } }, at('2.70'));
    expect(r.status, r.text).toBe(200);
    expect(r.body.volumeAttachment).toMatchObject({ tag: 'db' });
    expect(tempestSchemaError('v2_70.servers.attach_volume', r)).toBe('');
    expect(bdms(server)[0].tag).toBe('db');
    const list = await h.call('GET', attachments(server), undefined, at('2.70'));
    expect(list.body.volumeAttachments[0].tag).toBe('db');
    expect(tempestSchemaError('v2_70.servers.list_volume_attachments', list)).toBe('');
    const shown = await h.call('GET', `${attachments(server)}/${vol}`, undefined, at('2.70'));
    expect(tempestSchemaError('v2_70.servers.show_volume_attachment', shown)).toBe('');
    expect((await h.call('GET', `${attachments(server)}/${vol}`, undefined, at('2.69'))).body.volumeAttachment).not.toHaveProperty('tag');
  });

  it('a volume cinder refuses to reserve (status error) is 400 with cinder\'s words, and the mapping the host made is destroyed', async () => {
    const server = await boot('att-err');
    const vol = await volume();
    h.db.prepare("UPDATE volumes SET status = 'error' WHERE id = ?").run(vol);
    const r = await h.call('POST', attachments(server), { volumeAttachment: { volumeId: vol } });
    expect(r.status).toBe(400);
    expect(r.body.badRequest.message).toMatch(new RegExp(`^Invalid input received: Invalid volume: Volume ${vol} status must be available or downloading to reserve, but the current status is error\\. \\(HTTP 400\\) \\(Request-ID: req-[0-9a-f-]{36}\\)$`));
    expect(sent(server, 'reserve_block_device_name')).toHaveLength(1);
    expect(sent(server, 'attach_volume')).toHaveLength(0);
    expect(bdms(server)).toEqual([]);
  });

  it('shelved offloaded: 409 below 2.20; from 2.20 the API makes the mapping (no device) and completes the attachment, no RPC; detach removes both', async () => {
    const server = await boot('att-shelved', undefined, { vm_state: 'shelved_offloaded' });
    h.db.prepare('UPDATE instances SET host = NULL, node = NULL WHERE uuid = ?').run(server);
    const vol = await volume();
    const old = await h.call('POST', attachments(server), { volumeAttachment: { volumeId: vol } }, at('2.19'));
    expect([old.status, old.body.conflictingRequest?.message]).toEqual([409, `Cannot 'attach_volume' instance ${server} while it is in vm_state shelved_offloaded`]);
    expect((await h.call('POST', attachments(server), { volumeAttachment: { volumeId: vol, tag: 't' } }, at('2.70'))).body.badRequest.message)
      .toBe('Tagged volume attachment is not supported for shelved-offloaded instances.');
    const r = await h.call('POST', attachments(server), { volumeAttachment: { volumeId: vol } }, at('2.20'));
    expect(r.status, r.text).toBe(200);
    expect(r.body.volumeAttachment.device).toBeNull();
    expect(tempestSchemaError('v2_1.servers.attach_volume', r)).toBe('');
    expect(sent(server, 'reserve_block_device_name')).toHaveLength(0);
    expect(bdms(server)).toEqual([expect.objectContaining({ volume_id: vol, device_name: null })]);
    expect(await volumeStatus(vol)).toBe('in-use');
    const action = (await h.call('GET', `${C}/servers/${server}/os-instance-actions/${r.headers.get('x-compute-request-id')}`, undefined, at('2.20'))).body.instanceAction;
    expect(action.events.map((e: { event: string }) => e.event)).toEqual(['api_attach_volume']);
    const shown = await h.call('GET', `${attachments(server)}/${vol}`);
    expect(shown.body.volumeAttachment).not.toHaveProperty('device');
    expect((await h.call('DELETE', `${attachments(server)}/${vol}`, undefined, at('2.20'))).status).toBe(202);
    expect(bdms(server)).toEqual([]);
    expect(await volumeStatus(vol)).toBe('available');
    expect(sent(server, 'detach_volume')).toHaveLength(0);
  });
});

describe('refusals', () => {
  it.each([
    ['no volumeAttachment', {}, "'volumeAttachment' is a required property"],
    ['volumeId not a uuid', { volumeAttachment: { volumeId: 'abc' } }, "Invalid input for field/attribute volumeId. Value: abc. 'abc' is not a 'uuid'"],
    ['no volumeId', { volumeAttachment: { device: '/dev/vdc' } }, "Invalid input for field/attribute volumeAttachment. Value: {'device': '/dev/vdc'}. 'volumeId' is a required property"],
    ['a device match_device refuses', { volumeAttachment: { volumeId: '5b0c0000-0000-4000-8000-000000000001', device: 'vdc' } },
      "Invalid input for field/attribute device. Value: vdc. 'vdc' does not match '(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$'"],
  ])('%s: 400 with the validator\'s words', async (_name, body, message) => {
    const server = await boot('bad-body');
    const r = await h.call('POST', attachments(server), body);
    expect([r.status, r.body.badRequest?.message]).toEqual([400, message]);
  });

  it('a volume cinder does not know is 404; another project\'s server is 404; a mapping on a live server is 400', async () => {
    const server = await boot('refuse-1');
    const missing = '5b0c0000-0000-4000-8000-00000000dead';
    const r = await h.call('POST', attachments(server), { volumeAttachment: { volumeId: missing } });
    expect([r.status, r.body.itemNotFound?.message]).toEqual([404, `Volume ${missing} could not be found.`]);
    const vol = await volume(h.demoToken);
    const foreign = await h.call('POST', attachments(server), { volumeAttachment: { volumeId: vol } }, { token: h.demoToken });
    expect([foreign.status, foreign.body.itemNotFound?.message]).toEqual([404, `Instance ${server} could not be found.`]);
    const mine = await boot('refuse-mine', h.demoToken);
    expect((await h.call('POST', attachments(mine), { volumeAttachment: { volumeId: vol } }, { token: h.demoToken })).status).toBe(200);
    const other = await boot('refuse-other', h.demoToken);
    for (const target of [mine, other]) {
      const again = await h.call('POST', attachments(target), { volumeAttachment: { volumeId: vol } }, { token: h.demoToken });
      expect([again.status, again.body.badRequest?.message]).toEqual([400, `Invalid volume: volume ${vol} is already attached to instances: ${mine}`]);
    }
  });

  it('a locked server (409 for its owner), a server in a wrong state or with a task (409), as check_instance_lock and check_instance_state say', async () => {
    const vol = await volume(h.demoToken);
    const locked = await boot('locked', h.demoToken);
    h.db.prepare('UPDATE instances SET locked = 1 WHERE uuid = ?').run(locked);
    const l = await h.call('POST', attachments(locked), { volumeAttachment: { volumeId: vol } }, { token: h.demoToken });
    expect([l.status, l.body.conflictingRequest?.message]).toEqual([409, `Instance ${locked} is locked`]);
    const rescued = await boot('rescued', h.demoToken, { vm_state: 'rescued' });
    const s = await h.call('POST', attachments(rescued), { volumeAttachment: { volumeId: vol } }, { token: h.demoToken });
    expect([s.status, s.body.conflictingRequest?.message]).toEqual([409, `Cannot 'attach_volume' instance ${rescued} while it is in vm_state rescued`]);
    const busy = await boot('busy', h.demoToken, { task_state: 'rebooting' });
    const b = await h.call('POST', attachments(busy), { volumeAttachment: { volumeId: vol } }, { token: h.demoToken });
    expect([b.status, b.body.conflictingRequest?.message]).toEqual([409, `Cannot 'attach_volume' instance ${busy} while it is in task_state rebooting`]);
    expect(await volumeStatus(vol)).toBe('available');
  });

  it('detach: the root volume (400), a volume not attached (404), a volume not in-use (400 from begin_detaching)', async () => {
    const server = await boot('detach-refusals');
    const root = await volume();
    h.db.prepare(`INSERT INTO block_device_mapping (instance_uuid, boot_index, source_type, destination_type, volume_id, device_name, created_at)
      VALUES (?, 0, 'volume', 'volume', ?, '/dev/vda', '2027-01-01T00:00:00Z')`).run(server, root);
    const r = await h.call('DELETE', `${attachments(server)}/${root}`);
    expect([r.status, r.body.badRequest?.message]).toEqual([400, 'Cannot detach a root device volume']);
    const loose = await volume();
    const n = await h.call('DELETE', `${attachments(server)}/${loose}`);
    expect([n.status, n.body.itemNotFound?.message]).toEqual([404, `Instance ${server} is not attached to volume ${loose}`]);
    expect((await h.call('POST', attachments(server), { volumeAttachment: { volumeId: loose } })).status).toBe(200);
    const early = await h.call('DELETE', `${attachments(server)}/${loose}`);
    expect(early.status).toBe(400);
    expect(early.body.badRequest.message).toMatch(/^Invalid volume: Invalid input received: Invalid volume: Unable to detach volume\. Volume status must be 'in-use' and attach_status must be 'attached' to detach\. \(HTTP 400\) \(Request-ID: req-[0-9a-f-]{36}\)$/);
    expect(sent(server, 'detach_volume')).toHaveLength(0);
  });

  it('a boot without an image from a volume that is not bootable is 400 (os-set_bootable sets the flag)', async () => {
    const vol = await volume();
    const bdm = [{ boot_index: 0, uuid: vol, source_type: 'volume', destination_type: 'volume' }];
    const boot = () => h.call('POST', `${C}/servers`, { server: { name: 'nb', flavorRef: '1', networks: [{ uuid: DEFAULT_CLOUD.network.id }], block_device_mapping_v2: bdm } });
    const r = await boot();
    expect([r.status, r.body.badRequest?.message]).toEqual([400, `Block Device ${vol} is not bootable.`]);
    expect((await h.call('POST', `/volume/v3/volumes/${vol}/action`, { 'os-set_bootable': { bootable: true } })).status).toBe(200);
    expect((await h.call('GET', `/volume/v3/volumes/${vol}`)).body.volume.bootable).toBe('true');
    expect((await boot()).status).toBe(202);
  });

  it('PUT (swap) is the service role\'s alone; for it, cinder-lite\'s volumes are never migrating (409)', async () => {
    const server = await boot('swap');
    const vol = await volume();
    const body = { volumeAttachment: { volumeId: vol } };
    const admin = await h.call('PUT', `${attachments(server)}/${vol}`, body);
    expect([admin.status, admin.body.forbidden?.message]).toEqual([403, "Policy doesn't allow os_compute_api:os-volumes-attachments:swap to be performed."]);
    const svc = await h.call('PUT', `${attachments(server)}/${vol}`, body, { token: h.cfg.serviceToken });
    expect([svc.status, svc.body.conflictingRequest?.message]).toEqual([409, `volume ${vol} is not migrating; this API should only be called by Cinder`]);
    const gone = await h.call('PUT', `${attachments('5b0c0000-0000-4000-8000-00000000dead')}/${vol}`, body);
    expect(gone.status).toBe(404);
  });
});
