// Microversions 2.48 to 2.59 over real HTTP against the harness compute, each version's request
// and response changes and errors in Nova's words, checked with tempest's schema of the version.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLOUD } from '../../../stack/db/seed.js';
import { startHarness, type ApiHarness } from './api-harness.js';
import { tempestSchemaError } from './tempest-schema.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const C = '/compute/v2.1';
const at = (v: string, token?: string) => ({ headers: { 'OpenStack-API-Version': `compute ${v}` }, token });
const NET = DEFAULT_CLOUD.network.id;

async function boot(name: string, v = '2.1', extra: Record<string, unknown> = {}, token?: string): Promise<string> {
  const r = await h.call('POST', `${C}/servers`, { server: { name, imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: NET }], ...extra } }, at(v, token));
  expect(r.status, r.text).toBe(202);
  const launched = new Date(Date.now() - 90_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  h.db.prepare("UPDATE instances SET vm_state = 'active', task_state = NULL, host = 'cmp1', node = 'cmp1', power_state = 1, launched_at = ? WHERE uuid = ?").run(launched, r.body.server.id);
  return r.body.server.id as string;
}

const computeCalls = (method: string) => h.recorded.filter((r) => r.topic === 'compute.cmp1' && r.method === method);

describe('2.48: server diagnostics', () => {
  it("answers the driver's blob below 2.48 (get_diagnostics) and the standardized view from 2.48 (get_instance_diagnostics)", async () => {
    const id = await boot('diag');
    const blob = await h.call('GET', `${C}/servers/${id}/diagnostics`, undefined, at('2.47'));
    expect(blob.status, blob.text).toBe(200);
    expect(blob.body).toMatchObject({ memory: 524288, 'memory-actual': 524288, vda_errors: -1, 'tap0a1b2c3d-4e_rx_drop': 0 });
    expect(blob.body.cpu0_time).toBeGreaterThan(1_730_000_000);
    expect(computeCalls('get_diagnostics').at(-1)!.args).toMatchObject({ uuid: id, power_state: 1 });

    const std = await h.call('GET', `${C}/servers/${id}/diagnostics`, undefined, at('2.48'));
    expect(std.status, std.text).toBe(200);
    expect(tempestSchemaError('v2_48.servers.show_server_diagnostics', std)).toBe('');
    expect(std.body).toMatchObject({ state: 'running', driver: 'libvirt', hypervisor: 'kvm', hypervisor_os: 'linux', config_drive: false, num_cpus: 1, num_nics: 1, num_disks: 1 });
    // virDomainGetInfo's KiB over units.Mi into an IntegerField: 512 MiB is 0.
    expect(std.body.memory_details).toEqual({ maximum: 0, used: 0 });
    expect(std.body.uptime).toBeGreaterThanOrEqual(90);
    expect(std.body.nic_details[0]).toMatchObject({ mac_address: 'fa:16:3e:00:00:01', rx_rate: null, tx_rate: null });
    expect(computeCalls('get_instance_diagnostics')).toHaveLength(1);
  });

  it('409 for a guest that is not running (the compute refuses) and for a server with no host; 404 and 403 as Nova', async () => {
    const id = await boot('diag-off');
    h.db.prepare("UPDATE instances SET vm_state = 'stopped', power_state = 4 WHERE uuid = ?").run(id);
    for (const v of ['2.1', '2.48']) {
      const r = await h.call('GET', `${C}/servers/${id}/diagnostics`, undefined, at(v));
      expect(r.status, v).toBe(409);
      expect(r.body.conflictingRequest.message).toBe(`Cannot 'get_diagnostics' instance ${id} while it is in power state shutdown`);
    }
    h.db.prepare('UPDATE instances SET host = NULL WHERE uuid = ?').run(id);
    expect((await h.call('GET', `${C}/servers/${id}/diagnostics`, undefined, at('2.48'))).body.conflictingRequest.message).toBe(`Instance ${id} is not ready`);
    expect((await h.call('GET', `${C}/servers/0b1d2f0e-0000-4000-8000-000000000000/diagnostics`, undefined, at('2.48'))).status).toBe(404);
    const user = await h.call('GET', `${C}/servers/${id}/diagnostics`, undefined, at('2.48', h.demoToken));
    expect(user.status).toBe(403);
    expect(user.body.forbidden.message).toBe("Policy doesn't allow os_compute_api:os-server-diagnostics to be performed.");
  });
});

