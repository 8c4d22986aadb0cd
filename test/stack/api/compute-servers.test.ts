// The nova API's servers over real HTTP against a recording stand-in for the conductor and the
// compute hosts: boot requests, request ids, state checks, actions, delete, quota, isolation.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CLOUD, stableId } from '../../../stack/db/seed.js';
import { startHarness, type ApiHarness } from './api-harness.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const IMAGE = DEFAULT_CLOUD.image.id;
const NET = DEFAULT_CLOUD.network.id;
const ADMIN_PROJECT = stableId('project', 'admin');
const bootBody = (name: string, extra: Record<string, unknown> = {}) => ({ server: { name, imageRef: IMAGE, flavorRef: '1', networks: [{ uuid: NET }], ...extra } });

async function boot(name: string, extra: Record<string, unknown> = {}, token?: string): Promise<string> {
  const r = await h.call('POST', '/compute/v2.1/servers', bootBody(name, extra), { token });
  expect(r.status, r.text).toBe(202);
  return r.body.server.id;
}

/** Put an instance where compute would have: on a host, in a state. */
function place(uuid: string, vmState: string, host: string | null = 'cmp1', taskState: string | null = null): void {
  h.db.prepare('UPDATE instances SET vm_state = ?, task_state = ?, host = ?, node = ?, power_state = ? WHERE uuid = ?')
    .run(vmState, taskState, host, host, vmState === 'active' ? 1 : 4, uuid);
}

const castsTo = (method: string) => h.recorded.filter((r) => r.method === method);

