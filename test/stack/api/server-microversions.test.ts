// Microversions 2.3 to 2.25 over real HTTP: each version's fields and requests, each answer
// checked with tempest's own response schema for that version, and 2.1 unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLOUD } from '../../../stack/db/seed.js';
import { MAX_VERSION } from '../../../stack/api/compute/microversion.js';
import { MICROVERSIONS } from '../../../stack/api/compute/microversion-history.js';
import { startHarness, type ApiHarness } from './api-harness.js';
import { tempestSchemaError } from './tempest-schema.js';
import { MigrationDb } from '../../../stack/conductor/migration-db.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const C = '/compute/v2.1';
const at = (v: string, token?: string) => ({ headers: { 'OpenStack-API-Version': `compute ${v}` }, token });
const bootBody = (name: string, extra: Record<string, unknown> = {}) => ({ server: { name, imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: DEFAULT_CLOUD.network.id }], ...extra } });

async function boot(name: string, v = '2.1', extra: Record<string, unknown> = {}, token?: string): Promise<string> {
  const r = await h.call('POST', `${C}/servers`, bootBody(name, extra), at(v, token));
  expect(r.status, r.text).toBe(202);
  const id = r.body.server.id as string;
  h.db.prepare("UPDATE instances SET vm_state = 'active', task_state = NULL, host = 'cmp1', node = 'cmp1', power_state = 1, root_device_name = '/dev/vda' WHERE uuid = ?").run(id);
  return id;
}

const EXT_23 = ['OS-EXT-SRV-ATTR:hostname', 'OS-EXT-SRV-ATTR:kernel_id', 'OS-EXT-SRV-ATTR:launch_index', 'OS-EXT-SRV-ATTR:ramdisk_id',
  'OS-EXT-SRV-ATTR:reservation_id', 'OS-EXT-SRV-ATTR:root_device_name', 'OS-EXT-SRV-ATTR:user_data'];

describe('the version history', () => {
  it('lists every version from 2.1 to the advertised maximum, in order, each with what it changes', async () => {
    const minors = MICROVERSIONS.map((m) => Number(m.version.split('.')[1]));
    expect(minors).toEqual(minors.map((_, i) => i + 1));
    for (const m of MICROVERSIONS) expect(m.changes.length, m.version).toBeGreaterThan(20);
    const doc = await h.call('GET', '/compute/v2.1', undefined, { token: null });
    expect(doc.body.version.version).toBe(MAX_VERSION);
    expect((await h.call('GET', `${C}/flavors`, undefined, at(MAX_VERSION))).status).toBe(200);
    const over = `2.${Number(MAX_VERSION.split('.')[1]) + 1}`;
    expect((await h.call('GET', `${C}/flavors`, undefined, at(over))).status).toBe(406);
  });
});