describe('2.49: a device tag on interface attach', () => {
  it('is an additional property up to 2.48 and parameter_types.tag from 2.49, checked before the server is looked up', async () => {
    const id = await boot('tagged-attach');
    const path = `${C}/servers/${id}/os-interface`;
    const old = await h.call('POST', path, { interfaceAttachment: { net_id: NET, tag: 'nic1' } }, at('2.48'));
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toBe(`Invalid input for field/attribute interfaceAttachment. Value: {'net_id': '${NET}', 'tag': 'nic1'}. Additional properties are not allowed ('tag' was unexpected)`);
    const bad = await h.call('POST', `${C}/servers/0b1d2f0e-0000-4000-8000-000000000000/os-interface`, { interfaceAttachment: { net_id: NET, tag: 'a/b' } }, at('2.49'));
    expect(bad.status).toBe(400);
    expect(bad.body.badRequest.message).toBe("Invalid input for field/attribute tag. Value: a/b. 'a/b' does not match '^[^,/]*$'");
    const long = await h.call('POST', path, { interfaceAttachment: { net_id: NET, tag: 'x'.repeat(61) } }, at('2.49'));
    expect(long.body.badRequest.message).toContain('is too long');
  });
});

describe('2.50: quota class sets with the server group keys, without the network keys', () => {
  it('below 2.50 the update takes server_groups but the answers leave it out; from 2.50 it shows and the network keys are refused', async () => {
    const path = `${C}/os-quota-class-sets/default`;
    const old = await h.call('PUT', path, { quota_class_set: { server_groups: 12, floating_ips: 7 } }, at('2.49'));
    expect(old.status, old.text).toBe(200);
    expect(old.body.quota_class_set).not.toHaveProperty('server_groups');
    expect(old.body.quota_class_set.floating_ips).toBe(7);
    expect(tempestSchemaError('v2_1.quota_classes.update_quota_class_set', old)).toBe('');
    expect(tempestSchemaError('v2_1.quota_classes.get_quota_class_set', await h.call('GET', path, undefined, at('2.49')))).toBe('');

    const shown = await h.call('GET', path, undefined, at('2.50'));
    expect(shown.body.quota_class_set).toMatchObject({ id: 'default', server_groups: 12 });
    expect(shown.body.quota_class_set).not.toHaveProperty('floating_ips');
    expect(tempestSchemaError('v2_50.quota_classes.get_quota_class_set', shown)).toBe('');
    const upd = await h.call('PUT', path, { quota_class_set: { server_group_members: 9 } }, at('2.50'));
    expect(upd.body.quota_class_set.server_group_members).toBe(9);
    expect(tempestSchemaError('v2_50.quota_classes.update_quota_class_set', upd)).toBe('');
    const refused = await h.call('PUT', path, { quota_class_set: { instances: 10, security_groups: 3 } }, at('2.50'));
    expect(refused.status).toBe(400);
    expect(refused.body.badRequest.message).toBe("Invalid input for field/attribute quota_class_set. Value: {'instances': 10, 'security_groups': 3}. Additional properties are not allowed ('security_groups' was unexpected)");
  });
});

