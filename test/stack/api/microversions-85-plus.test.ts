// Microversions from 2.85 over real HTTP against the harness compute and the real cinder-lite,
// each version's request and answer changes in Nova's words (tempest 33 has no compute schema
// newer than v2_79, so the answers are checked field by field).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLOUD } from '../../../stack/db/seed.js';
import { startHarness, type ApiHarness } from './api-harness.js';
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

describe('2.86: flavor extra specs validated against Nova\'s validators', () => {
  const flavor = async (name: string): Promise<string> => {
    const r = await h.call('POST', `${C}/flavors`, { flavor: { name, ram: 512, vcpus: 1, disk: 1 } });
    expect(r.status, r.text).toBe(200);
    return r.body.flavor.id as string;
  };
  const specs = (id: string) => `${C}/flavors/${id}/os-extra_specs`;
  const refusal = async (id: string, extra: Record<string, string>, v = '2.86') => {
    const r = await h.call('POST', specs(id), { extra_specs: extra }, at(v));
    expect(r.status, r.text).toBe(400);
    return r.body.badRequest.message as string;
  };

  it('known specs with good values and names outside Nova\'s namespaces are kept (as tempest\'s FlavorMetadataValidation sets them)', async () => {
    const id = await flavor('es86');
    const good = { 'hw:cpu_policy': 'shared', 'foo:bar': 'baz', plain: 'x', 'hw:numa_nodes': '2', 'hw:numa_cpus.0': '0-1,^1', 'hw:mem_page_size': '2MiB',
      'resources:VCPU': '0', 'resources1:CUSTOM_GPU': '1', 'trait:HW_CPU_X86_AVX2': 'required', 'trait_g2:CUSTOM_FAST': 'forbidden',
      'hw:cpu_realtime': 'Yes', 'aggregate_instance_extra_specs:ssd': 'true', 'quota:disk_read_bytes_sec': '10240', 'group_policy': 'isolate' };
    const r = await h.call('POST', specs(id), { extra_specs: good }, at('2.86'));
    expect(r.status, r.text).toBe(200);
    expect(r.body.extra_specs).toEqual(good);
    const put = await h.call('PUT', `${specs(id)}/hw:cpu_policy`, { 'hw:cpu_policy': 'dedicated' }, at('2.86'));
    expect(put.status, put.text).toBe(200);
    expect((await h.call('GET', specs(id), undefined, at('2.86'))).body.extra_specs['hw:cpu_policy']).toBe('dedicated');
  });

  it('refuses bad values and unknown names in Nova\'s namespaces in Nova\'s words, before the flavor is looked up; 2.85 takes them all', async () => {
    const id = await flavor('es86b');
    expect(await refusal(id, { 'hw:cpu_policy': 'fast' })).toBe("Validation failed; 'fast' is not one of: dedicated, shared, mixed.");
    expect(await refusal(id, { 'hw:numa_nodes': 'two' })).toBe("Validation failed; 'two' is not a valid integer value.");
    expect(await refusal(id, { 'hw:numa_nodes': '0' })).toBe("Validation failed; '0' is less than the min value of '1'.");
    expect(await refusal(id, { 'hw:redirected_usb_ports': '16' })).toBe("Validation failed; '16' is greater than the max value of '15'.");
    expect(await refusal(id, { 'hw:cpu_realtime': 'maybe' })).toBe("Validation failed; 'maybe' is not a valid boolean-like value.");
    expect(await refusal(id, { 'hw:mem_page_size': 'huge' })).toBe("Validation failed; 'huge' is not of the format '(large|small|any|\\d+([kKMGT]i?)?(b|bit|B)?)'.");
    expect(await refusal(id, { 'resources:VCPU': 'x' })).toBe("Validation failed; 'x' is not a valid integer value.");
    expect(await refusal(id, { 'trait:HW_CPU_X86_AVX2': 'wanted' })).toBe("Validation failed; 'wanted' is not one of: required, forbidden.");
    expect(await refusal(id, { 'hw:cpu_polcy': 'shared' })).toBe("Validation failed; extra spec 'hw:cpu_polcy' does not appear to be a valid extra spec.");
    expect(await refusal(id, { 'trait:NOT_A_TRAIT': 'required' })).toBe("Validation failed; extra spec 'trait:NOT_A_TRAIT' does not appear to be a valid extra spec.");
    expect(await refusal(id, { 'resources:lowercase': '1' })).toBe("Validation failed; extra spec 'resources:lowercase' does not appear to be a valid extra spec.");
    const put = await h.call('PUT', `${specs(id)}/hw:numa_nodes`, { 'hw:numa_nodes': '-1' }, at('2.86'));
    expect(put.status).toBe(400);
    expect(put.body.badRequest.message).toBe("Validation failed; '-1' is less than the min value of '1'.");
    expect((await h.call('GET', specs(id), undefined, at('2.86'))).body.extra_specs).toEqual({});
    // The values are checked before the flavor is looked up.
    expect(await refusal('no-such-flavor', { 'hw:cpu_policy': 'fast' })).toBe("Validation failed; 'fast' is not one of: dedicated, shared, mixed.");
    const old = await h.call('POST', specs(id), { extra_specs: { 'hw:cpu_policy': 'fast', 'hw:cpu_polcy': 'x' } }, at('2.85'));
    expect(old.status, old.text).toBe(200);
  });
});

