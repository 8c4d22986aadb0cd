// Microversions from 2.60 over real HTTP against the harness compute, each version's request and
// response changes in Nova's words, checked with tempest's schema of the version.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLOUD } from '../../../stack/db/seed.js';
import { startHarness, type ApiHarness } from './api-harness.js';
import { tempestSchemaError } from './tempest-schema.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const C = '/compute/v2.1';
const at = (v: string, token?: string) => ({ headers: { 'OpenStack-API-Version': `compute ${v}` }, token });

async function boot(name: string, v = '2.1', extra: Record<string, unknown> = {}, token?: string): Promise<string> {
  const server = { name, imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: DEFAULT_CLOUD.network.id }], ...extra };
  const r = await h.call('POST', `${C}/servers`, { server }, at(v, token));
  expect(r.status, r.text).toBe(202);
  h.db.prepare("UPDATE instances SET vm_state = 'active', task_state = NULL, host = 'cmp1', node = 'cmp1', power_state = 1 WHERE uuid = ?").run(r.body.server.id);
  return r.body.server.id as string;
}

describe('2.61 and 2.62: extra specs in flavors, hosts of instance action events', () => {
  it('2.61: extra_specs in the detailed flavor answers for project readers and admins', async () => {
    await h.call('POST', `${C}/flavors`, { flavor: { name: 'spec61', ram: 256, vcpus: 1, disk: 1, id: 'spec61' } });
    await h.call('POST', `${C}/flavors/spec61/os-extra_specs`, { extra_specs: { 'hw:cpu_policy': 'shared' } });
    expect((await h.call('GET', `${C}/flavors/spec61`, undefined, at('2.60'))).body.flavor).not.toHaveProperty('extra_specs');
    const shown = await h.call('GET', `${C}/flavors/spec61`, undefined, at('2.61', h.demoToken));
    expect(shown.body.flavor.extra_specs).toEqual({ 'hw:cpu_policy': 'shared' });
    expect(tempestSchemaError('v2_61.flavors.create_update_get_flavor_details', shown)).toBe('');
    const detail = await h.call('GET', `${C}/flavors/detail`, undefined, at('2.61'));
    expect(tempestSchemaError('v2_61.flavors.list_flavors_details', detail)).toBe('');
    expect((await h.call('GET', `${C}/flavors`, undefined, at('2.61'))).body.flavors[0]).not.toHaveProperty('extra_specs');
    const made = await h.call('POST', `${C}/flavors`, { flavor: { name: 'spec61b', ram: 256, vcpus: 1, disk: 1 } }, at('2.61'));
    expect(made.body.flavor.extra_specs).toEqual({});
    expect(tempestSchemaError('v2_61.flavors.create_update_get_flavor_details', made)).toBe('');
    const updated = await h.call('PUT', `${C}/flavors/spec61`, { flavor: { description: 'pinned' } }, at('2.61'));
    expect(updated.body.flavor).toMatchObject({ description: 'pinned', extra_specs: { 'hw:cpu_policy': 'shared' } });
    expect(tempestSchemaError('v2_61.flavors.create_update_get_flavor_details', updated)).toBe('');
  });

  it('2.61: no extra_specs for a caller whose roles os_compute_api:os-flavor-extra-specs:index refuses', async () => {
    const project = (await h.call('POST', '/v3/projects', { project: { name: 'observers61' } })).body.project.id as string;
    const user = (await h.call('POST', '/v3/users', { user: { name: 'observer61', password: 'obs-secret', default_project_id: project } })).body.user.id as string;
    const role = (await h.call('POST', '/v3/roles', { role: { name: 'observer61' } })).body.role.id as string;
    expect((await h.call('PUT', `/v3/projects/${project}/users/${user}/roles/${role}`)).status).toBe(204);
    const token = (await h.issue('observer61', 'obs-secret', 'observers61'))!;
    const shown = await h.call('GET', `${C}/flavors/spec61`, undefined, at('2.61', token));
    expect(shown.status).toBe(200);
    expect(shown.body.flavor).not.toHaveProperty('extra_specs');
    expect((await h.call('GET', `${C}/flavors/spec61/os-extra_specs`, undefined, at('2.61', token))).status).toBe(403);
  });

  it('2.62: events carry hostId for everyone and host for admins', async () => {
    const id = await boot('hosted62', '2.1', {}, h.demoToken);
    const a = h.db.prepare('SELECT id, request_id, project_id FROM instance_actions WHERE instance_uuid = ?').get(id) as { id: number; request_id: string; project_id: string };
    h.db.prepare("INSERT INTO instance_actions_events (action_id, event, start_time, finish_time, result, traceback, host) VALUES (?, 'compute__do_build_and_run_instance', '2027-01-01T00:00:00Z', '2027-01-01T00:00:05Z', 'Success', null, 'cmp1')").run(a.id);
    h.db.prepare("UPDATE instance_actions SET updated_at = '2027-01-01T00:00:05Z' WHERE id = ?").run(a.id);
    const path = `${C}/servers/${id}/os-instance-actions/${a.request_id}`;
    const expected = createHash('sha224').update(a.project_id + 'cmp1').digest('hex');
    expect((await h.call('GET', path, undefined, at('2.61'))).body.instanceAction.events[0]).not.toHaveProperty('hostId');
    const admin = await h.call('GET', path, undefined, at('2.62'));
    expect(admin.body.instanceAction.events[0]).toMatchObject({ host: 'cmp1', hostId: expected });
    expect(tempestSchemaError('v2_62.servers.show_instance_action', admin)).toBe('');
    const user = await h.call('GET', path, undefined, at('2.62', h.demoToken));
    expect(user.body.instanceAction.events[0].hostId).toBe(expected);
    expect(user.body.instanceAction.events[0]).not.toHaveProperty('host');
    expect(tempestSchemaError('v2_62.servers.show_instance_action', user)).toBe('');
  });
});