describe('2.51: volume-extended events and instance action events for everyone', () => {
  const EVENTS = `${C}/os-server-external-events`;
  it('volume-extended is refused up to 2.50; from 2.51 it records extend_volume and goes to the host; without a tag it fails with 400', async () => {
    const id = await boot('extend');
    const vol = randomUUID();
    const old = await h.call('POST', EVENTS, { events: [{ name: 'volume-extended', server_uuid: id, tag: vol }] }, at('2.50'));
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toBe("Invalid input for field/attribute name. Value: volume-extended. 'volume-extended' is not one of ['network-changed', 'network-vif-plugged', 'network-vif-unplugged', 'network-vif-deleted']");
    const r = await h.call('POST', EVENTS, { events: [{ name: 'volume-extended', server_uuid: id, tag: vol }] }, at('2.51'));
    expect(r.status, r.text).toBe(200);
    expect(r.body.events).toEqual([{ name: 'volume-extended', server_uuid: id, tag: vol, status: 'completed', code: 200 }]);
    const action = h.db.prepare('SELECT action, request_id FROM instance_actions WHERE instance_uuid = ? ORDER BY id DESC LIMIT 1').get(id) as { action: string; request_id: string };
    expect(action).toEqual({ action: 'extend_volume', request_id: r.headers.get('x-compute-request-id') });
    await expect.poll(() => computeCalls('external_instance_event').map((c) => c.args)).toContainEqual({ uuid: id, name: 'volume-extended', tag: vol });

    const mixed = await h.call('POST', EVENTS, { events: [{ name: 'volume-extended', server_uuid: id }, { name: 'network-changed', server_uuid: randomUUID() }] }, at('2.51'));
    expect(mixed.status).toBe(207);
    expect(mixed.body.events.map((e: { code: number; status: string }) => [e.code, e.status])).toEqual([[400, 'failed'], [404, 'failed']]);
    expect(h.log('nova-api.log')).toContain(`Event tag is missing for instance ${id}. Dropping event volume-extended`);
  });

  it('the create schema: status and uuid formats, required keys, no other keys', async () => {
    const bad = async (events: unknown) => (await h.call('POST', EVENTS, { events }, at('2.51'))).body.badRequest?.message;
    expect(await bad([])).toBe('Invalid input for field/attribute events. Value: []. [] should be non-empty');
    expect(await bad([{ name: 'network-changed', server_uuid: 'nope' }])).toBe("Invalid input for field/attribute server_uuid. Value: nope. 'nope' is not a 'uuid'");
    expect(await bad([{ name: 'network-changed', server_uuid: randomUUID(), status: 'done' }])).toBe("Invalid input for field/attribute status. Value: done. 'done' is not one of ['failed', 'completed', 'in-progress']");
    expect(await bad([{ name: 'network-changed' }])).toBe("Invalid input for field/attribute 0. Value: {'name': 'network-changed'}. 'server_uuid' is a required property");
    expect(await bad([{ name: 'network-changed', server_uuid: 'a8098c1a-f86e-11da-bd1a-00112444be1e', code: 200 }])).toBe("Invalid input for field/attribute 0. Value: {'name': 'network-changed', 'server_uuid': 'a8098c1a-f86e-11da-bd1a-00112444be1e', 'code': 200}. Additional properties are not allowed ('code' was unexpected)");
    expect((await h.call('POST', EVENTS, {}, at('2.51'))).body.badRequest.message).toBe("'events' is a required property");
  });

  it('instance action show: events for the owner from 2.51 (no traceback), with tracebacks for admins at every version', async () => {
    const id = await boot('events', '2.1', {}, h.demoToken);
    const a = h.db.prepare('SELECT id, request_id FROM instance_actions WHERE instance_uuid = ?').get(id) as { id: number; request_id: string };
    h.db.prepare("INSERT INTO instance_actions_events (action_id, event, start_time, finish_time, result, traceback, host) VALUES (?, 'compute__do_build_and_run_instance', '2026-01-01T00:00:00Z', '2026-01-01T00:00:05Z', 'Success', 'tb', 'cmp1')").run(a.id);
    const path = `${C}/servers/${id}/os-instance-actions/${a.request_id}`;
    expect((await h.call('GET', path, undefined, at('2.50', h.demoToken))).body.instanceAction).not.toHaveProperty('events');
    const user = await h.call('GET', path, undefined, at('2.51', h.demoToken));
    expect(user.body.instanceAction.events).toEqual([{ event: 'compute__do_build_and_run_instance', start_time: '2026-01-01T00:00:00.000000', finish_time: '2026-01-01T00:00:05.000000', result: 'Success' }]);
    expect(tempestSchemaError('v2_51.servers.show_instance_action', user)).toBe('');
    for (const v of ['2.1', '2.51']) expect((await h.call('GET', path, undefined, at(v))).body.instanceAction.events[0].traceback, v).toBe('tb');
  });
});

describe('2.52: tags at server create', () => {
  it('refused as an additional property up to 2.51; from 2.52 the server has them at once, checked as parameter_types.tag', async () => {
    const server = { name: 'tagged', imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: NET }], tags: ['a', 'b'] };
    const old = await h.call('POST', `${C}/servers`, { server }, at('2.51'));
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toBe(`Invalid input for field/attribute server. Value: {'name': 'tagged', 'imageRef': '${DEFAULT_CLOUD.image.id}', 'flavorRef': '1', 'networks': [{'uuid': '${NET}'}], 'tags': ['a', 'b']}. Additional properties are not allowed ('tags' was unexpected)`);
    const id = await boot('tagged', '2.52', { tags: ['web', 'db', 'web'] });
    const show = await h.call('GET', `${C}/servers/${id}`, undefined, at('2.52'));
    expect(show.body.server.tags).toEqual(['db', 'web']);
    expect((await h.call('GET', `${C}/servers?tags=web`, undefined, at('2.52'))).body.servers.map((s: { id: string }) => s.id)).toEqual([id]);
    const bad = await h.call('POST', `${C}/servers`, { server: { ...server, tags: ['ok', 'a,b'] } }, at('2.52'));
    expect(bad.body.badRequest.message).toBe("Invalid input for field/attribute 1. Value: a,b. 'a,b' does not match '^[^,/]*$'");
    const many = await h.call('POST', `${C}/servers`, { server: { ...server, tags: Array.from({ length: 51 }, (_, i) => `t${i}`) } }, at('2.52'));
    expect(many.body.badRequest.message).toMatch(/^Invalid input for field\/attribute tags\. Value: \['t0', .* is too long$/);
  });
});