describe('2.87: rescue of a volume-backed server', () => {
  const placement = async (method: string, url: string, body: unknown) => await fetch(`http://127.0.0.1:${h.cfg.ports.placement}/placement${url}`, {
    method, body: JSON.stringify(body), headers: { 'X-Auth-Token': h.adminToken, 'OpenStack-API-Version': 'placement 1.20', 'Content-Type': 'application/json' },
  });
  /** A server booted from a volume (its root mapping on a volume) on cmp1, with its image. */
  const volumeBacked = async (name: string): Promise<string> => {
    const id = await boot(name);
    h.db.prepare("INSERT INTO block_device_mapping (instance_uuid, boot_index, source_type, destination_type, volume_id, delete_on_termination, created_at) VALUES (?, 0, 'image', 'volume', ?, 0, '2026-01-01T00:00:00Z')")
      .run(id, '6c1a0d7e-1f1b-4b7e-9d55-0c0d3e2f1a01');
    return id;
  };
  const rescue = (id: string, v: string, arg: Record<string, unknown> | null = null) => h.call('POST', `${C}/servers/${id}/action`, { rescue: arg }, at(v));
  const stableImage = () => {
    const id = '7d2b1e8f-2a2c-4c8f-8e66-1d1e4f3a2b02';
    h.db.prepare("INSERT OR IGNORE INTO images (id, name, status, properties, created_at, updated_at) VALUES (?, 'stable-rescue', 'active', ?, '2026-01-01', '2026-01-01')")
      .run(id, JSON.stringify({ hw_rescue_bus: 'virtio', hw_rescue_device: 'disk' }));
    return id;
  };

  it('below 2.87 it is refused (400) and nothing is recorded; an image-backed server is rescued as before', async () => {
    const id = await volumeBacked('bfv86');
    const r = await rescue(id, '2.86', { rescue_image_ref: stableImage() });
    expect(r.status).toBe(400);
    expect(r.body.badRequest.message).toBe(`Instance ${id} cannot be rescued: Cannot rescue a volume-backed instance`);
    expect(h.db.prepare('SELECT task_state FROM instances WHERE uuid = ?').pluck().get(id)).toBeNull();
    expect(h.db.prepare("SELECT COUNT(*) FROM instance_actions WHERE instance_uuid = ? AND action = 'rescue'").pluck().get(id)).toBe(0);
    const plain = await boot('img86');
    const ok = await rescue(plain, '2.86');
    expect(ok.status, ok.text).toBe(200);
    expect(h.db.prepare('SELECT task_state FROM instances WHERE uuid = ?').pluck().get(plain)).toBe('rescuing');
  });

  it('from 2.87: without a stable-rescue image still refused; with one, refused on a host without COMPUTE_RESCUE_BFV, rescued on one with it', async () => {
    const id = await volumeBacked('bfv87');
    const legacy = await rescue(id, '2.87');
    expect(legacy.status, legacy.text).toBe(400);
    expect(legacy.body.badRequest.message).toBe(`Instance ${id} cannot be rescued: Cannot rescue a volume-backed instance`);
    const image = stableImage();
    const noTrait = await rescue(id, '2.87', { rescue_image_ref: image });
    expect(noTrait.status).toBe(400);
    expect(noTrait.body.badRequest.message).toBe(`Instance ${id} cannot be rescued: Host unable to rescue a volume-backed instance`);
    const node = h.db.prepare("SELECT uuid FROM compute_nodes WHERE host = 'cmp1'").pluck().get() as string;
    expect((await placement('POST', '/resource_providers', { name: 'cmp1', uuid: node })).status).toBe(200);
    expect((await placement('PUT', `/resource_providers/${node}/traits`, { resource_provider_generation: 0, traits: ['COMPUTE_RESCUE_BFV'] })).status).toBe(200);
    const r = await rescue(id, '2.87', { rescue_image_ref: image, adminPass: 'rescue-pw' });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ adminPass: 'rescue-pw' });
    expect(h.db.prepare('SELECT task_state FROM instances WHERE uuid = ?').pluck().get(id)).toBe('rescuing');
    expect((await rescue(await volumeBacked('bfv86b'), '2.86', { rescue_image_ref: image })).status).toBe(400);
  });
});

