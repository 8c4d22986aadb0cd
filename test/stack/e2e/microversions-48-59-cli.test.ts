// Microversions from 2.48 with the real CLIs: server diagnostics as the driver's blob
// (nova diagnostics at 2.1) and standardized (openstack server show --diagnostics at 2.48), a
// tagged interface attach (2.49), instance action events for a member (2.51), tags at create (2.52), services and
// hypervisors known by uuid (2.53), a key pair at rebuild (2.54), flavor descriptions (2.55), a cold
// migration to a named host (2.56), user data at rebuild (2.57), instance actions paged (2.58),
// migrations paged by uuid (2.59), extra specs in flavors (2.61), event hostIds (2.62).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitStatus } from './actions-harness.js';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => { stack = await stackUp(2, ['--delays', 'zero']); }, 270_000);
afterAll(() => stack?.down(), 90_000);

const osc = async (v: string, ...args: string[]) => await stack.openstack('--os-compute-api-version', v, ...args);
const computeLog = () => fs.readdirSync(stack.logDir).filter((f) => f.startsWith('nova-compute-')).map((f) => fs.readFileSync(path.join(stack.logDir, f), 'utf8')).join('');

describe('openstack CLI from 2.48', () => {
  let id = '';
  beforeAll(async () => {
    const r = await osc('2.48', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--nic', 'auto', 'diag', '--wait', '-f', 'json');
    expect(r.code, r.err).toBe(0);
    id = JSON.parse(r.out).id;
  }, 150_000);

  it('server show --diagnostics at 2.48: the standardized view, after the compute logs "Retrieving diagnostics"', async () => {
    const r = await osc('2.48', 'server', 'show', '--diagnostics', 'diag', '-f', 'json');
    expect(r.code, r.err).toBe(0);
    const d = JSON.parse(r.out);
    expect(d).toMatchObject({ state: 'running', driver: 'libvirt', hypervisor: 'kvm', num_cpus: 1, num_nics: 1, num_disks: 1, config_drive: false });
    expect(d.nic_details[0].mac_address).toMatch(/^fa:16:3e/);
    expect(computeLog()).toMatch(new RegExp(`INFO nova\\.compute\\.manager \\[[^\\]]+\\] \\[instance: ${id}\\] Retrieving diagnostics`));
  }, 60_000);

  it("nova diagnostics at 2.1: the libvirt driver's blob", async () => {
    const r = await stack.nova('--os-compute-api-version', '2.1', 'diagnostics', 'diag');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/\| cpu0_time\s+\| \d+/);
    expect(r.out).toMatch(/\| memory\s+\| 524288/);
    expect(r.out).toMatch(/\| tap[0-9a-f]{8}-[0-9a-f]{2}_rx\s+\| \d+/);
  }, 60_000);

  it('server add network --tag at 2.49 (refused by the CLI below 2.49): the port is created and plugged', async () => {
    const old = await osc('2.48', 'server', 'add', 'network', '--tag', 'nic1', 'diag', 'private');
    expect(old.code).not.toBe(0);
    const r = await osc('2.49', 'server', 'add', 'network', '--tag', 'nic1', 'diag', 'private');
    expect(r.code, r.err).toBe(0);
    const ifaces = JSON.parse((await stack.openstack('port', 'list', '--server', 'diag', '-f', 'json')).out) as unknown[];
    expect(ifaces).toHaveLength(2);
    expect(computeLog()).toMatch(/INFO os_vif \[[^\]]+\] Successfully plugged vif VIFOpenVSwitch/);
  }, 90_000);

  it('server event show: a member sees the events from 2.51, without tracebacks, with their hostId from 2.62', async () => {
    expect((await stack.openstack('user', 'create', '--project', 'admin', '--password', 'mv-secret', 'mv_member')).code).toBe(0);
    expect((await stack.openstack('role', 'add', '--project', 'admin', '--user', 'mv_member', 'member')).code).toBe(0);
    const req = (JSON.parse((await stack.openstack('server', 'event', 'list', 'diag', '-f', 'json')).out) as { 'Request ID': string; Action: string }[]).find((e) => e.Action === 'create')!['Request ID'];
    const saved = { ...stack.env };
    let memberAt62: Record<string, unknown>[] = [];
    Object.assign(stack.env, { OS_USERNAME: 'mv_member', OS_PASSWORD: 'mv-secret', OS_PROJECT_NAME: 'admin' });
    try {
      const before = JSON.parse((await osc('2.50', 'server', 'event', 'show', 'diag', req, '-f', 'json')).out);
      expect(before.events ?? []).toEqual([]);
      const r = await osc('2.51', 'server', 'event', 'show', 'diag', req, '-f', 'json');
      expect(r.code, r.err).toBe(0);
      const events = JSON.parse(r.out).events as Record<string, unknown>[];
      expect(events.map((e) => e.event)).toEqual(expect.arrayContaining([expect.stringContaining('build_and_run_instance')]));
      for (const e of events) expect(e).not.toHaveProperty('traceback');
      memberAt62 = JSON.parse((await osc('2.62', 'server', 'event', 'show', 'diag', req, '-f', 'json')).out).events as Record<string, unknown>[];
      for (const e of memberAt62) expect(e).not.toHaveProperty('host');
    } finally {
      Object.assign(stack.env, saved);
    }
    // The admin sees each event's host: the compute's for its build, the conductor's CONF.host for its own.
    const server = JSON.parse((await stack.openstack('server', 'show', 'diag', '-f', 'json')).out) as Record<string, string>;
    const adminAt62 = JSON.parse((await osc('2.62', 'server', 'event', 'show', 'diag', req, '-f', 'json')).out).events as Record<string, string>[];
    const hostOf = (name: string) => adminAt62.find((e) => e.event === name)?.host;
    expect(hostOf('compute_build_and_run_instance')).toBe(server['OS-EXT-SRV-ATTR:host']);
    expect(hostOf('conductor_schedule_and_build_instances')).toBe('controller');
    const sha = (host: string) => createHash('sha224').update(server.project_id + host).digest('hex');
    expect(memberAt62.map((e) => e.hostId)).toEqual(adminAt62.map((e) => sha(e.host)));
  }, 90_000);

  it('server create --tag at 2.52: the server has its tags from the start', async () => {
    const r = await osc('2.52', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--nic', 'none', '--tag', 'web', '--tag', 'blue', 'tagged', '-f', 'json');
    expect(r.code, r.err).toBe(0);
    const shown = JSON.parse((await osc('2.52', 'server', 'show', 'tagged', '-f', 'json')).out);
    expect(shown.tags).toEqual(['blue', 'web']);
    expect(JSON.parse((await osc('2.52', 'server', 'list', '--tags', 'web', '-f', 'json')).out).map((s: { Name: string }) => s.Name)).toEqual(['tagged']);
  }, 90_000);

  it('compute service set at 2.53: the service is found and updated by its uuid; hypervisors by uuid, with their servers', async () => {
    const services = JSON.parse((await osc('2.53', 'compute', 'service', 'list', '--service', 'nova-compute', '-f', 'json')).out) as { ID: string; Host: string }[];
    expect(services[0].ID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const host = services[0].Host;
    const off = await osc('2.53', 'compute', 'service', 'set', '--disable', '--disable-reason', 'maintenance', host, 'nova-compute');
    expect(off.code, off.err).toBe(0);
    const shown = JSON.parse((await osc('2.53', 'compute', 'service', 'list', '--long', '-f', 'json')).out) as { Host: string; Binary: string; Status: string; 'Disabled Reason': string }[];
    expect(shown.find((s) => s.Host === host && s.Binary === 'nova-compute')).toMatchObject({ Status: 'disabled', 'Disabled Reason': 'maintenance' });
    expect((await osc('2.53', 'compute', 'service', 'set', '--enable', host, 'nova-compute')).code).toBe(0);

    const hypers = JSON.parse((await osc('2.53', 'hypervisor', 'list', '-f', 'json')).out) as { ID: string; 'Hypervisor Hostname': string }[];
    const mine = hypers.find((x) => x['Hypervisor Hostname'] === host)!;
    expect(mine.ID).toMatch(/^[0-9a-f]{8}-/);
    const hyper = JSON.parse((await osc('2.53', 'hypervisor', 'show', mine.ID, '-f', 'json')).out);
    expect(hyper.service_id).toBe(services[0].ID);
    const diagHost = JSON.parse((await stack.openstack('server', 'show', 'diag', '-f', 'json')).out)['OS-EXT-SRV-ATTR:host'] as string;
    const servers = await stack.nova('--os-compute-api-version', '2.53', 'hypervisor-servers', diagHost);
    expect(servers.code, servers.err).toBe(0);
    expect(servers.out).toContain(id);
  }, 90_000);

  it('server rebuild --key-name at 2.54 and --user-data at 2.57', async () => {
    await waitStatus(stack, 'tagged', 'ACTIVE', 90_000);
    expect((await stack.openstack('keypair', 'create', 'rekey', '-f', 'json')).code).toBe(0);
    const r = await osc('2.54', 'server', 'rebuild', '--image', 'cirros', '--key-name', 'rekey', 'tagged', '-f', 'json');
    expect(r.code, r.err).toBe(0);
    await waitStatus(stack, 'tagged', 'ACTIVE', 90_000);
    expect(JSON.parse((await osc('2.54', 'server', 'show', 'tagged', '-f', 'json')).out).key_name).toBe('rekey');
    const userData = path.join(stack.dir, 'user-data.txt');
    fs.writeFileSync(userData, '#cloud-config\nhostname: rebuilt\n');
    const again = await osc('2.57', 'server', 'rebuild', '--image', 'cirros', '--user-data', userData, 'tagged', '-f', 'json');
    expect(again.code, again.err).toBe(0);
    await waitStatus(stack, 'tagged', 'ACTIVE', 90_000);
    const encoded = JSON.parse((await osc('2.57', 'server', 'show', 'tagged', '-f', 'json')).out)['OS-EXT-SRV-ATTR:user_data'];
    expect(Buffer.from(encoded, 'base64').toString()).toContain('hostname: rebuilt');
  }, 240_000);

  it('flavor create/set --description at 2.55, its extra specs embedded at 2.61', async () => {
    const made = await osc('2.55', 'flavor', 'create', '--ram', '256', '--disk', '1', '--vcpus', '1', '--description', 'for tests', 'm1.described', '-f', 'json');
    expect(made.code, made.err).toBe(0);
    expect(JSON.parse(made.out).description).toBe('for tests');
    expect((await osc('2.55', 'flavor', 'set', '--description', 'changed', 'm1.described')).code).toBe(0);
    expect(JSON.parse((await osc('2.55', 'flavor', 'show', 'm1.described', '-f', 'json')).out).description).toBe('changed');
    expect((await stack.openstack('flavor', 'set', '--property', 'hw:cpu_policy=shared', 'm1.described')).code).toBe(0);
    const raw = await stack.openstack('--debug', '--os-compute-api-version', '2.61', 'flavor', 'show', 'm1.described', '-f', 'json');
    expect(raw.err).toMatch(/"extra_specs": ?\{"hw:cpu_policy": ?"shared"\}/);
    expect(JSON.parse(raw.out).properties).toEqual({ 'hw:cpu_policy': 'shared' });
  }, 120_000);

  it('server migrate --host at 2.56: the scheduler sends it to the named host', async () => {
    const from = JSON.parse((await stack.openstack('server', 'show', 'diag', '-f', 'json')).out)['OS-EXT-SRV-ATTR:host'] as string;
    const to = from === 'cmp1' ? 'cmp2' : 'cmp1';
    expect((await osc('2.55', 'server', 'migrate', '--host', to, 'diag')).code).not.toBe(0);
    const r = await osc('2.56', 'server', 'migrate', '--host', to, 'diag');
    expect(r.code, r.err).toBe(0);
    await waitStatus(stack, 'diag', 'VERIFY_RESIZE', 90_000);
    expect((await osc('2.56', 'server', 'resize', 'confirm', 'diag')).code).toBe(0);
    await waitStatus(stack, 'diag', 'ACTIVE', 60_000);
    expect(JSON.parse((await stack.openstack('server', 'show', 'diag', '-f', 'json')).out)['OS-EXT-SRV-ATTR:host']).toBe(to);
  }, 150_000);

  it('server migration list at 2.59: uuids, newest first, a page and the rest after its marker', async () => {
    expect((await osc('2.56', 'server', 'migrate', 'tagged')).code).toBe(0);
    await waitStatus(stack, 'tagged', 'VERIFY_RESIZE', 90_000);
    const all = JSON.parse((await osc('2.59', 'server', 'migration', 'list', '-f', 'json')).out) as { UUID: string; 'Server UUID': string }[];
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(all[0].UUID).toMatch(/^[0-9a-f]{8}-/);
    const first = JSON.parse((await osc('2.59', 'server', 'migration', 'list', '--limit', '1', '-f', 'json')).out) as { UUID: string }[];
    expect(first.map((m) => m.UUID)).toEqual([all[0].UUID]);
    const rest = JSON.parse((await osc('2.59', 'server', 'migration', 'list', '--marker', all[0].UUID, '-f', 'json')).out) as { UUID: string }[];
    expect(rest.map((m) => m.UUID)).toEqual(all.slice(1).map((m) => m.UUID));
    expect(JSON.parse((await osc('2.59', 'server', 'migration', 'list', '--changes-since', '2999-01-01T00:00:00Z', '-f', 'json')).out)).toEqual([]);
    expect((await osc('2.59', 'server', 'resize', 'confirm', 'tagged')).code).toBe(0);
  }, 150_000);

  it('server event list at 2.58: a page of the newest, the rest after its marker, changes-since on the last event', async () => {
    const all = JSON.parse((await osc('2.58', 'server', 'event', 'list', 'diag', '-f', 'json')).out) as { 'Request ID': string }[];
    expect(all.length).toBeGreaterThan(3);
    const first = JSON.parse((await osc('2.58', 'server', 'event', 'list', 'diag', '--limit', '2', '-f', 'json')).out) as { 'Request ID': string }[];
    expect(first.map((e) => e['Request ID'])).toEqual(all.slice(0, 2).map((e) => e['Request ID']));
    const rest = JSON.parse((await osc('2.58', 'server', 'event', 'list', 'diag', '--marker', first[1]['Request ID'], '-f', 'json')).out) as { 'Request ID': string }[];
    expect(rest.map((e) => e['Request ID'])).toEqual(all.slice(2).map((e) => e['Request ID']));
    const later = JSON.parse((await osc('2.58', 'server', 'event', 'list', 'diag', '--changes-since', '2999-01-01T00:00:00Z', '-f', 'json')).out);
    expect(later).toEqual([]);
  }, 90_000);

  it('a stopped server: 409 in the controller\'s words, the compute logs the InstanceInvalidState', async () => {
    expect((await stack.openstack('server', 'stop', 'diag')).code).toBe(0);
    await waitStatus(stack, 'diag', 'SHUTOFF', 60_000);
    const r = await osc('2.48', 'server', 'show', '--diagnostics', 'diag');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(`Cannot 'get_diagnostics' instance ${id} while it is in power state shutdown (HTTP 409)`);
    expect(computeLog()).toContain(`nova.exception.InstanceInvalidState: Instance ${id} in power state shutdown. Cannot get_diagnostics while the instance is in this state.`);
  }, 90_000);
});