describe('2.53: services and hypervisors by uuid', () => {
  const svc = (host: string) => h.db.prepare("SELECT id, uuid FROM services WHERE host = ? AND binary = 'nova-compute'").get(host) as { id: number; uuid: string };
  const node = (host: string) => h.db.prepare('SELECT id, uuid FROM compute_nodes WHERE host = ?').get(host) as { id: number; uuid: string };

  it('os-services: uuid ids from 2.53, PUT /os-services/{uuid} answers the whole service, the legacy actions are gone', async () => {
    const { id, uuid } = svc('cmp2');
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await h.call('GET', `${C}/os-services?host=cmp2`, undefined, at('2.52'))).body.services[0].id).toBe(id);
    const list = await h.call('GET', `${C}/os-services`, undefined, at('2.53'));
    expect(list.body.services.find((s: { host: string; binary: string }) => s.host === 'cmp2' && s.binary === 'nova-compute').id).toBe(uuid);
    expect(tempestSchemaError('v2_53.services.list_services', list)).toBe('');

    const off = await h.call('PUT', `${C}/os-services/${uuid}`, { status: 'disabled', disabled_reason: 'maintenance' }, at('2.53'));
    expect(off.status, off.text).toBe(200);
    expect(off.body.service).toMatchObject({ id: uuid, host: 'cmp2', binary: 'nova-compute', status: 'disabled', disabled_reason: 'maintenance', forced_down: false, zone: 'nova' });
    expect(tempestSchemaError('v2_53.services.update_service', off)).toBe('');
    const down = await h.call('PUT', `${C}/os-services/${uuid}`, { forced_down: 'yes' }, at('2.53'));
    expect(down.body.service).toMatchObject({ forced_down: true, state: 'down', status: 'disabled' });
    const on = await h.call('PUT', `${C}/os-services/${uuid}`, { status: 'enabled', forced_down: false }, at('2.53'));
    expect(on.body.service).toMatchObject({ status: 'enabled', disabled_reason: null, forced_down: false });

    const msg = async (path: string, body: unknown) => (await h.call('PUT', `${C}/os-services/${path}`, body, at('2.53'))).body;
    expect((await msg('disable', { host: 'cmp2', binary: 'nova-compute' })).badRequest.message).toBe("Additional properties are not allowed ('host', 'binary' were unexpected)");
    expect((await msg('disable', { status: 'disabled' })).badRequest.message).toBe('Invalid uuid disable');
    expect((await msg(randomUUID(), { status: 'disabled' })).itemNotFound.message).toMatch(/^Service [0-9a-f-]+ could not be found\.$/);
    expect((await msg(uuid, {})).badRequest.message).toBe("No updates were requested. Fields 'status' or 'forced_down' should be specified.");
    expect((await msg(uuid, { status: 'enabled', disabled_reason: 'x' })).badRequest.message).toBe("Specifying 'disabled_reason' with status 'enabled' is invalid.");
    expect((await msg(uuid, { status: 'off' })).badRequest.message).toBe("Invalid input for field/attribute status. Value: off. 'off' is not one of ['enabled', 'disabled']");
    const scheduler = (h.db.prepare("SELECT uuid FROM services WHERE binary = 'nova-scheduler'").get() as { uuid: string }).uuid;
    expect((await msg(scheduler, { status: 'disabled' })).badRequest.message)
      .toBe('Updating a nova-scheduler service is not supported. Only nova-compute services can be updated.');
  });

  it('DELETE /os-services/{id}: an integer below 2.53, a uuid from 2.53; a compute hosting servers is 409', async () => {
    expect((await h.call('DELETE', `${C}/os-services/abc`, undefined, at('2.52'))).body.badRequest.message).toBe('Invalid input received: id must be an integer');
    expect((await h.call('DELETE', `${C}/os-services/12`, undefined, at('2.53'))).body.badRequest.message).toBe('Invalid uuid 12');
    const gone = randomUUID();
    expect((await h.call('DELETE', `${C}/os-services/${gone}`, undefined, at('2.53'))).body.itemNotFound.message).toBe(`Service ${gone} not found.`);
    await boot('pinned');
    const busy = await h.call('DELETE', `${C}/os-services/${svc('cmp1').uuid}`, undefined, at('2.53'));
    expect(busy.status).toBe(409);
    expect(busy.body.conflictingRequest.message).toBe('Unable to delete compute service that is hosting instances. Migrate or delete the instances first.');
  });

  it('os-hypervisors: uuid ids, show/uptime by uuid, hostname pattern and with_servers; search and servers gone', async () => {
    const cmp1 = node('cmp1');
    const id = await boot('hosted');
    const list = await h.call('GET', `${C}/os-hypervisors?with_servers=true`, undefined, at('2.53'));
    expect(tempestSchemaError('v2_53.hypervisors.list_search_hypervisors', list)).toBe('');
    const mine = list.body.hypervisors.find((x: { hypervisor_hostname: string }) => x.hypervisor_hostname === 'cmp1');
    expect(mine.id).toBe(cmp1.uuid);
    expect(mine.servers).toEqual(expect.arrayContaining([{ name: 'hosted', uuid: id }]));
    const detail = await h.call('GET', `${C}/os-hypervisors/detail?hypervisor_hostname_pattern=CMP2`, undefined, at('2.53'));
    expect(detail.body.hypervisors.map((x: { hypervisor_hostname: string }) => x.hypervisor_hostname)).toEqual(['cmp2']);
    expect(detail.body.hypervisors[0].service.id).toBe(svc('cmp2').uuid);
    expect(tempestSchemaError('v2_53.hypervisors.list_hypervisors_detail', detail)).toBe('');
    const show = await h.call('GET', `${C}/os-hypervisors/${cmp1.uuid}?with_servers=1`, undefined, at('2.53'));
    expect(show.status, show.text).toBe(200);
    expect(show.body.hypervisor.servers).toEqual(expect.arrayContaining([{ name: 'hosted', uuid: id }]));
    expect(tempestSchemaError('v2_53.hypervisors.get_hypervisor', show)).toBe('');
    const uptime = await h.call('GET', `${C}/os-hypervisors/${cmp1.uuid}/uptime`, undefined, at('2.53'));
    expect(tempestSchemaError('v2_53.hypervisors.get_hypervisor_uptime', uptime)).toBe('');
    expect((await h.call('GET', `${C}/os-hypervisors/${cmp1.id}`, undefined, at('2.52'))).body.hypervisor.id).toBe(cmp1.id);

    const err = async (path: string, v = '2.53') => { const r = await h.call('GET', `${C}/os-hypervisors${path}`, undefined, at(v)); return [r.status, r.body.badRequest?.message ?? r.body.itemNotFound?.message]; };
    expect(await err(`/${cmp1.id}`)).toEqual([400, `Invalid uuid ${cmp1.id}`]);
    expect(await err('/abc', '2.52')).toEqual([404, "Hypervisor with ID 'abc' could not be found."]);
    expect(await err(`/${randomUUID()}`)).toEqual([404, expect.stringMatching(/^Hypervisor with ID '[0-9a-f-]+' could not be found\.$/)]);
    expect(await err('?hypervisor_hostname_pattern=cmp&limit=1')).toEqual([400, 'Paging over hypervisors with the hypervisor_hostname_pattern query parameter is not supported.']);
    expect(await err('?hypervisor_hostname_pattern=nohost')).toEqual([404, "No hypervisor matching 'nohost' could be found."]);
    expect(await err('?with_servers=maybe')).toEqual([400, expect.stringContaining("Invalid input for query parameters with_servers. Value: maybe. 'maybe' is not one of [True, 'True', 'TRUE'")]);
    expect(await err('?foo=1')).toEqual([400, "Additional properties are not allowed ('foo' was unexpected)"]);
    expect((await h.call('GET', `${C}/os-hypervisors/cmp/search`, undefined, at('2.52'))).status).toBe(200);
    expect(await err('/cmp/search')).toEqual([404, 'The resource could not be found.']);
    expect((await h.call('GET', `${C}/os-hypervisors/cmp/servers`, undefined, at('2.53'))).status).toBe(404);
    const page = await h.call('GET', `${C}/os-hypervisors?limit=1`, undefined, at('2.53'));
    expect(page.body.hypervisors_links[0].href).toContain(`marker=${page.body.hypervisors[0].id}`);
    expect((await h.call('GET', `${C}/os-hypervisors?marker=${page.body.hypervisors[0].id}`, undefined, at('2.53'))).body.hypervisors).toHaveLength(1);
  });
});