describe('2.88: os-hypervisors without the resource figures, with the uptime', () => {
  const GONE = ['cpu_info', 'current_workload', 'free_disk_gb', 'free_ram_mb', 'disk_available_least', 'local_gb', 'local_gb_used',
    'memory_mb', 'memory_mb_used', 'running_vms', 'vcpus', 'vcpus_used'];
  const UPTIME = ' 10:00:00 up 1 day,  2:03,  1 user,  load average: 0.10, 0.05, 0.01\n';
  const uptimeCalls = () => h.recorded.filter((r) => r.method === 'get_host_uptime').length;

  it('detail and show have exactly the 2.88 keys, the uptime the host answers (a call), and null for a host that is down', async () => {
    const before = uptimeCalls();
    const list = await h.call('GET', `${C}/os-hypervisors/detail`, undefined, at('2.88'));
    expect(list.status, list.text).toBe(200);
    for (const hv of list.body.hypervisors as Record<string, unknown>[]) {
      expect(Object.keys(hv).sort()).toEqual(['host_ip', 'hypervisor_hostname', 'hypervisor_type', 'hypervisor_version', 'id', 'service', 'state', 'status', 'uptime']);
      expect(hv.uptime).toBe(hv.state === 'up' ? UPTIME : null);
    }
    expect(uptimeCalls() - before).toBe((list.body.hypervisors as { state: string }[]).filter((x) => x.state === 'up').length);
    const up = (list.body.hypervisors as { id: string; state: string }[]).find((x) => x.state === 'up')!;
    const shown = await h.call('GET', `${C}/os-hypervisors/${up.id}`, undefined, at('2.88'));
    expect(shown.body.hypervisor.uptime).toBe(UPTIME);
    for (const key of GONE) expect(shown.body.hypervisor).not.toHaveProperty(key);
    const seen = h.db.prepare("SELECT updated_at, last_seen_up FROM services WHERE host = 'cmp1' AND binary = 'nova-compute'").get() as { updated_at: string; last_seen_up: string | null };
    h.db.prepare("UPDATE services SET updated_at = '2000-01-01 00:00:00', last_seen_up = '2000-01-01 00:00:00' WHERE host = 'cmp1' AND binary = 'nova-compute'").run();
    const cmp1 = (list.body.hypervisors as { id: string; hypervisor_hostname: string }[]).find((x) => x.hypervisor_hostname === 'cmp1')!;
    const down = await h.call('GET', `${C}/os-hypervisors/${cmp1.id}`, undefined, at('2.88'));
    expect(down.body.hypervisor).toMatchObject({ state: 'down', uptime: null });
    const old = await h.call('GET', `${C}/os-hypervisors/${cmp1.id}/uptime`, undefined, at('2.87'));
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toBe('Compute service of cmp1 is unavailable at this time.');
    h.db.prepare("UPDATE services SET updated_at = ?, last_seen_up = ? WHERE host = 'cmp1' AND binary = 'nova-compute'").run(seen.updated_at, seen.last_seen_up);
  });

  it('statistics and the uptime route are 404 from 2.88; 2.87 keeps the figures and both routes (the uptime from the host)', async () => {
    const stats = await h.call('GET', `${C}/os-hypervisors/statistics`, undefined, at('2.88'));
    expect(stats.status).toBe(404);
    const list = await h.call('GET', `${C}/os-hypervisors/detail`, undefined, at('2.87'));
    const hv = (list.body.hypervisors as Record<string, unknown>[])[0];
    for (const key of GONE) expect(hv).toHaveProperty(key);
    expect(hv).not.toHaveProperty('uptime');
    expect((await h.call('GET', `${C}/os-hypervisors/${String(hv.id)}/uptime`, undefined, at('2.88'))).status).toBe(404);
    const old = await h.call('GET', `${C}/os-hypervisors/${String(hv.id)}/uptime`, undefined, at('2.87'));
    expect(old.status, old.text).toBe(200);
    expect(old.body.hypervisor.uptime).toBe(UPTIME);
    expect((await h.call('GET', `${C}/os-hypervisors/statistics`, undefined, at('2.87'))).body.hypervisor_statistics).toHaveProperty('vcpus');
  });
});