describe('server views by microversion', () => {
  it('2.1 stays as it was; 2.3 adds the extended attributes for admins and delete_on_termination', async () => {
    const id = await boot('Web_Server.01', '2.1', { user_data: 'IyEvYmluL3NoCmVjaG8gaGk=' });
    const v21 = await h.call('GET', `${C}/servers/${id}`, undefined, at('2.1'));
    expect(tempestSchemaError('v2_1.servers.get_server', v21)).toBe('');
    for (const k of [...EXT_23, 'locked', 'host_status', 'description']) expect(v21.body.server).not.toHaveProperty(k);
    const v23 = await h.call('GET', `${C}/servers/${id}`, undefined, at('2.3'));
    expect(tempestSchemaError('v2_3.servers.get_server', v23)).toBe('');
    expect(v23.body.server).toMatchObject({
      'OS-EXT-SRV-ATTR:hostname': 'web-server-01', 'OS-EXT-SRV-ATTR:launch_index': 0, 'OS-EXT-SRV-ATTR:kernel_id': '', 'OS-EXT-SRV-ATTR:ramdisk_id': '',
      'OS-EXT-SRV-ATTR:root_device_name': '/dev/vda', 'OS-EXT-SRV-ATTR:user_data': 'IyEvYmluL3NoCmVjaG8gaGk=',
    });
    expect(v23.body.server['OS-EXT-SRV-ATTR:reservation_id']).toMatch(/^r-/);
    const asDemo = await h.call('GET', `${C}/servers/${await boot('mine', '2.3', {}, h.demoToken)}`, undefined, at('2.3', h.demoToken));
    for (const k of EXT_23) expect(asDemo.body.server).not.toHaveProperty(k);
    expect(tempestSchemaError('v2_3.servers.get_server', asDemo)).toBe('');
    const list = await h.call('GET', `${C}/servers/detail`, undefined, at('2.3'));
    expect(tempestSchemaError('v2_3.servers.list_servers_detail', list)).toBe('');
  });

  it('names the hosts of a multiple create with their index, and refuses user_data that is not base64', async () => {
    const r = await h.call('POST', `${C}/servers`, bootBody('multi', { min_count: 2, max_count: 2 }), at('2.3'));
    expect(r.status).toBe(202);
    const rows = h.db.prepare('SELECT name, hostname, launch_index FROM instances WHERE name LIKE ? ORDER BY launch_index').all('multi-%');
    expect(rows).toEqual([{ name: 'multi-1', hostname: 'multi-1', launch_index: 0 }, { name: 'multi-2', hostname: 'multi-2', launch_index: 1 }]);
    const bad = await h.call('POST', `${C}/servers`, bootBody('bad', { user_data: 'not base64!' }), at('2.3'));
    expect(bad.status).toBe(400);
    expect(bad.body.badRequest.message).toBe("Invalid input for field/attribute user_data. Value: not base64!. 'not base64!' is not a 'base64'");
  });

  it('2.9 locked, 2.16 host_status for admins (not in PUT), each in its own schema', async () => {
    const id = await boot('lockme');
    expect((await h.call('POST', `${C}/servers/${id}/action`, { lock: null })).status).toBe(202);
    const v29 = await h.call('GET', `${C}/servers/${id}`, undefined, at('2.9'));
    expect(v29.body.server.locked).toBe(true);
    expect(v29.body.server).not.toHaveProperty('host_status');
    expect(tempestSchemaError('v2_9.servers.get_server', v29)).toBe('');
    const put = await h.call('PUT', `${C}/servers/${id}`, { server: { name: 'renamed' } }, at('2.9'));
    expect(put.body.server.locked).toBe(true);
    expect(tempestSchemaError('v2_9.servers.update_server', put)).toBe('');
    // PUT keeps the basic view below 2.75: no extension attributes, addresses without type and MAC.
    for (const k of Object.keys(put.body.server)) expect(k).not.toMatch(/^OS-(?!DCF)|^os-|^key_name$|^config_drive$/);
    for (const a of Object.values(put.body.server.addresses).flat() as Record<string, unknown>[]) expect(Object.keys(a).sort()).toEqual(['addr', 'version']);

    const show = async () => (await h.call('GET', `${C}/servers/${id}`, undefined, at('2.16'))).body.server.host_status;
    expect(await show()).toBe('UP');
    const v216 = await h.call('GET', `${C}/servers/${id}`, undefined, at('2.16'));
    expect(tempestSchemaError('v2_16.servers.get_server', v216)).toBe('');
    expect(tempestSchemaError('v2_16.servers.list_servers_detail', await h.call('GET', `${C}/servers/detail`, undefined, at('2.16')))).toBe('');
    h.db.prepare("UPDATE services SET disabled = 1 WHERE host = 'cmp1' AND binary = 'nova-compute'").run();
    expect(await show()).toBe('MAINTENANCE');
    h.db.prepare("UPDATE services SET forced_down = 1 WHERE host = 'cmp1' AND binary = 'nova-compute'").run();
    expect(await show()).toBe('DOWN');
    h.db.prepare("UPDATE services SET disabled = 0, forced_down = 0, last_seen_up = '2000-01-01T00:00:00Z' WHERE host = 'cmp1' AND binary = 'nova-compute'").run();
    expect(await show()).toBe('UNKNOWN');
    h.db.prepare("UPDATE services SET last_seen_up = ? WHERE host = 'cmp1' AND binary = 'nova-compute'").run(new Date().toISOString());
    h.db.prepare('UPDATE instances SET host = NULL WHERE uuid = ?').run(id);
    expect(await show()).toBe('');
    h.db.prepare("UPDATE instances SET host = 'cmp1' WHERE uuid = ?").run(id);
    const put216 = await h.call('PUT', `${C}/servers/${id}`, { server: { name: 'again' } }, at('2.16'));
    expect(put216.body.server).not.toHaveProperty('host_status');
    expect((await h.call('GET', `${C}/servers/${id}`, undefined, at('2.16', h.demoToken))).status).toBe(404);
  });

  it('2.5 lets non-admins filter by ip6 (no server has an IPv6 address here); below 2.5 the filter is ignored for them', async () => {
    await boot('v6-less', '2.1', {}, h.demoToken);
    const before = await h.call('GET', `${C}/servers?ip6=fd00`, undefined, at('2.4', h.demoToken));
    expect(before.body.servers.length).toBeGreaterThan(0);
    const after = await h.call('GET', `${C}/servers?ip6=fd00`, undefined, at('2.5', h.demoToken));
    expect(after.body.servers).toEqual([]);
  });
});

