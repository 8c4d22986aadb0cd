// Microversions from 2.85 over real HTTP against the harness compute and the real cinder-lite,
// each version's request and answer changes in Nova's words (tempest 33 has no compute schema
// newer than v2_79, so the answers are checked field by field).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLOUD } from '../../../stack/db/seed.js';
import { startHarness, type ApiHarness } from './api-harness.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const C = '/compute/v2.1';
const at = (v: string, token?: string) => ({ headers: { 'OpenStack-API-Version': `compute ${v}` }, token });
const attachments = (server: string) => `${C}/servers/${server}/os-volume_attachments`;

async function boot(name: string, token?: string, vmState = 'active'): Promise<string> {
  const server = { name, imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: DEFAULT_CLOUD.network.id }] };
  const r = await h.call('POST', `${C}/servers`, { server }, { token });
  expect(r.status, r.text).toBe(202);
  h.db.prepare("UPDATE instances SET vm_state = ?, task_state = NULL, host = 'cmp1', node = 'cmp1', power_state = 1 WHERE uuid = ?").run(vmState, r.body.server.id);
  return r.body.server.id as string;
}

async function volume(token?: string): Promise<string> {
  const r = await h.call('POST', '/volume/v3/volumes', { volume: { size: 1, name: 'data' } }, { token });
  expect(r.status, r.text).toBe(202);
  const id = r.body.volume.id as string;
  for (let i = 0; i < 50 && (await volumeStatus(id)) === 'creating'; i++) await new Promise((res) => setTimeout(res, 50));
  return id;
}

const volumeStatus = async (id: string) => {
  const r = await h.call('GET', `/volume/v3/volumes/${id}?all_tenants=1`);
  return r.status === 404 ? 'gone' : r.body.volume.status as string;
};
const flag = (server: string, vol: string) => h.db.prepare('SELECT delete_on_termination FROM block_device_mapping WHERE instance_uuid = ? AND volume_id = ?').pluck().get(server, vol);

/** A demo server with one volume attached at 2.79 (delete_on_termination false, tag "data"). */
async function attached(name: string, vmState = 'active'): Promise<{ server: string; vol: string }> {
  const server = await boot(name, h.demoToken, vmState);
  if (vmState === 'shelved_offloaded') h.db.prepare('UPDATE instances SET host = NULL, node = NULL WHERE uuid = ?').run(server);
  const vol = await volume(h.demoToken);
  const r = await h.call('POST', attachments(server), { volumeAttachment: { volumeId: vol, ...(vmState === 'active' ? { tag: 'data' } : {}) } }, at('2.79', h.demoToken));
  expect(r.status, r.text).toBe(200);
  return { server, vol };
}