describe('2.89: attachment_id and bdm_uuid in os-volume_attachments', () => {
  it('list and show answer the mapping\'s cinder attachment and uuid and no id; 2.88 answers id; attach\'s answer keeps id', async () => {
    const { server, vol } = await attached('att89');
    const row = h.db.prepare('SELECT uuid, attachment_id FROM block_device_mapping WHERE instance_uuid = ? AND volume_id = ?').get(server, vol) as { uuid: string; attachment_id: string };
    expect(row.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row.attachment_id).toMatch(/^[0-9a-f-]{36}$/);
    const want = { volumeId: vol, serverId: server, device: '/dev/vdb', tag: 'data', delete_on_termination: false, attachment_id: row.attachment_id, bdm_uuid: row.uuid };
    const shown = await h.call('GET', `${attachments(server)}/${vol}`, undefined, at('2.89', h.demoToken));
    expect(shown.status, shown.text).toBe(200);
    expect(shown.body.volumeAttachment).toEqual(want);
    const list = await h.call('GET', attachments(server), undefined, at('2.89', h.demoToken));
    expect(list.body.volumeAttachments).toEqual([want]);
    const old = await h.call('GET', `${attachments(server)}/${vol}`, undefined, at('2.88', h.demoToken));
    expect(old.body.volumeAttachment).toEqual({ id: vol, volumeId: vol, serverId: server, device: '/dev/vdb', tag: 'data', delete_on_termination: false });
    const other = await volume(h.demoToken);
    const added = await h.call('POST', attachments(server), { volumeAttachment: { volumeId: other } }, at('2.89', h.demoToken));
    expect(added.status, added.text).toBe(200);
    expect(added.body.volumeAttachment).toMatchObject({ id: other, volumeId: other, serverId: server });
    expect(added.body.volumeAttachment).not.toHaveProperty('bdm_uuid');
    const uuids = h.db.prepare('SELECT uuid FROM block_device_mapping WHERE instance_uuid = ?').pluck().all(server);
    expect(new Set(uuids).size).toBe(2);
  });
});