describe('os-services 2.11', () => {
  it('shows forced_down and forces a compute service down and up again', async () => {
    const v21 = await h.call('GET', `${C}/os-services`, undefined, at('2.1'));
    expect(v21.body.services[0]).not.toHaveProperty('forced_down');
    expect((await h.call('PUT', `${C}/os-services/force-down`, { host: 'cmp2', binary: 'nova-compute', forced_down: true }, at('2.10'))).status).toBe(404);
    const down = await h.call('PUT', `${C}/os-services/force-down`, { host: 'cmp2', binary: 'nova-compute', forced_down: true }, at('2.11'));
    expect(down.status).toBe(200);
    expect(down.body).toEqual({ service: { host: 'cmp2', binary: 'nova-compute', forced_down: true } });
    expect(tempestSchemaError('v2_11.services.update_forced_down', down)).toBe('');
    const list = await h.call('GET', `${C}/os-services?host=cmp2`, undefined, at('2.11'));
    expect(tempestSchemaError('v2_11.services.list_services', list)).toBe('');
    expect(list.body.services[0]).toMatchObject({ forced_down: true, state: 'down' });
    const up = await h.call('PUT', `${C}/os-services/force-down`, { host: 'cmp2', binary: 'nova-compute', forced_down: 'false' }, at('2.11'));
    expect(up.body.service.forced_down).toBe(false);
    expect((await h.call('GET', `${C}/os-services?host=cmp2`, undefined, at('2.11'))).body.services[0]).toMatchObject({ forced_down: false, state: 'up' });
    const sched = await h.call('PUT', `${C}/os-services/force-down`, { host: 'ctl1', binary: 'nova-scheduler', forced_down: true }, at('2.11'));
    expect(sched.body.badRequest.message).toBe('Updating a nova-scheduler service is not supported. Only nova-compute services can be updated.');
    const missing = await h.call('PUT', `${C}/os-services/force-down`, { host: 'cmp2', binary: 'nova-compute' }, at('2.11'));
    expect(missing.body.badRequest.message).toBe('Missing forced_down field');
    const unknown = await h.call('PUT', `${C}/os-services/force-down`, { host: 'nope', binary: 'nova-compute', forced_down: true }, at('2.11'));
    expect(unknown.body.itemNotFound.message).toBe('Could not find binary nova-compute on host nope.');
  });
});

describe('os-server-groups 2.13 and 2.15', () => {
  it('adds the owner from 2.13 and the soft policies from 2.15', async () => {
    const old = await h.call('POST', `${C}/os-server-groups`, { server_group: { name: 'g1', policies: ['affinity'] } }, at('2.12'));
    expect(old.body.server_group).not.toHaveProperty('project_id');
    const g = await h.call('POST', `${C}/os-server-groups`, { server_group: { name: 'g2', policies: ['anti-affinity'] } }, at('2.13'));
    expect(tempestSchemaError('v2_13.server_groups.create_show_server_group', g)).toBe('');
    expect(g.body.server_group).toMatchObject({ project_id: expect.any(String), user_id: expect.any(String) });
    expect(tempestSchemaError('v2_13.server_groups.list_server_groups', await h.call('GET', `${C}/os-server-groups`, undefined, at('2.13')))).toBe('');
    expect((await h.call('POST', `${C}/os-server-groups`, { server_group: { name: 'g3', policies: ['soft-affinity'] } }, at('2.14'))).status).toBe(400);
    expect((await h.call('POST', `${C}/os-server-groups`, { server_group: { name: 'g3', policies: ['soft-anti-affinity'] } }, at('2.1'))).status).toBe(400);
    const soft = await h.call('POST', `${C}/os-server-groups`, { server_group: { name: 'g3', policies: ['soft-anti-affinity'] } }, at('2.15'));
    expect(soft.status).toBe(200);
    expect(soft.body.server_group.policies).toEqual(['soft-anti-affinity']);
  });
});

describe('evacuate 2.14', () => {
  it('refuses onSharedStorage from 2.14 and requires it below', async () => {
    const id = await boot('evac');
    const v213 = await h.call('POST', `${C}/servers/${id}/action`, { evacuate: { host: 'cmp2' } }, at('2.13'));
    expect(v213.status).toBe(400);
    expect(v213.body.badRequest.message).toContain("'onSharedStorage' is a required property");
    const v214 = await h.call('POST', `${C}/servers/${id}/action`, { evacuate: { host: 'cmp2', onSharedStorage: false } }, at('2.14'));
    expect(v214.status).toBe(400);
    expect(v214.body.badRequest.message).toContain("Additional properties are not allowed ('onSharedStorage' was unexpected)");
  });
});