describe('2.54 and 2.55: key_name at rebuild, flavor descriptions', () => {
  it('2.54: rebuild takes key_name (the caller\'s key pair, or null) and answers it', async () => {
    const id = await boot('rekey');
    h.db.prepare("INSERT INTO keypairs (name, user_id, fingerprint, public_key, type, created_at) VALUES ('k1', (SELECT id FROM users WHERE name = 'admin'), 'fp', 'ssh-rsa AAAA', 'ssh', '2026-01-01T00:00:00Z')").run();
    const rebuild = (v: string, extra: Record<string, unknown>) => h.call('POST', `${C}/servers/${id}/action`, { rebuild: { imageRef: DEFAULT_CLOUD.image.id, ...extra } }, at(v));
    const old = await rebuild('2.53', { key_name: 'k1' });
    expect(old.body.badRequest.message).toContain("Additional properties are not allowed ('key_name' was unexpected)");
    expect((await rebuild('2.54', { key_name: 'nokey' })).body.badRequest.message).toBe('Invalid key_name provided.');
    const r = await rebuild('2.54', { key_name: 'k1' });
    expect(r.status, r.text).toBe(202);
    expect(r.body.server.key_name).toBe('k1');
    expect(tempestSchemaError('v2_54.servers.rebuild_server_with_admin_pass', r)).toBe('');
    h.db.prepare("UPDATE instances SET task_state = NULL WHERE uuid = ?").run(id);
    const unset = await rebuild('2.54', { key_name: null });
    expect(unset.body.server.key_name).toBeNull();
  });

  it('2.55: flavor descriptions on create, update and every answer', async () => {
    const flavor = { name: 'described', ram: 256, vcpus: 1, disk: 1, id: 'desc1', description: 'small and quiet' };
    const old = await h.call('POST', `${C}/flavors`, { flavor }, at('2.54'));
    expect(old.body.badRequest.message).toBe("Invalid input for field/attribute flavor. Value: {'name': 'described', 'ram': 256, 'vcpus': 1, 'disk': 1, 'id': 'desc1', 'description': 'small and quiet'}. Additional properties are not allowed ('description' was unexpected)");
    const made = await h.call('POST', `${C}/flavors`, { flavor }, at('2.55'));
    expect(made.body.flavor.description).toBe('small and quiet');
    expect(tempestSchemaError('v2_55.flavors.create_update_get_flavor_details', made)).toBe('');
    expect((await h.call('GET', `${C}/flavors/desc1`, undefined, at('2.54'))).body.flavor).not.toHaveProperty('description');
    const list = await h.call('GET', `${C}/flavors`, undefined, at('2.55'));
    expect(list.body.flavors.find((f: { id: string }) => f.id === 'desc1').description).toBe('small and quiet');
    expect(tempestSchemaError('v2_55.flavors.list_flavors', list)).toBe('');
    expect(tempestSchemaError('v2_55.flavors.list_flavors_details', await h.call('GET', `${C}/flavors/detail`, undefined, at('2.55')))).toBe('');
    expect((await h.call('PUT', `${C}/flavors/desc1`, { flavor: { description: 'x' } }, at('2.54'))).status).toBe(404);
    const upd = await h.call('PUT', `${C}/flavors/desc1`, { flavor: { description: null } }, at('2.55'));
    expect(upd.status, upd.text).toBe(200);
    expect(upd.body.flavor.description).toBeNull();
    expect((await h.call('PUT', `${C}/flavors/desc1`, { flavor: {} }, at('2.55'))).body.badRequest.message).toBe("Invalid input for field/attribute flavor. Value: {}. 'description' is a required property");
    expect((await h.call('PUT', `${C}/flavors/nosuch`, { flavor: { description: 'x' } }, at('2.55'))).status).toBe(404);
    expect((await h.call('PUT', `${C}/flavors/desc1`, { flavor: { description: 'x' } }, at('2.55', h.demoToken))).status).toBe(403);
  });
});