describe('2.90: hostname on create, update and rebuild, shown to the owner', () => {
  const HN = "^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$";
  const hostnameOf = (id: string) => h.db.prepare('SELECT hostname FROM instances WHERE uuid = ?').pluck().get(id);
  const create = (v: string, extra: Record<string, unknown>) => h.call('POST', `${C}/servers`, { server: {
    name: 'My Server', imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: DEFAULT_CLOUD.network.id }], ...extra } }, at(v, h.demoToken));

  it('create takes it for one instance (the display name\'s hostname otherwise) and the owner sees it; 2.89 refuses it and hides it from the owner', async () => {
    const r = await create('2.90', { hostname: 'web-01' });
    expect(r.status, r.text).toBe(202);
    const id = r.body.server.id as string;
    expect(hostnameOf(id)).toBe('web-01');
    const shown = await h.call('GET', `${C}/servers/${id}`, undefined, at('2.90', h.demoToken));
    expect(shown.body.server['OS-EXT-SRV-ATTR:hostname']).toBe('web-01');
    expect(shown.body.server).not.toHaveProperty('OS-EXT-SRV-ATTR:host');
    const listed = await h.call('GET', `${C}/servers/detail`, undefined, at('2.90', h.demoToken));
    expect((listed.body.servers as Record<string, unknown>[]).find((s) => s.id === id)!['OS-EXT-SRV-ATTR:hostname']).toBe('web-01');
    expect((await h.call('GET', `${C}/servers/${id}`, undefined, at('2.89', h.demoToken))).body.server).not.toHaveProperty('OS-EXT-SRV-ATTR:hostname');
    expect((await h.call('GET', `${C}/servers/${id}`, undefined, at('2.90'))).body.server['OS-EXT-SRV-ATTR:hostname']).toBe('web-01');
    const plain = await create('2.90', {});
    expect(hostnameOf(plain.body.server.id)).toBe('my-server');
    const old = await create('2.89', { hostname: 'web-01' });
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toMatch(/Additional properties are not allowed \('hostname' was unexpected\)$/);
  });

  it('the schema\'s refusals and one hostname for several instances, in Nova\'s words', async () => {
    const msg = async (extra: Record<string, unknown>) => {
      const r = await create('2.90', extra);
      expect(r.status, r.text).toBe(400);
      return r.body.badRequest.message as string;
    };
    expect(await msg({ hostname: 'web_01' })).toBe(`Invalid input for field/attribute hostname. Value: web_01. 'web_01' does not match '${HN}'`);
    expect(await msg({ hostname: 'a' })).toBe(`Invalid input for field/attribute hostname. Value: a. 'a' does not match '${HN}'`);
    expect(await msg({ hostname: 'a'.repeat(64) })).toBe(`Invalid input for field/attribute hostname. Value: ${'a'.repeat(64)}. '${'a'.repeat(64)}' is too long`);
    expect(await msg({ hostname: 7 })).toBe("Invalid input for field/attribute hostname. Value: 7. 7 is not of type 'string'");
    expect(await msg({ hostname: 'web', max_count: 2 })).toBe('Unable to allocate a single hostname to multiple instances');
    expect(await msg({ hostname: 'web', min_count: 2 })).toBe('Unable to allocate a single hostname to multiple instances');
  });

  it('PUT and rebuild change it from 2.90 (their answers show it) and refuse it at 2.89', async () => {
    const id = await boot('hn90', h.demoToken);
    const put = await h.call('PUT', `${C}/servers/${id}`, { server: { hostname: 'renamed' } }, at('2.90', h.demoToken));
    expect(put.status, put.text).toBe(200);
    expect(put.body.server['OS-EXT-SRV-ATTR:hostname']).toBe('renamed');
    expect(hostnameOf(id)).toBe('renamed');
    const bad = await h.call('PUT', `${C}/servers/${id}`, { server: { hostname: '-x-' } }, at('2.90', h.demoToken));
    expect(bad.status).toBe(400);
    expect((await h.call('PUT', `${C}/servers/${id}`, { server: { hostname: 'x1' } }, at('2.89', h.demoToken))).status).toBe(400);
    const rebuild = (v: string) => h.call('POST', `${C}/servers/${id}/action`, { rebuild: { imageRef: DEFAULT_CLOUD.image.id, hostname: 'rebuilt' } }, at(v, h.demoToken));
    const old = await rebuild('2.89');
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toMatch(/Additional properties are not allowed \('hostname' was unexpected\)$/);
    expect(hostnameOf(id)).toBe('renamed');
    const r = await rebuild('2.90');
    expect(r.status, r.text).toBe(202);
    expect(r.body.server['OS-EXT-SRV-ATTR:hostname']).toBe('rebuilt');
    expect(hostnameOf(id)).toBe('rebuilt');
  });
});