describe('2.63: trusted image certificates', () => {
  const CERTS = ['0b5d2c72-12cc-4ba6-a8d7-3ff5cc1d8cb8', '674736e3-f25c-405c-8362-bbf991e0ce0a'];
  const server = (extra: Record<string, unknown>) => ({ server: { name: 'certs63', imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: DEFAULT_CLOUD.network.id }], ...extra } });

  it('create takes them from 2.63 and every server answer shows them (null for none)', async () => {
    const old = await h.call('POST', `${C}/servers`, server({ trusted_image_certificates: CERTS }), at('2.62'));
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toMatch(/^Invalid input for field\/attribute server\. Value: \{.*\}\. Additional properties are not allowed \('trusted_image_certificates' was unexpected\)$/);
    const id = await boot('certs63', '2.63', { trusted_image_certificates: CERTS });
    const shown = await h.call('GET', `${C}/servers/${id}`, undefined, at('2.63'));
    expect(shown.body.server.trusted_image_certificates).toEqual(CERTS);
    expect(tempestSchemaError('v2_63.servers.get_server', shown)).toBe('');
    expect((await h.call('GET', `${C}/servers/${id}`, undefined, at('2.62'))).body.server).not.toHaveProperty('trusted_image_certificates');
    const detail = await h.call('GET', `${C}/servers/detail`, undefined, at('2.63'));
    expect(tempestSchemaError('v2_63.servers.list_servers_detail', detail)).toBe('');
    const plain = await boot('plain63', '2.63');
    expect((await h.call('GET', `${C}/servers/${plain}`, undefined, at('2.63'))).body.server.trusted_image_certificates).toBeNull();
    const updated = await h.call('PUT', `${C}/servers/${id}`, { server: { name: 'certs63b' } }, at('2.63'));
    expect(updated.body.server.trusted_image_certificates).toEqual(CERTS);
    expect(tempestSchemaError('v2_63.servers.update_server', updated)).toBe('');
  });

  it('the request schema in jsonschema\'s words', async () => {
    const refused = async (certs: unknown) => (await h.call('POST', `${C}/servers`, server({ trusted_image_certificates: certs }), at('2.63'))).body.badRequest?.message;
    expect(await refused('abc')).toBe("Invalid input for field/attribute trusted_image_certificates. Value: abc. 'abc' is not of type 'array', 'null'");
    expect(await refused([])).toBe('Invalid input for field/attribute trusted_image_certificates. Value: []. [] should be non-empty');
    expect(await refused(['a', 'a'])).toBe("Invalid input for field/attribute trusted_image_certificates. Value: ['a', 'a']. ['a', 'a'] has non-unique elements");
    expect(await refused(['a', 5])).toBe("Invalid input for field/attribute 1. Value: 5. 5 is not of type 'string'");
    expect(await refused([''])).toBe("Invalid input for field/attribute 0. Value: . '' should be non-empty");
    const many = Array.from({ length: 51 }, (_, i) => `c${i}`);
    expect(await refused(many)).toMatch(/^Invalid input for field\/attribute trusted_image_certificates\. Value: \['c0', .*'c50'\]\. \['c0', .*\] is too long$/);
  });

  it('a boot from volume with certificates is refused', async () => {
    const root = { source_type: 'image', uuid: DEFAULT_CLOUD.image.id, destination_type: 'volume', volume_size: 1, boot_index: 0 };
    const r = await h.call('POST', `${C}/servers`, server({ imageRef: undefined, block_device_mapping_v2: [root], trusted_image_certificates: CERTS }), at('2.63'));
    expect(r.status).toBe(400);
    expect(r.body.badRequest.message).toBe('Image certificate validation is not supported when booting from volume');
  });

  it('rebuild sets, replaces and (with null) unsets them; a volume-backed server refuses them', async () => {
    const id = await boot('rebuilt63', '2.63');
    const rebuild = (v: string, extra: Record<string, unknown>) => h.call('POST', `${C}/servers/${id}/action`, { rebuild: { imageRef: DEFAULT_CLOUD.image.id, ...extra } }, at(v));
    const settle = () => h.db.prepare("UPDATE instances SET task_state = NULL, vm_state = 'active' WHERE uuid = ?").run(id);
    const old = await rebuild('2.62', { trusted_image_certificates: CERTS });
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toContain("Additional properties are not allowed ('trusted_image_certificates' was unexpected)");
    const set = await rebuild('2.63', { trusted_image_certificates: CERTS });
    expect(set.status, set.text).toBe(202);
    expect(set.body.server.trusted_image_certificates).toEqual(CERTS);
    expect(tempestSchemaError('v2_63.servers.rebuild_server_with_admin_pass', set)).toBe('');
    settle();
    const kept = await rebuild('2.63', {});
    expect(kept.body.server.trusted_image_certificates).toEqual(CERTS);
    settle();
    const unset = await rebuild('2.63', { trusted_image_certificates: null });
    expect(unset.body.server.trusted_image_certificates).toBeNull();
    settle();
    h.db.prepare("INSERT INTO block_device_mapping (instance_uuid, boot_index, source_type, destination_type, volume_id, created_at) VALUES (?, 0, 'volume', 'volume', 'vol63', '2027-01-01T00:00:00Z')").run(id);
    const bfv = await rebuild('2.63', { trusted_image_certificates: CERTS });
    expect(bfv.status).toBe(400);
    expect(bfv.body.badRequest.message).toBe('Image certificate validation is not supported for volume-backed servers.');
    expect((await h.call('GET', `${C}/servers/${id}`, undefined, at('2.63'))).body.server.trusted_image_certificates).toBeNull();
  });
});
