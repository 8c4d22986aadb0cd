// Microversions from 2.73 over real HTTP against the harness compute, each version's request and
// response changes in Nova's words, checked with tempest's schema of the version where it has one.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLOUD, stableId } from '../../../stack/db/seed.js';
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

const action = (id: string, body: unknown, v: string, token?: string) => h.call('POST', `${C}/servers/${id}/action`, body, at(v, token));
const names = async (query: string, v: string, token?: string) => {
  const r = await h.call('GET', `${C}/servers?${query}`, undefined, at(v, token));
  expect(r.status, r.text).toBe(200);
  return (r.body.servers as { name: string }[]).map((s) => s.name);
};

describe('2.73: lock with a reason', () => {
  it('the reason is kept in system metadata and shown by show, detail, PUT and rebuild; unlock clears it', async () => {
    const id = await boot('lock73');
    expect((await action(id, { lock: { locked_reason: 'under investigation' } }, '2.73')).status).toBe(202);
    expect(h.db.prepare("SELECT value FROM instance_system_metadata WHERE instance_uuid = ? AND key = 'locked_reason'").pluck().get(id)).toBe('under investigation');
    const shown = await h.call('GET', `${C}/servers/${id}`, undefined, at('2.73'));
    expect(shown.body.server).toMatchObject({ locked: true, locked_reason: 'under investigation' });
    expect(tempestSchemaError('v2_73.servers.get_server', shown)).toBe('');
    const detail = await h.call('GET', `${C}/servers/detail?name=^lock73$`, undefined, at('2.73'));
    expect(detail.body.servers[0].locked_reason).toBe('under investigation');
    expect(tempestSchemaError('v2_73.servers.list_servers_detail', detail)).toBe('');
    const updated = await h.call('PUT', `${C}/servers/${id}`, { server: { name: 'lock73' } }, at('2.73'));
    expect(updated.body.server.locked_reason).toBe('under investigation');
    expect(tempestSchemaError('v2_73.servers.update_server', updated)).toBe('');
    const rebuilt = await action(id, { rebuild: { imageRef: DEFAULT_CLOUD.image.id } }, '2.73');
    expect(rebuilt.status, rebuilt.text).toBe(202);
    expect(rebuilt.body.server.locked_reason).toBe('under investigation');
    expect(tempestSchemaError('v2_73.servers.rebuild_server_with_admin_pass', rebuilt)).toBe('');
    h.db.prepare("UPDATE instances SET task_state = NULL WHERE uuid = ?").run(id);
    // At 2.72 the field is not there.
    expect((await h.call('GET', `${C}/servers/${id}`, undefined, at('2.72'))).body.server).not.toHaveProperty('locked_reason');
    expect((await action(id, { unlock: null }, '2.73')).status).toBe(202);
    const after = await h.call('GET', `${C}/servers/${id}`, undefined, at('2.73'));
    expect(after.body.server).toMatchObject({ locked: false, locked_reason: null });
    expect(h.db.prepare('SELECT COUNT(*) FROM instance_system_metadata WHERE instance_uuid = ?').pluck().get(id)).toBe(0);
    expect(h.log('nova-api.log')).toMatch(/DEBUG nova\.compute\.api .*\[instance: [0-9a-f-]+\] Locking/);
  });

  it('below 2.73 the value is not read; a lock without a reason has none; the owner re-locking changes nothing', async () => {
    const id = await boot('lock72', '2.1', {}, h.demoToken);
    expect((await action(id, { lock: { locked_reason: 'ignored', anything: 1 } }, '2.72', h.demoToken)).status).toBe(202);
    expect((await h.call('GET', `${C}/servers/${id}`, undefined, at('2.73'))).body.server).toMatchObject({ locked: true, locked_reason: null });
    const actions = () => h.db.prepare("SELECT COUNT(*) FROM instance_actions WHERE instance_uuid = ? AND action = 'lock'").pluck().get(id);
    expect(actions()).toBe(1);
    expect((await action(id, { lock: { locked_reason: 'again' } }, '2.73', h.demoToken)).status).toBe(202);
    expect(actions()).toBe(1);
    expect((await h.call('GET', `${C}/servers/${id}`, undefined, at('2.73'))).body.server.locked_reason).toBeNull();
    // An admin (not the owner) updates the lock and its reason.
    expect((await action(id, { lock: { locked_reason: 'admin says' } }, '2.73')).status).toBe(202);
    expect(actions()).toBe(2);
    expect((await h.call('GET', `${C}/servers/${id}`, undefined, at('2.73'))).body.server.locked_reason).toBe('admin says');
    await action(id, { unlock: null }, '2.73');
  });

  it('the request schema in jsonschema\'s words', async () => {
    const id = await boot('lockbad');
    const refused = async (body: unknown) => {
      const r = await action(id, body, '2.73');
      expect(r.status, r.text).toBe(400);
      return r.body.badRequest.message as string;
    };
    expect(await refused({ lock: { locked_reason: '' } })).toBe("Invalid input for field/attribute locked_reason. Value: . '' should be non-empty");
    expect(await refused({ lock: { locked_reason: 'x'.repeat(256) } })).toBe(`Invalid input for field/attribute locked_reason. Value: ${'x'.repeat(256)}. '${'x'.repeat(256)}' is too long`);
    expect(await refused({ lock: { locked_reason: 5 } })).toBe("Invalid input for field/attribute locked_reason. Value: 5. 5 is not of type 'string'");
    expect(await refused({ lock: { reason: 'x' } })).toBe("Invalid input for field/attribute lock. Value: {'reason': 'x'}. Additional properties are not allowed ('reason' was unexpected)");
    expect(await refused({ lock: 'x' })).toBe("Invalid input for field/attribute lock. Value: x. 'x' is not of type 'object', 'null'");
    expect((await action(id, { lock: null }, '2.73')).status).toBe(202);
    expect((await action(id, { lock: {} }, '2.73')).status).toBe(202);
    await action(id, { unlock: null }, '2.73');
  });

  it('the locked filter (users from 2.73, admins always) and sorting by locked from 2.73', async () => {
    const a = await boot('lf-a', '2.1', {}, h.demoToken);
    await boot('lf-b', '2.1', {}, h.demoToken);
    await action(a, { lock: null }, '2.73', h.demoToken);
    expect(await names('name=^lf-&locked=true', '2.73', h.demoToken)).toEqual(['lf-a']);
    expect(await names('name=^lf-&locked=no', '2.73', h.demoToken)).toEqual(['lf-b']);
    // A user's locked below 2.73 is dropped as an unknown filter; an admin's is applied.
    expect(await names('name=^lf-&locked=true', '2.72', h.demoToken)).toEqual(['lf-b', 'lf-a']);
    expect(await names('name=^lf-&locked=true&all_tenants=1', '2.72')).toEqual(['lf-a']);
    const bad = await h.call('GET', `${C}/servers?locked=maybe`, undefined, at('2.73', h.demoToken));
    expect(bad.status).toBe(400);
    expect(bad.body.badRequest.message).toBe("Invalid input received: Unrecognized value 'maybe', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'");
    // sort_key=locked: ignored below 2.73 (created_at desc, id desc are gone with it: created_at asc), a key from 2.73.
    expect(await names('name=^lf-&sort_key=locked&sort_dir=desc', '2.73', h.demoToken)).toEqual(['lf-a', 'lf-b']);
    expect(await names('name=^lf-&sort_key=locked&sort_dir=asc', '2.73', h.demoToken)).toEqual(['lf-b', 'lf-a']);
    expect(await names('name=^lf-&sort_key=locked&sort_dir=desc', '2.72', h.demoToken)).toEqual(['lf-a', 'lf-b']);
    expect(await names('name=^lf-&sort_key=display_name&sort_dir=desc', '2.72', h.demoToken)).toEqual(['lf-b', 'lf-a']);
    const host = await h.call('GET', `${C}/servers?sort_key=host`, undefined, at('2.73', h.demoToken));
    expect(host.status).toBe(403);
    expect(host.body.forbidden.message).toBe('Only administrators can sort servers by host');
    const dir = await h.call('GET', `${C}/servers?sort_key=uuid&sort_dir=up`, undefined, at('2.73', h.demoToken));
    expect(dir.body.badRequest.message).toBe("Invalid input received: Unknown sort direction, must be 'desc' or 'asc'");
    const key = await h.call('GET', `${C}/servers?sort_key=colour`, undefined, at('2.73', h.demoToken));
    expect(key.body.badRequest.message).toMatch(/^Invalid input for query parameters sort_key\. Value: colour\. 'colour' is not one of \['locked', /);
    await action(a, { unlock: null }, '2.73', h.demoToken);
  });
});

describe('2.74: boot on a requested host and/or node', () => {
  const server = (extra: Record<string, unknown>) => ({ server: { name: 'dest74', imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: DEFAULT_CLOUD.network.id }], ...extra } });
  const post = (v: string, extra: Record<string, unknown>, token?: string) => h.call('POST', `${C}/servers`, server(extra), at(v, token));
  const lastSpec = () => (h.recorded.filter((r) => r.method === 'schedule_and_build_instances').at(-1)!.args.request_spec) as Record<string, any>;

  it('host and hypervisor_hostname become the request spec\'s requested_destination (not saved with the instance)', async () => {
    const both = await post('2.74', { host: 'cmp2', hypervisor_hostname: 'cmp2' });
    expect(both.status, both.text).toBe(202);
    await expect.poll(() => lastSpec().instance_uuid).toBe(both.body.server.id);
    expect(lastSpec().requested_destination).toEqual({ host: 'cmp2', node: 'cmp2' });
    expect(lastSpec().scheduler_hints).not.toHaveProperty('force_host');
    expect(JSON.parse(h.db.prepare('SELECT request_spec FROM instances WHERE uuid = ?').pluck().get(both.body.server.id) as string)).not.toHaveProperty('requested_destination');
    const host = await post('2.74', { host: 'cmp1' });
    expect(host.status, host.text).toBe(202);
    await expect.poll(() => lastSpec().instance_uuid).toBe(host.body.server.id);
    expect(lastSpec().requested_destination).toEqual({ host: 'cmp1', node: null });
    // A node alone is looked up in placement (a resource provider of that name).
    const provider = await fetch(`http://127.0.0.1:${h.cfg.ports.placement}/placement/resource_providers`, {
      method: 'POST', body: JSON.stringify({ name: 'cmp2' }),
      headers: { 'X-Auth-Token': h.adminToken, 'OpenStack-API-Version': 'placement 1.20', 'Content-Type': 'application/json' },
    });
    expect(provider.status).toBe(200);
    const node = await post('2.74', { hypervisor_hostname: 'cmp2' });
    expect(node.status, node.text).toBe(202);
    await expect.poll(() => lastSpec().instance_uuid).toBe(node.body.server.id);
    expect(lastSpec().requested_destination).toEqual({ host: null, node: 'cmp2' });
    // A boot without them has no destination.
    const plain = await post('2.74', {});
    await expect.poll(() => lastSpec().instance_uuid).toBe(plain.body.server.id);
    expect(lastSpec()).not.toHaveProperty('requested_destination');
  });

  it('unknown host or node, the zone:host:node form beside them, the policy, the schema, and below 2.74', async () => {
    const refused = async (extra: Record<string, unknown>, v = '2.74', status = 400) => {
      const r = await post(v, extra);
      expect(r.status, r.text).toBe(status);
      return (r.body.badRequest ?? r.body.forbidden).message as string;
    };
    expect(await refused({ host: 'nowhere' })).toBe('Compute host nowhere could not be found.');
    expect(h.log('nova-api.log')).toMatch(/WARNING nova\.compute\.api \[[^\]]*\] No host-to-cell mapping found for host nowhere\./);
    expect(await refused({ host: 'cmp1', hypervisor_hostname: 'cmp2' })).toBe('Compute host cmp1 could not be found.');
    expect(await refused({ hypervisor_hostname: 'ghost' })).toBe('Compute host ghost could not be found.');
    expect(await refused({ host: 'cmp1', availability_zone: 'nova:cmp1' })).toBe('One mechanism with host and/or hypervisor_hostname and another mechanism with zone:host:node are mutually exclusive.');
    expect(await refused({ host: 'bad host' })).toBe("Invalid input for field/attribute host. Value: bad host. 'bad host' does not match '^[a-zA-Z0-9-._]*$'");
    expect(await refused({ hypervisor_hostname: '' })).toBe("Invalid input for field/attribute hypervisor_hostname. Value: . '' should be non-empty");
    expect(await refused({ host: 7 })).toBe("Invalid input for field/attribute host. Value: 7. 7 is not of type 'string'");
    expect(await refused({ host: 'cmp1' }, '2.73')).toMatch(/^Invalid input for field\/attribute server\. Value: \{.*\}\. Additional properties are not allowed \('host' was unexpected\)$/);
    const user = await post('2.74', { host: 'cmp1' }, h.demoToken);
    expect(user.status).toBe(403);
    expect(user.body.forbidden.message).toBe("Policy doesn't allow compute:servers:create:requested_destination to be performed.");
  });
});