describe('POST /servers', () => {
  it('creates the instance, records the create action and casts to the conductor with the request id', async () => {
    const globalId = `req-${randomUUID()}`;
    const r = await h.call('POST', '/compute/v2.1/servers', {
      server: { name: 'vm1', imageRef: IMAGE, flavorRef: '1', networks: [{ uuid: NET }], availability_zone: 'nova', adminPass: 'Sup3rS3cret' },
      'os:scheduler_hints': { same_host: ['x'], build_near_host_ip: '10.0.0.1' },
    }, { headers: { 'X-OpenStack-Request-ID': globalId } });
    expect(r.status).toBe(202);
    const reqId = r.headers.get('x-openstack-request-id')!;
    expect(reqId).toMatch(/^req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.headers.get('x-compute-request-id')).toBe(reqId);
    expect(r.headers.get('openstack-api-version')).toBe('compute 2.1');
    const id = r.body.server.id;
    expect(r.body.server).toMatchObject({ adminPass: 'Sup3rS3cret', 'OS-DCF:diskConfig': 'MANUAL', security_groups: [{ name: 'default' }] });
    expect(r.body.server.links[0].href).toBe(`${h.url}/compute/v2.1/servers/${id}`);

    const row = h.db.prepare('SELECT * FROM instances WHERE uuid = ?').get(id) as Record<string, unknown>;
    expect(row).toMatchObject({ name: 'vm1', vm_state: 'building', task_state: 'scheduling', host: null, project_id: ADMIN_PROJECT, flavor_id: '1' });
    expect(row.reservation_id).toMatch(/^r-[a-z0-9]{8}$/);
    const actions = h.db.prepare('SELECT action, request_id FROM instance_actions WHERE instance_uuid = ?').all(id);
    expect(actions).toEqual([{ action: 'create', request_id: reqId }]);

    await expect.poll(() => castsTo('schedule_and_build_instances').length).toBe(1);
    const cast = castsTo('schedule_and_build_instances')[0];
    expect(cast.topic).toBe('conductor');
    expect(cast.ctx).toMatchObject({ requestId: reqId, globalRequestId: globalId, projectId: ADMIN_PROJECT, isAdmin: true });
    expect(cast.args.request_spec).toMatchObject({
      instance_uuid: id, flavor: { id: '1', name: 'm1.tiny', memory_mb: 512, vcpus: 1, root_gb: 1 }, image: { id: IMAGE, name: 'cirros' },
      availability_zone: 'nova', scheduler_hints: { same_host: 'x', build_near_host_ip: '10.0.0.1' }, network_ids: [NET], retry: { num_attempts: 0, hosts: [] },
    });

    const log = h.log('nova-api.log');
    const bracket = `[${globalId} ${reqId} ${stableId('user', 'admin')} ${ADMIN_PROJECT} - - default default]`;
    expect(log).toMatch(new RegExp(`DEBUG nova\\.api\\.openstack\\.wsgi \\[${globalId} ${reqId} .*\\] Action: 'create', calling method: <bound method ServersController\\.create of <nova\\.api\\.openstack\\.compute\\.servers\\.ServersController object at 0x7f[0-9a-f]{10}>>, body: .*"adminPass":"\\*\\*\\*".* _process_stack /usr/lib/python3/dist-packages/nova/api/openstack/wsgi\\.py:\\d+`));
    expect(log).not.toContain('Sup3rS3cret');
    expect(log).toContain(`DEBUG nova.compute.api ${bracket} Going to run 1 instances... _provision_instances`);
    expect(log).toMatch(new RegExp(`INFO nova\\.api\\.openstack\\.requestlog \\[${globalId} ${reqId} .*\\] 127\\.0\\.0\\.1 "POST /compute/v2\\.1/servers" status: 202 len: \\d+ microversion: 2\\.1 time: \\d+\\.\\d{6}`));
    const lines = log.split('\n').filter((l) => l.includes(reqId));
    expect(lines.at(-1)).toContain('nova.api.openstack.requestlog');
  });

  it.each([
    ['no name', { server: { imageRef: IMAGE, flavorRef: '1' } }, 400, "'name' is a required property"],
    ['an unknown image', bootBody('x', { imageRef: 'nope' }), 400, 'Image nope could not be found.'],
    ['an unknown flavor', bootBody('x', { flavorRef: '99' }), 400, 'Flavor 99 could not be found.'],
    ['an unknown network', bootBody('x', { networks: [{ uuid: 'net-x' }] }), 400, 'Network net-x could not be found.'],
    ['an unknown zone', bootBody('x', { availability_zone: 'az9' }), 400, 'The requested availability zone is not available'],
    ['an unknown key pair', bootBody('x', { key_name: 'k9' }), 400, 'Invalid key_name provided.'],
    ['min_count above max_count', bootBody('x', { min_count: 3, max_count: 2 }), 400, 'min_count must be <= max_count'],
    ['a malformed body', '{"server": ', 400, 'Malformed request body'],
  ])('refuses %s', async (_name, body, status, message) => {
    const r = await h.call('POST', '/compute/v2.1/servers', body);
    expect(r.status).toBe(status);
    expect(Object.keys(r.body)).toEqual(['badRequest']);
    expect(r.body.badRequest.code).toBe(status);
    expect(r.body.badRequest.message).toContain(message);
  });

  it('answers 403 when the instance quota is used up', async () => {
    const used = (h.db.prepare('SELECT COUNT(*) AS n FROM instances WHERE project_id = ? AND deleted_at IS NULL').get(ADMIN_PROJECT) as { n: number }).n;
    h.db.prepare("INSERT OR REPLACE INTO quotas (project_id, resource, hard_limit) VALUES (?, 'instances', ?)").run(ADMIN_PROJECT, used);
    try {
      const r = await h.call('POST', '/compute/v2.1/servers', bootBody('over'));
      expect(r.status).toBe(403);
      expect(r.body).toEqual({ forbidden: { code: 403, message: `Quota exceeded for instances: Requested 1, but already used ${used} of ${used} instances` } });
    } finally {
      h.db.prepare("DELETE FROM quotas WHERE project_id = ? AND resource = 'instances'").run(ADMIN_PROJECT);
    }
  });

  it('boots several instances with min/max count and one reservation', async () => {
    const before = castsTo('schedule_and_build_instances').length;
    const r = await h.call('POST', '/compute/v2.1/servers', bootBody('multi', { min_count: 2, max_count: 2, return_reservation_id: true }));
    expect(r.body.reservation_id).toMatch(/^r-/);
    const names = h.db.prepare('SELECT name FROM instances WHERE reservation_id = ? ORDER BY name').all(r.body.reservation_id);
    expect(names).toEqual([{ name: 'multi-1' }, { name: 'multi-2' }]);
    await expect.poll(() => castsTo('schedule_and_build_instances').length).toBe(before + 2);
  });
});