describe('2.91: unshelve to a host, and out of a zone', () => {
  const specZone = (id: string) => (JSON.parse(h.db.prepare('SELECT request_spec FROM instances WHERE uuid = ?').pluck().get(id) as string) as { availability_zone: string | null }).availability_zone;
  const offload = (id: string, state = 'shelved_offloaded') => h.db.prepare('UPDATE instances SET vm_state = ?, task_state = NULL, host = ?, node = ? WHERE uuid = ?')
    .run(state, state === 'shelved' ? 'cmp1' : null, state === 'shelved' ? 'cmp1' : null, id);
  const unshelve = (id: string, body: unknown, v: string, token?: string) => h.call('POST', `${C}/servers/${id}/action`, { unshelve: body }, at(v, token));
  const casts = (id: string) => h.recorded.filter((r) => r.method === 'unshelve_instance' && r.args.uuid === id);

  it('an admin names the host: the conductor is told it (not saved in the spec); the owner is refused by unshelve_to_host; 2.90 refuses the key', async () => {
    const id = await boot('unshelve91', h.demoToken);
    offload(id);
    const old = await unshelve(id, { availability_zone: 'nova', host: 'cmp2' }, '2.90');
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toBe("Invalid input for field/attribute unshelve. Value: {'availability_zone': 'nova', 'host': 'cmp2'}. Additional properties are not allowed ('host' was unexpected)");
    const owner = await unshelve(id, { host: 'cmp2' }, '2.91', h.demoToken);
    expect(owner.status).toBe(403);
    expect(owner.body.forbidden.message).toBe("Policy doesn't allow os_compute_api:os-shelve:unshelve_to_host to be performed.");
    const r = await unshelve(id, { host: 'cmp2' }, '2.91');
    expect(r.status, r.text).toBe(202);
    await expect.poll(() => casts(id).length).toBe(1);
    expect(casts(id)[0].args.host).toBe('cmp2');
    expect(JSON.parse(h.db.prepare('SELECT request_spec FROM instances WHERE uuid = ?').pluck().get(id) as string)).not.toHaveProperty('requested_destination');
    expect(h.log('nova-api.log')).toContain('to new availability_zone "not provided" and host "cmp2".');
    offload(id);
    expect((await unshelve(id, null, '2.91', h.demoToken)).status).toBe(202);
    await expect.poll(() => casts(id).length).toBe(2);
    expect(casts(id)[1].args).not.toHaveProperty('host');
  });

  it('availability_zone null unpins the server; an unknown host is 400, a host outside the zone 409, a shelved server 409', async () => {
    const agg = await h.call('POST', `${C}/os-aggregates`, { aggregate: { name: 'agg91', availability_zone: 'az91' } });
    expect(agg.status, agg.text).toBe(200);
    expect((await h.call('POST', `${C}/os-aggregates/${agg.body.aggregate.id}/action`, { add_host: { host: 'cmp1' } })).status).toBe(200);
    const id = await boot('unshelve91b');
    offload(id);
    expect((await unshelve(id, { availability_zone: 'az91' }, '2.91')).status).toBe(202);
    expect(specZone(id)).toBe('az91');
    offload(id);
    const outside = await unshelve(id, { host: 'cmp2' }, '2.91');
    expect(outside.status).toBe(409);
    expect(outside.body.conflictingRequest.message).toBe('Host "cmp2" is not in the availability zone "az91".');
    const unknown = await unshelve(id, { host: 'cmp9' }, '2.91');
    expect(unknown.status).toBe(400);
    expect(unknown.body.badRequest.message).toBe('Compute host cmp9 could not be found.');
    const unpinned = await unshelve(id, { availability_zone: null, host: 'cmp2' }, '2.91');
    expect(unpinned.status, unpinned.text).toBe(202);
    expect(specZone(id)).toBeNull();
    expect(h.log('nova-api.log')).toContain('Unpin instance from AZ "az91".');
    offload(id, 'shelved');
    const shelved = await unshelve(id, { availability_zone: null }, '2.91');
    expect(shelved.status).toBe(409);
    expect(shelved.body.conflictingRequest.message).toBe(`Specifying an availability zone or a host when unshelving server "${id}" with status "shelved" is not supported. The server status must be SHELVED_OFFLOADED.`);
    const refused = async (body: unknown) => (await unshelve(id, body, '2.91')).body.badRequest.message as string;
    expect(await refused({ host: 5 })).toBe("Invalid input for field/attribute host. Value: 5. 5 is not of type 'string'");
    expect(await refused({ availability_zone: 5 })).toBe("Invalid input for field/attribute availability_zone. Value: 5. 5 is not of type 'string', 'null'");
    expect(await refused({ zone: 'x' })).toBe("Invalid input for field/attribute unshelve. Value: {'zone': 'x'}. Additional properties are not allowed ('zone' was unexpected)");
  });
});