describe('2.75: API consistency', () => {
  it('PUT and rebuild answer the whole server as show does (tempest v2_75); below 2.75 the basic view', async () => {
    const id = await boot('whole75');
    const updated = await h.call('PUT', `${C}/servers/${id}`, { server: { name: 'whole75' } }, at('2.75'));
    expect(updated.status).toBe(200);
    expect(updated.body.server).toMatchObject({ 'OS-EXT-STS:vm_state': 'active', 'OS-EXT-SRV-ATTR:host': 'cmp1', 'OS-EXT-AZ:availability_zone': expect.any(String), key_name: null });
    expect(updated.body.server).toHaveProperty('OS-EXT-SRV-ATTR:user_data');
    expect(tempestSchemaError('v2_75.servers.update_server', updated)).toBe('');
    const shown = await h.call('GET', `${C}/servers/${id}`, undefined, at('2.75'));
    expect(Object.keys(updated.body.server).sort()).toEqual(Object.keys(shown.body.server).sort());
    const old = await h.call('PUT', `${C}/servers/${id}`, { server: { name: 'whole75' } }, at('2.74'));
    expect(old.body.server).not.toHaveProperty('OS-EXT-STS:vm_state');
    expect(tempestSchemaError('v2_73.servers.update_server', old)).toBe('');
    const rebuilt = await action(id, { rebuild: { imageRef: DEFAULT_CLOUD.image.id } }, '2.75');
    expect(rebuilt.status, rebuilt.text).toBe(202);
    expect(rebuilt.body.server).toMatchObject({ 'OS-EXT-STS:task_state': 'rebuilding', 'OS-EXT-SRV-ATTR:host': 'cmp1', user_data: null });
    expect(rebuilt.body.server).not.toHaveProperty('OS-EXT-SRV-ATTR:user_data');
    expect(tempestSchemaError('v2_75.servers.rebuild_server_with_admin_pass', rebuilt)).toBe('');
    h.db.prepare('UPDATE instances SET task_state = NULL WHERE uuid = ?').run(id);
    const oldRebuild = await action(id, { rebuild: { imageRef: DEFAULT_CLOUD.image.id } }, '2.74');
    expect(oldRebuild.body.server).not.toHaveProperty('OS-EXT-STS:task_state');
    h.db.prepare('UPDATE instances SET task_state = NULL WHERE uuid = ?').run(id);
  });

  it('unknown query parameters are 400 from 2.75 (ignored before), and the sort keys Nova ignored are refused', async () => {
    const paths = ['/servers?colour=red', '/servers/detail?colour=red', '/flavors?colour=red', '/flavors/detail?colour=red', '/os-keypairs?colour=red',
      '/os-services?colour=red', `/os-quota-sets/${stableId('project', 'demo')}?colour=red`, `/os-quota-sets/${stableId('project', 'demo')}/detail?colour=red`,
      '/os-server-groups?colour=red'];
    for (const p of paths) {
      expect((await h.call('GET', `${C}${p}`, undefined, at('2.74'))).status, p).toBe(200);
      const r = await h.call('GET', `${C}${p}`, undefined, at('2.75'));
      expect(r.status, p).toBe(400);
      expect(r.body.badRequest.message, p).toBe("Additional properties are not allowed ('colour' was unexpected)");
    }
    const two = await h.call('GET', `${C}/servers?zeta=1&alpha=2&name=x`, undefined, at('2.75'));
    expect(two.body.badRequest.message).toBe("Additional properties are not allowed ('alpha', 'zeta' were unexpected)");
    // Every parameter the schema names is still taken.
    expect((await h.call('GET', `${C}/servers?locked=false&changes-before=2100-01-01T00:00:00Z&tags=a&limit=5&sort_key=display_name&sort_dir=asc&metadata=x&_x=1`, undefined, at('2.75', h.demoToken))).status).toBe(200);
    expect((await h.call('GET', `${C}/servers?sort_key=id`, undefined, at('2.74'))).status).toBe(200);
    const id = await h.call('GET', `${C}/servers?sort_key=id`, undefined, at('2.75'));
    expect(id.status).toBe(400);
    expect(id.body.badRequest.message).toMatch(/^Invalid input for query parameters sort_key\. Value: id\. 'id' is not one of \[/);
  });

  it('flavors answer swap 0 (not "") for none; os-hypervisors with_servers answers servers: [] for a node without any', async () => {
    const f = async (v: string) => (await h.call('GET', `${C}/flavors/1`, undefined, at(v))).body.flavor.swap;
    expect(await f('2.74')).toBe('');
    expect(await f('2.75')).toBe(0);
    const detail = await h.call('GET', `${C}/flavors/detail`, undefined, at('2.75'));
    expect(detail.body.flavors.every((x: { swap: unknown }) => typeof x.swap === 'number')).toBe(true);
    const hyp = async (v: string) => (await h.call('GET', `${C}/os-hypervisors?with_servers=true&hypervisor_hostname_pattern=cmp2`, undefined, at(v))).body.hypervisors[0];
    h.db.prepare("UPDATE instances SET deleted_at = COALESCE(deleted_at, '2026-01-01') WHERE host = 'cmp2'").run();
    expect(await hyp('2.74')).not.toHaveProperty('servers');
    expect((await hyp('2.75')).servers).toEqual([]);
  });
});

describe('2.76: the power-update external event', () => {
  const send = (v: string, events: Record<string, unknown>[]) => h.call('POST', `${C}/os-server-external-events`, { events }, at(v));
  const casts = (uuid: string) => h.recorded.filter((r) => r.method === 'external_instance_event' && r.args.uuid === uuid);
  const actions = (uuid: string) => h.db.prepare('SELECT action FROM instance_actions WHERE instance_uuid = ? ORDER BY id').pluck().all(uuid);

  it('POWER_ON starts a start action and POWER_OFF a stop action, each cast to the host; refused below 2.76', async () => {
    const id = await boot('power76');
    const old = await send('2.75', [{ name: 'power-update', server_uuid: id, tag: 'POWER_OFF' }]);
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toBe("Invalid input for field/attribute name. Value: power-update. 'power-update' is not one of ['network-changed', 'network-vif-plugged', 'network-vif-unplugged', 'network-vif-deleted', 'volume-extended']");
    const off = await send('2.76', [{ name: 'power-update', server_uuid: id, tag: 'POWER_OFF' }]);
    expect(off.status, off.text).toBe(200);
    expect(off.body.events).toEqual([{ name: 'power-update', server_uuid: id, tag: 'POWER_OFF', status: 'completed', code: 200 }]);
    const on = await send('2.76', [{ name: 'power-update', server_uuid: id, tag: 'POWER_ON' }]);
    expect(on.status).toBe(200);
    await expect.poll(() => casts(id).length).toBe(2);
    expect(casts(id).map((c) => [c.topic, c.args.name, c.args.tag])).toEqual([['compute.cmp1', 'power-update', 'POWER_OFF'], ['compute.cmp1', 'power-update', 'POWER_ON']]);
    expect(actions(id)).toEqual(['create', 'stop', 'start']);
  });

  it('the answer codes per event: no tag 400, unknown server 404, no host 422 (207 overall); another tag is accepted and skipped', async () => {
    const id = await boot('power76b');
    const noHost = await boot('power76c');
    h.db.prepare('UPDATE instances SET host = NULL WHERE uuid = ?').run(noHost);
    const ghost = '00000000-0000-4000-8000-000000000076';
    const r = await send('2.76', [
      { name: 'power-update', server_uuid: id }, { name: 'power-update', server_uuid: ghost, tag: 'POWER_ON' },
      { name: 'power-update', server_uuid: noHost, tag: 'POWER_ON' },
    ]);
    expect(r.status).toBe(207);
    expect(r.body.events.map((e: { code: number; status: string }) => [e.code, e.status])).toEqual([[400, 'failed'], [404, 'failed'], [422, 'failed']]);
    const odd = await send('2.76', [{ name: 'power-update', server_uuid: id, tag: 'REBOOT' }]);
    expect(odd.status).toBe(200);
    expect(odd.body.events[0]).toMatchObject({ code: 200, status: 'completed' });
    expect(h.log('nova-api.log')).toContain(`WARNING nova.compute.api [`);
    expect(h.log('nova-api.log')).toContain(`Invalid power state REBOOT. Cannot process the event InstanceExternalEvent(data=<?>,instance_uuid=${id},name='power-update',status='completed',tag='REBOOT'). Skipping it.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(casts(id)).toEqual([]);
    expect(actions(id)).toEqual(['create']);
  });
});

describe('2.77: unshelve into an availability zone', () => {
  const specZone = (id: string) => (JSON.parse(h.db.prepare('SELECT request_spec FROM instances WHERE uuid = ?').pluck().get(id) as string) as { availability_zone: string | null }).availability_zone;
  const offload = (id: string, state = 'shelved_offloaded') => h.db.prepare('UPDATE instances SET vm_state = ?, task_state = NULL, host = ?, node = ? WHERE uuid = ?')
    .run(state, state === 'shelved' ? 'cmp1' : null, state === 'shelved' ? 'cmp1' : null, id);

  it('a shelved_offloaded server\'s request spec takes the zone; below 2.77 the value is not read', async () => {
    const agg = await h.call('POST', `${C}/os-aggregates`, { aggregate: { name: 'agg77', availability_zone: 'az77' } });
    expect(agg.status, agg.text).toBe(200);
    expect((await h.call('POST', `${C}/os-aggregates/${agg.body.aggregate.id}/action`, { add_host: { host: 'cmp2' } })).status).toBe(200);
    const id = await boot('unshelve77');
    offload(id);
    const before = specZone(id);
    expect((await action(id, { unshelve: { availability_zone: 'az77' } }, '2.76')).status).toBe(202);
    expect(specZone(id)).toBe(before);
    expect(h.log('nova-api.log')).toContain(`Unshelving instance with old availability_zone "${before ?? 'None'}" to new availability_zone "not provided" and host "None".`);
    offload(id);
    const moved = await action(id, { unshelve: { availability_zone: 'az77' } }, '2.77');
    expect(moved.status, moved.text).toBe(202);
    expect(specZone(id)).toBe('az77');
    expect(h.db.prepare('SELECT task_state FROM instances WHERE uuid = ?').pluck().get(id)).toBe('unshelving');
    expect(h.log('nova-api.log')).toContain(`to new availability_zone "az77" and host "None".`);
    // null: unshelve without a zone (the spec keeps its zone).
    offload(id);
    expect((await action(id, { unshelve: null }, '2.77')).status).toBe(202);
    expect(specZone(id)).toBe('az77');
  });

  it('409 unless shelved_offloaded, 400 for an unknown zone, and the request schema', async () => {
    const id = await boot('unshelve77b');
    offload(id, 'shelved');
    const shelved = await action(id, { unshelve: { availability_zone: 'nova' } }, '2.77');
    expect(shelved.status).toBe(409);
    expect(shelved.body.conflictingRequest.message).toBe(`Specifying an availability zone or a host when unshelving server "${id}" with status "shelved" is not supported. The server status must be SHELVED_OFFLOADED.`);
    // Unshelving a shelved server without a zone is fine.
    expect((await action(id, { unshelve: null }, '2.77')).status).toBe(202);
    offload(id);
    const unknown = await action(id, { unshelve: { availability_zone: 'atlantis' } }, '2.77');
    expect(unknown.status).toBe(400);
    expect(unknown.body.badRequest.message).toBe('The requested availability zone is not available');
    const refused = async (body: unknown) => (await action(id, body, '2.77')).body.badRequest.message as string;
    expect(await refused({ unshelve: {} })).toBe("Invalid input for field/attribute unshelve. Value: {}. 'availability_zone' is a required property");
    expect(await refused({ unshelve: { availability_zone: 'nova', host: 'cmp1' } })).toBe("Invalid input for field/attribute unshelve. Value: {'availability_zone': 'nova', 'host': 'cmp1'}. Additional properties are not allowed ('host' was unexpected)");
    expect(await refused({ unshelve: { availability_zone: 5 } })).toBe("Invalid input for field/attribute availability_zone. Value: 5. 5 is not of type 'string'");
    expect(await refused({ unshelve: 'az' })).toBe("Invalid input for field/attribute unshelve. Value: az. 'az' is not of type 'object', 'null'");
    expect(h.db.prepare('SELECT task_state FROM instances WHERE uuid = ?').pluck().get(id)).toBeNull();
    expect(h.db.prepare("SELECT COUNT(*) FROM instance_actions WHERE instance_uuid = ? AND action = 'unshelve'").pluck().get(id)).toBe(1);
  });
});

/** Nova's schemas/server_topology.index_response (tempest has none for 2.78), checked with jsonschema. */
const TOPOLOGY_SCHEMA = {
  type: 'object', required: ['nodes', 'pagesize_kb'], additionalProperties: false,
  properties: {
    nodes: { type: 'array', items: { type: 'object', required: ['memory_mb', 'siblings', 'vcpu_set'], additionalProperties: false, properties: {
      cpu_pinning: { type: 'object', patternProperties: { '^[0-9]+$': { type: 'integer' } }, additionalProperties: false },
      host_node: { type: 'integer' }, memory_mb: { type: 'integer' },
      siblings: { type: 'array', items: { type: 'array', items: { type: 'integer' } } }, vcpu_set: { type: 'array', items: { type: 'integer' } },
    } } },
    pagesize_kb: { type: ['integer', 'null'] },
  },
};
function novaSchemaError(body: unknown): string {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import json,sys,jsonschema; d=json.load(sys.stdin); jsonschema.validate(d["body"], d["schema"])'], { input: JSON.stringify({ body, schema: TOPOLOGY_SCHEMA }), encoding: 'utf8' });
  return r.status === 0 ? '' : r.stderr.trim().split('\n').pop()!;
}

describe('2.78: GET /servers/{id}/topology', () => {
  const topology = (id: string, v = '2.78', token?: string) => h.call('GET', `${C}/servers/${id}/topology`, undefined, at(v, token));

  it('the cells the host claim gave the server; host_node and cpu_pinning for admins only; 404 below 2.78', async () => {
    const id = await boot('topo78', '2.1', {}, h.demoToken);
    h.db.prepare('UPDATE instances SET numa_topology = ? WHERE uuid = ?').run(JSON.stringify({ cells: [
      { id: 1, cpuset: [0, 1], memory: 256, pagesize: 2048, cpu_pinning: { 0: 4, 1: 5 } }, { id: 0, cpuset: [2, 3], memory: 256, pagesize: 2048, cpu_pinning: null },
    ] }), id);
    const admin = await topology(id);
    expect(admin.status, admin.text).toBe(200);
    expect(admin.body).toEqual({ nodes: [
      { vcpu_set: [0, 1], siblings: [], memory_mb: 256, host_node: 1, cpu_pinning: { 0: 4, 1: 5 } },
      { vcpu_set: [2, 3], siblings: [], memory_mb: 256, host_node: 0, cpu_pinning: {} },
    ], pagesize_kb: 2048 });
    expect(novaSchemaError(admin.body)).toBe('');
    const user = await topology(id, '2.78', h.demoToken);
    expect(user.body.nodes[0]).toEqual({ vcpu_set: [0, 1], siblings: [], memory_mb: 256 });
    expect(novaSchemaError(user.body)).toBe('');
    expect((await topology(id, '2.77')).status).toBe(404);
  });

  it('a server without a NUMA topology: no nodes, no page size; another project\'s server is 404', async () => {
    const id = await boot('flat78');
    const r = await topology(id);
    expect(r.body).toEqual({ nodes: [], pagesize_kb: null });
    expect(novaSchemaError(r.body)).toBe('');
    const theirs = await topology(id, '2.78', h.demoToken);
    expect(theirs.status).toBe(404);
    expect(theirs.body.itemNotFound.message).toBe(`Instance ${id} could not be found.`);
  });
});