describe('2.56: cold migration to a host', () => {
  const migrateCalls = () => h.recorded.filter((r) => r.method === 'migrate_server');
  it('the host becomes the requested destination from 2.56; its own host, an unknown host and extra keys are 400', async () => {
    const id = await boot('mover');
    const migrate = (v: string, value: unknown, token?: string) => h.call('POST', `${C}/servers/${id}/action`, { migrate: value }, at(v, token));
    const ignored = await migrate('2.55', { host: 'cmp2' });
    expect(ignored.status, ignored.text).toBe(202);
    await expect.poll(() => migrateCalls().length).toBe(1);
    expect(migrateCalls()[0].args).toMatchObject({ request_spec: { requested_destination: null } });
    h.db.prepare("UPDATE instances SET task_state = NULL WHERE uuid = ?").run(id);

    expect((await migrate('2.56', { host: 'cmp1' })).body.badRequest.message).toBe('Cannot migrate to the host where the server exists.');
    expect((await migrate('2.56', { host: 'nohost' })).body.badRequest.message).toBe('Compute host nohost could not be found.');
    expect((await migrate('2.56', { host: 'cmp2', force: true })).body.badRequest.message).toBe("Invalid input for field/attribute migrate. Value: {'host': 'cmp2', 'force': True}. Additional properties are not allowed ('force' was unexpected)");
    expect((await migrate('2.56', { host: 'a b' })).body.badRequest.message).toBe("Invalid input for field/attribute host. Value: a b. 'a b' does not match '^[a-zA-Z0-9-._]*$'");
    const r = await migrate('2.56', { host: 'cmp2' });
    expect(r.status, r.text).toBe(202);
    await expect.poll(() => migrateCalls().length).toBe(2);
    expect(migrateCalls()[1].args).toMatchObject({ request_spec: { requested_destination: { host: 'cmp2', node: 'cmp2' }, ignore_hosts: ['cmp1'] } });
  });

  it('a host needs the os-migrate-server:migrate:host rule', async () => {
    const id = await boot('mine', '2.1', {}, h.demoToken);
    const r = await h.call('POST', `${C}/servers/${id}/action`, { migrate: { host: 'cmp2' } }, at('2.56', h.demoToken));
    expect(r.status).toBe(403);
    expect(r.body.forbidden.message).toBe("Policy doesn't allow os_compute_api:os-migrate-server:migrate:host to be performed.");
    expect((await h.call('POST', `${C}/servers/${id}/action`, { migrate: null }, at('2.56', h.demoToken))).body.forbidden.message).toBe("Policy doesn't allow os_compute_api:os-migrate-server:migrate to be performed.");
  });
});