describe('2.92: key pairs are imported only', () => {
  const KEY = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7kxnpYp2N2v2cVn3oq3qv8V3bbmSfBmZ1rEV1xE4cP3qH8aXl2cXq6m0nZbE8F3vYw3pY6mG3p5HcOeGZ9j2kqW4z9S1Ew3Vf0Zr3G0iV8vRzY9Qn0p8rT2cX5kZ3mD1fG4hJ6kL8nP0qR2sT4uV6wX8yZ0aB2cD4eF6gH8iJ0kL2mN4oP6qR8sT0uV2wX4yZ6aB8cD0eF2gH4iJ6kL8mN0oP2qR4sT6uV8wX0yZ2aB4cD6eF8gH0iJ2kL4mN6oP8qR0sT2uV4wX6yZ8aB0cD2eF4gH6iJ8kL0mN2oP4qR6sT8uV0wX2yZ4aB6cD8eF0gH2iJ4kL6mN8oP0qR2 demo@host';
  const post = (v: string, keypair: Record<string, unknown>) => h.call('POST', `${C}/os-keypairs`, { keypair }, at(v, h.demoToken));

  it('a key pair without public_key is refused; an import answers no private_key, with the type given; names may hold @', async () => {
    const gen = await post('2.92', { name: 'gen92' });
    expect(gen.status).toBe(400);
    expect(gen.body.badRequest.message).toBe("Invalid input for field/attribute keypair. Value: {'name': 'gen92'}. 'public_key' is a required property");
    const r = await post('2.92', { name: 'me@home.92', public_key: KEY });
    expect(r.status, r.text).toBe(201);
    expect(r.body.keypair).toMatchObject({ name: 'me@home.92', type: 'ssh', public_key: KEY });
    expect(r.body.keypair).not.toHaveProperty('private_key');
    const bad = await post('2.92', { name: 'a/b', public_key: KEY });
    expect(bad.body.badRequest.message).toBe("Invalid input for field/attribute name. Value: a/b. 'a/b' does not match '^[_\\\\-\\\\@\\\\. a-zA-Z0-9]+$'");
    // 2.91 still generates, and refuses '@'.
    const old = await post('2.91', { name: 'gen91' });
    expect(old.status, old.text).toBe(201);
    expect(old.body.keypair).toHaveProperty('private_key');
    expect((await post('2.91', { name: 'me@home.91', public_key: KEY })).status).toBe(400);
  });
});