describe('GET /servers', () => {
  it('shows a building server and answers 404 for unknown ids and names', async () => {
    const id = await boot('shown');
    const r = await h.call('GET', `/compute/v2.1/servers/${id}`);
    expect(r.body.server).toMatchObject({
      id, name: 'shown', status: 'BUILD', tenant_id: ADMIN_PROJECT, metadata: {}, image: { id: IMAGE }, flavor: { id: '1' }, addresses: {},
      'OS-EXT-STS:vm_state': 'building', 'OS-EXT-STS:task_state': 'scheduling', 'OS-EXT-STS:power_state': 0, 'OS-EXT-SRV-ATTR:host': null,
    });
    for (const ref of ['shown', randomUUID()]) {
      const nf = await h.call('GET', `/compute/v2.1/servers/${ref}`);
      expect(nf.status).toBe(404);
      expect(nf.body).toEqual({ itemNotFound: { code: 404, message: `Instance ${ref} could not be found.` } });
    }
  });

  it('shows addresses from the ports and the host for admins only', async () => {
    const id = await boot('addressed');
    place(id, 'active');
    h.db.prepare(`INSERT INTO ports (id, network_id, subnet_id, device_id, device_owner, mac_address, ip_address, status, project_id, created_at)
      VALUES (?, ?, ?, ?, 'compute:nova', 'fa:16:3e:00:00:09', '10.0.0.9', 'ACTIVE', ?, '2026-01-01T00:00:00Z')`).run(randomUUID(), NET, DEFAULT_CLOUD.network.subnet.id, id, ADMIN_PROJECT);
    const r = await h.call('GET', `/compute/v2.1/servers/${id}`);
    expect(r.body.server.status).toBe('ACTIVE');
    expect(r.body.server.addresses).toEqual({ private: [{ version: 4, addr: '10.0.0.9', 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': 'fa:16:3e:00:00:09' }] });
    expect(r.body.server['OS-EXT-SRV-ATTR:host']).toBe('cmp1');
    expect(r.body.server['OS-EXT-AZ:availability_zone']).toBe('nova');
    expect(r.body.server.hostId).toMatch(/^[0-9a-f]{56}$/);
  });

  it('keeps projects apart: demo sees neither admin servers nor admin-only fields', async () => {
    const adminServer = await boot('admins');
    const demoServer = await boot('demos', {}, h.demoToken);
    const list = await h.call('GET', '/compute/v2.1/servers/detail', undefined, { token: h.demoToken });
    expect(list.body.servers.map((s: { id: string }) => s.id)).toEqual([demoServer]);
    expect(list.body.servers[0]).not.toHaveProperty('OS-EXT-SRV-ATTR:host');
    expect((await h.call('GET', `/compute/v2.1/servers/${adminServer}`, undefined, { token: h.demoToken })).status).toBe(404);
    const all = await h.call('GET', '/compute/v2.1/servers?all_tenants=1');
    expect(all.body.servers.map((s: { id: string }) => s.id)).toContain(demoServer);
    const own = await h.call('GET', '/compute/v2.1/servers');
    expect(own.body.servers.map((s: { id: string }) => s.id)).not.toContain(demoServer);
  });

  it('filters by name (a regex) and status', async () => {
    const id = await boot('filter-me-7');
    const byName = await h.call('GET', '/compute/v2.1/servers?name=me-[0-9]$');
    expect(byName.body.servers).toEqual([expect.objectContaining({ id, name: 'filter-me-7' })]);
    const building = await h.call('GET', '/compute/v2.1/servers/detail?status=BUILD&name=filter-me');
    expect(building.body.servers).toHaveLength(1);
    const active = await h.call('GET', '/compute/v2.1/servers/detail?status=ACTIVE&name=filter-me');
    expect(active.body.servers).toHaveLength(0);
  });
});

describe('server actions', () => {
  let id: string;
  beforeEach(async () => { id = await boot('acted'); });

  it.each([
    ['os-stop', { 'os-stop': null }, 'active', 'stop_instance', 'powering-off', 'stop'],
    ['os-start', { 'os-start': null }, 'stopped', 'start_instance', 'powering-on', 'start'],
    ['reboot HARD', { reboot: { type: 'HARD' } }, 'stopped', 'reboot_instance', 'rebooting_hard', 'reboot'],
    ['reboot SOFT', { reboot: { type: 'SOFT' } }, 'active', 'reboot_instance', 'rebooting', 'reboot'],
  ])('%s sets the task state, records the action and casts to the host', async (_n, body, from, method, task, action) => {
    place(id, from);
    const before = castsTo(method).length;
    const r = await h.call('POST', `/compute/v2.1/servers/${id}/action`, body);
    expect(r.status).toBe(202);
    const reqId = r.headers.get('x-compute-request-id');
    expect(h.db.prepare('SELECT task_state FROM instances WHERE uuid = ?').get(id)).toEqual({ task_state: task });
    expect(h.db.prepare('SELECT request_id FROM instance_actions WHERE instance_uuid = ? AND action = ?').get(id, action)).toEqual({ request_id: reqId });
    await expect.poll(() => castsTo(method).length).toBe(before + 1);
    const cast = castsTo(method).at(-1)!;
    expect(cast.topic).toBe('compute.cmp1');
    expect(cast.ctx.requestId).toBe(reqId);
    expect(cast.args.uuid).toBe(id);
    expect(h.log('nova-api.log')).toMatch(new RegExp(`\\[None ${reqId} [^\\]]+\\] Action: 'action', calling method: <bound method \\w+Controller\\._\\w+ of`));
  });

  it.each([
    ['os-start', { 'os-start': null }, 'active', null, "Cannot 'start' instance %s while it is in vm_state active"],
    ['os-stop', { 'os-stop': null }, 'stopped', null, "Cannot 'stop' instance %s while it is in vm_state stopped"],
    ['os-stop while powering off', { 'os-stop': null }, 'active', 'powering-off', "Cannot 'stop' instance %s while it is in task_state powering-off"],
    ['reboot SOFT of a stopped server', { reboot: { type: 'SOFT' } }, 'stopped', null, "Cannot 'reboot' instance %s while it is in vm_state stopped"],
    ['confirmResize', { confirmResize: null }, 'active', null, "Cannot 'confirmResize' instance %s while it is in vm_state active"],
  ])('%s in the wrong state answers 409', async (_n, body, vm, task, message) => {
    place(id, vm, 'cmp1', task);
    const r = await h.call('POST', `/compute/v2.1/servers/${id}/action`, body);
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ conflictingRequest: { code: 409, message: message.replace('%s', id) } });
  });

  it('returns the console output from the host', async () => {
    place(id, 'active');
    const r = await h.call('POST', `/compute/v2.1/servers/${id}/action`, { 'os-getConsoleOutput': { length: 10 } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ output: `console of ${id}\nlogin: ` });
    expect(castsTo('get_console_output').at(-1)!.args).toEqual({ uuid: id, length: 10 });
  });

  it('starts a resize: RESIZE with task resize_prep, a resize action, migrate_server cast to the conductor with the source host ignored', async () => {
    place(id, 'active');
    const r = await h.call('POST', `/compute/v2.1/servers/${id}/action`, { resize: { flavorRef: '2' } });
    expect(r.status).toBe(202);
    expect(h.db.prepare('SELECT task_state FROM instances WHERE uuid = ?').get(id)).toEqual({ task_state: 'resize_prep' });
    // A cast: the reply does not wait for the conductor to take it.
    for (let i = 0; i < 100 && !castsTo('migrate_server').length; i++) await new Promise((res) => setTimeout(res, 20));
    const cast = castsTo('migrate_server').at(-1)!;
    expect(cast.args).toMatchObject({ uuid: id, flavor: { id: '2' }, request_spec: { ignore_hosts: ['cmp1'] } });
  });

  it.each([
    [{ resize: { flavorRef: '1' } }, 400], [{ resize: { flavorRef: '999' } }, 400], [{ resize: {} }, 400], [{ confirmResize: null }, 409],
    [{ bogus: {} }, 400], [{ reboot: { type: 'WARM' } }, 400],
  ])('answers %j with %i', async (body, status) => {
    place(id, 'active');
    expect((await h.call('POST', `/compute/v2.1/servers/${id}/action`, body)).status).toBe(status);
  });
});

describe('DELETE /servers', () => {
  it('asks the host to terminate an instance on a live host', async () => {
    const id = await boot('doomed');
    place(id, 'active');
    const r = await h.call('DELETE', `/compute/v2.1/servers/${id}`);
    expect(r.status).toBe(204);
    expect(h.db.prepare('SELECT task_state, deleted_at FROM instances WHERE uuid = ?').get(id)).toEqual({ task_state: 'deleting', deleted_at: null });
    await expect.poll(() => castsTo('terminate_instance').map((c) => c.args.uuid)).toContain(id);
    expect(h.db.prepare('SELECT action FROM instance_actions WHERE instance_uuid = ? ORDER BY id').all(id)).toEqual([{ action: 'create' }, { action: 'delete' }]);
  });

  it('deletes at once an instance that never reached a host', async () => {
    const id = await boot('never-placed');
    place(id, 'error', null);
    expect((await h.call('DELETE', `/compute/v2.1/servers/${id}`)).status).toBe(204);
    expect(h.db.prepare('SELECT vm_state, deleted_at IS NOT NULL AS gone FROM instances WHERE uuid = ?').get(id)).toEqual({ vm_state: 'deleted', gone: 1 });
    expect((await h.call('GET', `/compute/v2.1/servers/${id}`)).status).toBe(404);
    expect(castsTo('terminate_instance').map((c) => c.args.uuid)).not.toContain(id);
    // NoValidHost buried it in cell0: Nova's local delete, with its two lines.
    const log = h.log('nova-api.log');
    expect(log).toMatch(new RegExp(`DEBUG nova\\.compute\\.api \\[.*\\] \\[instance: ${id}\\] Going to try to terminate instance delete /usr/lib/python3/dist-packages/nova/compute/api\\.py:2811`));
    expect(log).toMatch(new RegExp(`DEBUG nova\\.compute\\.api \\[.*\\] \\[instance: ${id}\\] Doing local delete in cell 00000000-0000-0000-0000-000000000000\\(cell0\\) _delete /usr/lib/python3/dist-packages/nova/compute/api\\.py:2636`));
    expect(log).toMatch(new RegExp(`WARNING nova\\.compute\\.api \\[.*\\] \\[instance: ${id}\\] instance's host None is down, deleting from database`));
    expect(h.db.prepare('SELECT action FROM instance_actions WHERE instance_uuid = ? ORDER BY id').all(id)).toEqual([{ action: 'create' }, { action: 'delete' }]);
  });

  it('deletes at once, like _delete_while_booting, an instance still scheduling: no action, no local-delete lines', async () => {
    const id = await boot('still-scheduling');
    expect(h.db.prepare('SELECT vm_state, task_state FROM instances WHERE uuid = ?').get(id)).toEqual({ vm_state: 'building', task_state: 'scheduling' });
    expect((await h.call('DELETE', `/compute/v2.1/servers/${id}`)).status).toBe(204);
    expect((await h.call('GET', `/compute/v2.1/servers/${id}`)).status).toBe(404);
    expect((await h.call('DELETE', `/compute/v2.1/servers/${id}`)).status).toBe(404);
    const lines = h.log('nova-api.log').split('\n').filter((l) => l.includes(`[instance: ${id}]`) && l.includes('nova.compute.api'));
    expect(lines.some((l) => l.includes('Going to try to terminate instance'))).toBe(true);
    expect(lines.some((l) => /local delete|is down/.test(l))).toBe(false);
    expect(h.db.prepare('SELECT action FROM instance_actions WHERE instance_uuid = ? ORDER BY id').all(id)).toEqual([{ action: 'create' }]);
    expect(castsTo('terminate_instance').map((c) => c.args.uuid)).not.toContain(id);
  });

  it('deletes locally, with a warning, when the host is down', async () => {
    const id = await boot('orphan');
    place(id, 'active', 'cmp2');
    h.db.prepare("UPDATE services SET last_seen_up = '2000-01-01T00:00:00Z' WHERE host = 'cmp2'").run();
    try {
      expect((await h.call('DELETE', `/compute/v2.1/servers/${id}`)).status).toBe(204);
      expect((await h.call('GET', `/compute/v2.1/servers/${id}`)).status).toBe(404);
      expect(h.log('nova-api.log')).toContain(`WARNING nova.compute.api`);
      expect(h.log('nova-api.log')).toContain(`[instance: ${id}] instance's host cmp2 is down, deleting from database`);
    } finally {
      h.db.prepare('UPDATE services SET last_seen_up = ? WHERE host = ?').run(new Date().toISOString(), 'cmp2');
    }
  });
});

describe('instance actions and external events', () => {
  it('lists actions newest first and shows one with its events to admins', async () => {
    const id = await boot('evented');
    place(id, 'active');
    const stop = await h.call('POST', `/compute/v2.1/servers/${id}/action`, { 'os-stop': null });
    const list = await h.call('GET', `/compute/v2.1/servers/${id}/os-instance-actions`);
    expect(list.body.instanceActions.map((a: { action: string }) => a.action)).toEqual(['stop', 'create']);
    expect(list.body.instanceActions[0]).toMatchObject({ request_id: stop.headers.get('x-compute-request-id'), instance_uuid: id, project_id: ADMIN_PROJECT, message: null });
    expect(list.body.instanceActions[0].start_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    const createReq = list.body.instanceActions[1].request_id;
    const actionId = (h.db.prepare('SELECT id FROM instance_actions WHERE request_id = ?').get(createReq) as { id: number }).id;
    h.db.prepare("INSERT INTO instance_actions_events (action_id, event, start_time, finish_time, result, host) VALUES (?, 'compute__do_build_and_run_instance', '2026-01-01T00:00:00Z', '2026-01-01T00:00:05Z', 'Success', 'cmp1')").run(actionId);
    const show = await h.call('GET', `/compute/v2.1/servers/${id}/os-instance-actions/${createReq}`);
    expect(show.body.instanceAction).toMatchObject({ action: 'create', request_id: createReq });
    expect(show.body.instanceAction.events).toEqual([{ event: 'compute__do_build_and_run_instance', start_time: '2026-01-01T00:00:00.000000', finish_time: '2026-01-01T00:00:05.000000', result: 'Success', traceback: null }]);
    const missing = await h.call('GET', `/compute/v2.1/servers/${id}/os-instance-actions/req-nope`);
    expect(missing.body.itemNotFound.message).toBe(`Action for request_id req-nope on instance ${id} not found`);
  });

  it('casts network-vif-plugged to the instance host and logs it', async () => {
    const id = await boot('plugged');
    place(id, 'building', 'cmp2', 'spawning');
    const body = { events: [{ name: 'network-vif-plugged', server_uuid: id, tag: 'port-1', status: 'completed' }] };
    const r = await h.call('POST', '/compute/v2.1/os-server-external-events', body, { token: h.cfg.serviceToken });
    expect(r.status).toBe(200);
    expect(r.body.events).toEqual([{ ...body.events[0], code: 200 }]);
    await expect.poll(() => castsTo('external_instance_event').map((c) => [c.topic, c.args])).toContainEqual(['compute.cmp2', { uuid: id, name: 'network-vif-plugged', tag: 'port-1' }]);
    expect(h.log('nova-api.log')).toContain(`INFO nova.api.openstack.compute.server_external_events [None ${r.headers.get('x-compute-request-id')}`);
    expect(h.log('nova-api.log')).toContain(`Creating event network-vif-plugged:port-1 for instance ${id} on cmp2`);
    const unknown = await h.call('POST', '/compute/v2.1/os-server-external-events', { events: [{ ...body.events[0], server_uuid: randomUUID() }] }, { token: h.cfg.serviceToken });
    // Current Nova answers 207 with the event failed (404), not a 404 of its own.
    expect(unknown.status).toBe(207);
    expect(unknown.body.events[0]).toMatchObject({ status: 'failed', code: 404 });
    const forbidden = await h.call('POST', '/compute/v2.1/os-server-external-events', body, { token: h.demoToken });
    expect(forbidden.body).toEqual({ forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-server-external-events:create to be performed." } });
  });
});