describe('2.57: no personality, user_data at rebuild', () => {
  it('personality is refused from 2.57 on create and rebuild; rebuild takes and answers user_data; limits and quotas lose the personality keys', async () => {
    const server = { name: 'p57', imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: NET }], personality: [{ path: '/etc/motd', contents: 'aGk=' }] };
    expect((await h.call('POST', `${C}/servers`, { server }, at('2.56'))).status).toBe(202);
    const refused = await h.call('POST', `${C}/servers`, { server }, at('2.57'));
    expect(refused.body.badRequest.message).toMatch(/^Invalid input for field\/attribute server\. Value: \{'name': 'p57', .*\}\. Additional properties are not allowed \('personality' was unexpected\)$/);

    const id = await boot('ud');
    const rebuild = (v: string, extra: Record<string, unknown>) => h.call('POST', `${C}/servers/${id}/action`, { rebuild: { imageRef: DEFAULT_CLOUD.image.id, ...extra } }, at(v));
    expect((await rebuild('2.56', { user_data: 'aGk=' })).body.badRequest.message).toContain("Additional properties are not allowed ('user_data' was unexpected)");
    expect((await rebuild('2.57', { personality: [] })).body.badRequest.message).toContain("Additional properties are not allowed ('personality' was unexpected)");
    expect((await rebuild('2.57', { user_data: 'not base64!' })).body.badRequest.message).toBe("Invalid input for field/attribute user_data. Value: not base64!. 'not base64!' is not a 'base64'");
    const r = await rebuild('2.57', { user_data: 'aGVsbG8=' });
    expect(r.status, r.text).toBe(202);
    expect(r.body.server.user_data).toBe('aGVsbG8=');
    expect(tempestSchemaError('v2_57.servers.rebuild_server_with_admin_pass', r)).toBe('');
    h.db.prepare('UPDATE instances SET task_state = NULL WHERE uuid = ?').run(id);
    expect((await rebuild('2.57', { user_data: null })).body.server.user_data).toBeNull();

    const limits = await h.call('GET', `${C}/limits`, undefined, at('2.57'));
    expect(limits.body.limits.absolute).not.toHaveProperty('maxPersonality');
    expect(tempestSchemaError('v2_57.limits.get_limit', limits)).toBe('');
    expect(tempestSchemaError('v2_57.quota_classes.get_quota_class_set', await h.call('GET', `${C}/os-quota-class-sets/default`, undefined, at('2.57')))).toBe('');
  });
});