describe('os-migrateLive 2.25', () => {
  it('requires disk_over_commit below 2.25, refuses it from 2.25, and takes block_migration auto', async () => {
    const id = await boot('lm');
    const old = await h.call('POST', `${C}/servers/${id}/action`, { 'os-migrateLive': { host: null, block_migration: 'auto' } }, at('2.24'));
    expect(old.body.badRequest.message).toContain("'disk_over_commit' is a required property");
    const extra = await h.call('POST', `${C}/servers/${id}/action`, { 'os-migrateLive': { host: null, block_migration: true, disk_over_commit: false } }, at('2.25'));
    expect(extra.body.badRequest.message).toContain("Additional properties are not allowed ('disk_over_commit' was unexpected)");
    const bad = await h.call('POST', `${C}/servers/${id}/action`, { 'os-migrateLive': { host: null, block_migration: 'sometimes' } }, at('2.25'));
    expect(bad.status).toBe(400);
  });
});

describe('server migrations 2.23 and 2.24', () => {
  it('lists and shows a live migration in progress, in tempest\'s 2.23 os-migrations schema', async () => {
    const id = await boot('mover');
    const m = new MigrationDb(h.db).create({ instance_uuid: id, status: 'running', migration_type: 'live-migration', source_compute: 'cmp1', dest_compute: 'cmp2', source_node: 'cmp1', dest_node: 'cmp2', old_instance_type_id: '1', new_instance_type_id: '1' });
    expect((await h.call('GET', `${C}/servers/${id}/migrations`, undefined, at('2.22'))).status).toBe(404);
    const list = await h.call('GET', `${C}/servers/${id}/migrations`, undefined, at('2.23'));
    expect(list.body.migrations).toHaveLength(1);
    expect(list.body.migrations[0]).toMatchObject({ id: m.id, server_uuid: id, status: 'running', source_compute: 'cmp1', dest_compute: 'cmp2', memory_total_bytes: null });
    expect(list.body.migrations[0]).not.toHaveProperty('instance_uuid');
    const one = await h.call('GET', `${C}/servers/${id}/migrations/${m.id}`, undefined, at('2.23'));
    expect(one.body.migration).toEqual(list.body.migrations[0]);
    const all = await h.call('GET', `${C}/os-migrations`, undefined, at('2.23'));
    expect(tempestSchemaError('v2_23.migrations.list_migrations', all)).toBe('');
    expect(all.body.migrations.find((x: { id: number }) => x.id === m.id)).toMatchObject({ migration_type: 'live-migration', links: expect.any(Array) });
    // 2.24: locked and task-state refusals are 409, an unknown migration 404.
    expect((await h.call('DELETE', `${C}/servers/${id}/migrations/${m.id}`, undefined, at('2.24'))).status).toBe(409);
    h.db.prepare("UPDATE instances SET task_state = 'migrating' WHERE uuid = ?").run(id);
    const missing = await h.call('DELETE', `${C}/servers/${id}/migrations/99999`, undefined, at('2.24'));
    expect(missing.body.itemNotFound.message).toBe(`Migration 99999 not found for instance ${id}`);
    new MigrationDb(h.db).update(m.id, { status: 'completed' });
    expect((await h.call('GET', `${C}/servers/${id}/migrations/${m.id}`, undefined, at('2.23'))).body.itemNotFound.message).toBe(`Live migration ${m.id} for server ${id} is not in progress.`);
    const done = await h.call('DELETE', `${C}/servers/${id}/migrations/${m.id}`, undefined, at('2.24'));
    expect(done.body.badRequest.message).toBe(`Migration ${m.id} state of instance ${id} is completed. Cannot abort live migration while the migration is in this state.`);
    const fc = await h.call('POST', `${C}/servers/${id}/migrations/${m.id}/action`, { force_complete: null }, at('2.22'));
    expect(fc.body.badRequest.message).toBe(`Migration ${m.id} state of instance ${id} is completed. Cannot force complete while the migration is in this state.`);
    expect((await h.call('POST', `${C}/servers/${id}/migrations/${m.id}/action`, { force_complete: 1 }, at('2.22'))).status).toBe(400);
    expect((await h.call('POST', `${C}/servers/${id}/migrations/${m.id}/action`, { force_complete: null }, at('2.21'))).status).toBe(404);
  });
});