describe('2.85: PUT os-volume_attachments updates delete_on_termination', () => {
  it('the path\'s volumeId changes delete_on_termination (202, no body) with the GET answer\'s other keys unchanged; show answers it', async () => {
    const { server, vol } = await attached('dot85');
    const r = await h.call('PUT', `${attachments(server)}/${vol}`, { volumeAttachment: { volumeId: vol, delete_on_termination: true } }, at('2.85'));
    expect(r.status, r.text).toBe(202);
    expect(r.text).toBe('');
    expect(flag(server, vol)).toBe(1);
    const same = { volumeId: vol, id: vol, serverId: server, device: '/dev/vdb', tag: 'data', delete_on_termination: 'off' };
    expect((await h.call('PUT', `${attachments(server)}/${vol}`, { volumeAttachment: same }, at('2.85', h.demoToken))).status).toBe(202);
    expect(flag(server, vol)).toBe(0);
    const shown = await h.call('GET', `${attachments(server)}/${vol}`, undefined, at('2.85'));
    expect(shown.body.volumeAttachment.delete_on_termination).toBe(false);
  });

  it('another value of id, serverId, device or tag is "not mutable" (400); a volume the server lacks is 404; a bad boolean is the schema\'s 400', async () => {
    const { server, vol } = await attached('dot85b');
    const put = (a: Record<string, unknown>, v = '2.85') => h.call('PUT', `${attachments(server)}/${vol}`, { volumeAttachment: { volumeId: vol, ...a } }, at(v));
    const other = '0b6a1d2e-9c1f-4a6b-8e0d-3f2a1b4c5d6e';
    for (const [key, value] of [['id', other], ['serverId', other], ['device', '/dev/vdc'], ['tag', 'other']] as const) {
      const r = await put({ [key]: value, delete_on_termination: true });
      expect(r.status, key).toBe(400);
      expect(r.body.badRequest.message).toBe(`The ${key} property is not mutable`);
    }
    expect(flag(server, vol)).toBe(0);
    const bad = await put({ delete_on_termination: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.badRequest.message).toMatch(/^Invalid input for field\/attribute delete_on_termination\. Value: maybe\. 'maybe' is not one of \[True, /);
    const notUuid = await put({ serverId: 'abc' });
    expect(notUuid.body.badRequest.message).toBe("Invalid input for field/attribute serverId. Value: abc. 'abc' is not a 'uuid'");
    const extra = await put({ attachment_id: other });
    expect(extra.status).toBe(400);
    expect(extra.body.badRequest.message).toMatch(/Additional properties are not allowed \('attachment_id' was unexpected\)$/);
    const missing = await volume(h.demoToken);
    const nf = await h.call('PUT', `${attachments(server)}/${missing}`, { volumeAttachment: { volumeId: missing, delete_on_termination: true } }, at('2.85'));
    expect(nf.status).toBe(404);
    expect(nf.body.itemNotFound.message).toBe(`No volume Block Device Mapping with id ${missing}.`);
  });

  it('below 2.85 PUT is a swap: the new keys are refused and the owner is refused by the swap rule; from 2.85 another volumeId is still a swap', async () => {
    const { server, vol } = await attached('dot85c');
    const old = await h.call('PUT', `${attachments(server)}/${vol}`, { volumeAttachment: { volumeId: vol, delete_on_termination: true } }, at('2.84'));
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toMatch(/Additional properties are not allowed \('delete_on_termination' was unexpected\)$/);
    const same = await h.call('PUT', `${attachments(server)}/${vol}`, { volumeAttachment: { volumeId: vol } }, at('2.84'));
    expect(same.status).toBe(403);
    expect(same.body.forbidden.message).toBe("Policy doesn't allow os_compute_api:os-volumes-attachments:swap to be performed.");
    const other = await volume(h.demoToken);
    const swap = await h.call('PUT', `${attachments(server)}/${vol}`, { volumeAttachment: { volumeId: other, delete_on_termination: true } }, at('2.85'));
    expect(swap.status).toBe(403);
    expect(swap.body.forbidden.message).toBe("Policy doesn't allow os_compute_api:os-volumes-attachments:swap to be performed.");
    // Cinder's service user: the update is made, then the swap finds the volume not migrating.
    const svc = await h.call('PUT', `${attachments(server)}/${vol}`, { volumeAttachment: { volumeId: other, delete_on_termination: true } }, at('2.85', h.cfg.serviceToken));
    expect(svc.status).toBe(409);
    expect(svc.body.conflictingRequest.message).toBe(`volume ${vol} is not migrating; this API should only be called by Cinder`);
    expect(flag(server, vol)).toBe(1);
  });

  it('the deletion of the server honours the updated flag: the volume is deleted (a shelved-offloaded server, whose volumes the API lets go)', async () => {
    const { server, vol } = await attached('dot85d', 'shelved_offloaded');
    expect((await h.call('PUT', `${attachments(server)}/${vol}`, { volumeAttachment: { volumeId: vol, delete_on_termination: true } }, at('2.85'))).status).toBe(202);
    expect(await volumeStatus(vol)).toBe('in-use');
    expect((await h.call('DELETE', `${C}/servers/${server}`)).status).toBe(204);
    for (let i = 0; i < 100 && (await volumeStatus(vol)) !== 'gone'; i++) await new Promise((res) => setTimeout(res, 50));
    expect(await volumeStatus(vol)).toBe('gone');
  });
});