describe('2.58: instance actions paged and filtered by changes-since', () => {
  it('limit, marker (a request id) and changes-since on updated_at, a next link on a full page, updated_at in both answers', async () => {
    const id = await boot('paged');
    const add = h.db.prepare("INSERT INTO instance_actions (instance_uuid, action, request_id, user_id, project_id, start_time, updated_at) VALUES (?, ?, ?, 'u', 'p', ?, ?)");
    add.run(id, 'stop', 'req-a', '2027-01-02T00:00:00Z', '2027-01-02T00:00:05Z');
    add.run(id, 'start', 'req-b', '2027-01-03T00:00:00Z', '2027-01-03T00:00:05Z');
    add.run(id, 'lock', 'req-c', '2027-01-04T00:00:00Z', null);
    const path = `${C}/servers/${id}/os-instance-actions`;
    const old = await h.call('GET', `${path}?limit=1`, undefined, at('2.57'));
    expect(old.body.instanceActions.length).toBe(4);
    expect(old.body.instanceActions[0]).not.toHaveProperty('updated_at');

    const page = await h.call('GET', `${path}?limit=2`, undefined, at('2.58'));
    expect(page.body.instanceActions.map((a: { request_id: string }) => a.request_id)).toEqual(['req-c', 'req-b']);
    expect(page.body.instanceActions[0].updated_at).toBeNull();
    expect(page.body.instanceActions[1].updated_at).toBe('2027-01-03T00:00:05.000000');
    expect(page.body.links[0]).toMatchObject({ rel: 'next' });
    expect(page.body.links[0].href).toContain(`/servers/${id}/os-instance-actions?limit=2&marker=req-b`);
    const next = await h.call('GET', `${path}?limit=2&marker=req-b`, undefined, at('2.58'));
    expect(next.body.instanceActions.map((a: { request_id: string }) => a.request_id)).toEqual(['req-a', expect.stringMatching(/^req-/)]);
    const since = await h.call('GET', `${path}?changes-since=2027-01-02T12:00:00Z`, undefined, at('2.58'));
    expect(since.body.instanceActions.map((a: { request_id: string }) => a.request_id)).toEqual(['req-b']);
    expect(since.body).not.toHaveProperty('links');

    const bad = async (q: string) => (await h.call('GET', `${path}?${q}`, undefined, at('2.58'))).body.badRequest?.message;
    expect(await bad('marker=nope')).toBe('Marker None could not be found.');
    expect(await bad('changes-since=yesterday')).toBe("Invalid input for query parameters changes-since. Value: yesterday. 'yesterday' is not a 'date-time'");
    expect(await bad('changes-before=2026-01-01')).toBe("Additional properties are not allowed ('changes-before' was unexpected)");
    const shown = await h.call('GET', `${path}/req-b`, undefined, at('2.58'));
    expect(shown.body.instanceAction.updated_at).toBe('2027-01-03T00:00:05.000000');
    expect(tempestSchemaError('v2_58.servers.show_instance_action', shown)).toBe('');
  });
});

describe('2.59: migrations paged by uuid', () => {
  it('newest first, limit and a uuid marker, changes-since on updated_at, migrations_links, no unknown parameters', async () => {
    const id = await boot('migrated');
    const add = h.db.prepare(`INSERT INTO migrations (uuid, instance_uuid, source_compute, dest_compute, source_node, dest_node, dest_host, status, migration_type, created_at, updated_at)
      VALUES (?, ?, 'cmp1', 'cmp2', 'cmp1', 'cmp2', '127.0.0.1', ?, 'migration', ?, ?)`);
    const uuids = [randomUUID(), randomUUID(), randomUUID()];
    add.run(uuids[0], id, 'confirmed', '2027-02-01T00:00:00Z', '2027-02-01T00:10:00Z');
    add.run(uuids[1], id, 'confirmed', '2027-02-02T00:00:00Z', '2027-02-02T00:10:00Z');
    add.run(uuids[2], id, 'error', '2027-02-03T00:00:00Z', null);
    const M = `${C}/os-migrations?instance_uuid=${id}`;
    expect((await h.call('GET', `${M}&limit=1`, undefined, at('2.58'))).body.migrations).toHaveLength(3);
    const page = await h.call('GET', `${M}&limit=2`, undefined, at('2.59'));
    expect(page.body.migrations.map((m: { uuid: string }) => m.uuid)).toEqual([uuids[2], uuids[1]]);
    expect(page.body.migrations_links[0].href).toContain(`marker=${uuids[1]}`);
    const rest = await h.call('GET', `${M}&marker=${uuids[1]}`, undefined, at('2.59'));
    // tempest's 2.59 schema has no migrations_links (Nova's own response schema has): checked on a page without one.
    expect(tempestSchemaError('v2_59.migrations.list_migrations', rest)).toBe('');
    expect(rest.body.migrations.map((m: { uuid: string }) => m.uuid)).toEqual([uuids[0]]);
    expect(rest.body).not.toHaveProperty('migrations_links');
    const since = await h.call('GET', `${M}&changes-since=2027-02-01T12:00:00Z`, undefined, at('2.59'));
    expect(since.body.migrations.map((m: { uuid: string }) => m.uuid)).toEqual([uuids[1]]);
    const gone = randomUUID();
    expect((await h.call('GET', `${M}&marker=${gone}`, undefined, at('2.59'))).body.badRequest.message).toBe(`Marker ${gone} could not be found.`);
    expect((await h.call('GET', `${M}&sort_key=id`, undefined, at('2.59'))).body.badRequest.message).toBe("Additional properties are not allowed ('sort_key' was unexpected)");
    expect((await h.call('GET', `${M}&sort_key=id`, undefined, at('2.58'))).status).toBe(200);
  });
});