describe('trigger_crash_dump 2.17', () => {
  it('is unknown below 2.17, then casts to the host and records the action', async () => {
    const id = await boot('crashy');
    const old = await h.call('POST', `${C}/servers/${id}/action`, { trigger_crash_dump: null }, at('2.16'));
    expect(old.status).toBe(404);
    const bad = await h.call('POST', `${C}/servers/${id}/action`, { trigger_crash_dump: {} }, at('2.17'));
    expect(bad.body.badRequest.message).toBe("Invalid input for field/attribute trigger_crash_dump. Value: {}. {} is not of type 'null'");
    const r = await h.call('POST', `${C}/servers/${id}/action`, { trigger_crash_dump: null }, at('2.17'));
    expect(r.status).toBe(202);
    const casts = () => h.recorded.filter((x) => x.method === 'trigger_crash_dump' && x.args.uuid === id);
    for (let i = 0; i < 50 && casts().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(casts()).toHaveLength(1);
    const actions = await h.call('GET', `${C}/servers/${id}/os-instance-actions`, undefined, at('2.17'));
    expect(actions.body.instanceActions[0].action).toBe('trigger_crash_dump');
    h.db.prepare("UPDATE instances SET vm_state = 'stopped' WHERE uuid = ?").run(id);
    const stopped = await h.call('POST', `${C}/servers/${id}/action`, { trigger_crash_dump: null }, at('2.17'));
    expect(stopped.status).toBe(409);
    expect(stopped.body.conflictingRequest.message).toBe(`Cannot 'trigger_crash_dump' instance ${id} while it is in vm_state stopped`);
  });
});

describe('description 2.19', () => {
  it('is the name below 2.19, set, changed and cleared from 2.19, in tempest\'s 2.19 schemas', async () => {
    const named = await boot('old-style', '2.18');
    expect((await h.call('GET', `${C}/servers/${named}`, undefined, at('2.19'))).body.server.description).toBe('old-style');
    expect((await h.call('GET', `${C}/servers/${named}`, undefined, at('2.18'))).body.server).not.toHaveProperty('description');
    const id = await boot('described', '2.19', { description: 'a web server' });
    const shown = await h.call('GET', `${C}/servers/${id}`, undefined, at('2.19'));
    expect(shown.body.server.description).toBe('a web server');
    expect(tempestSchemaError('v2_19.servers.get_server', shown)).toBe('');
    const none = await boot('undescribed', '2.19');
    expect((await h.call('GET', `${C}/servers/${none}`, undefined, at('2.19'))).body.server.description).toBeNull();
    const put = await h.call('PUT', `${C}/servers/${id}`, { server: { description: 'changed' } }, at('2.19'));
    expect(put.body.server.description).toBe('changed');
    expect(tempestSchemaError('v2_19.servers.update_server', put)).toBe('');
    expect((await h.call('PUT', `${C}/servers/${id}`, { server: { description: null } }, at('2.19'))).body.server.description).toBeNull();
    const long = await h.call('PUT', `${C}/servers/${id}`, { server: { description: 'x'.repeat(256) } }, at('2.19'));
    expect(long.status).toBe(400);
    expect(long.body.badRequest.message).toContain('is too long');
    const rebuilt = await h.call('POST', `${C}/servers/${id}/action`, { rebuild: { imageRef: DEFAULT_CLOUD.image.id, description: 'rebuilt' } }, at('2.19'));
    expect(rebuilt.status).toBe(202);
    expect(rebuilt.body.server.description).toBe('rebuilt');
    expect(tempestSchemaError('v2_19.servers.rebuild_server_with_admin_pass', rebuilt)).toBe('');
    const old = await h.call('POST', `${C}/servers/${id}/action`, { rebuild: { imageRef: DEFAULT_CLOUD.image.id, description: 'x' } }, at('2.18'));
    expect(old.status).toBe(400);
  });
});

describe('instance actions of a deleted server 2.21', () => {
  it('404 below 2.21, the actions from 2.21', async () => {
    const id = await boot('gone');
    h.db.prepare("UPDATE instances SET vm_state = 'deleted', deleted_at = ? WHERE uuid = ?").run(new Date().toISOString(), id);
    expect((await h.call('GET', `${C}/servers/${id}/os-instance-actions`, undefined, at('2.20'))).status).toBe(404);
    const r = await h.call('GET', `${C}/servers/${id}/os-instance-actions`, undefined, at('2.21'));
    expect(r.status).toBe(200);
    expect(r.body.instanceActions.map((a: { action: string }) => a.action)).toContain('create');
    expect(tempestSchemaError('v2_1.servers.list_instance_actions', r)).toBe('');
  });
});
