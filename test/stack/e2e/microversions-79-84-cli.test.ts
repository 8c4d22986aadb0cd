// Microversions from 2.79 with the real CLIs on a two-host stack: `nova aggregate-cache-images`
// pre-caching cirros into each host's _base, then finding it there, then skipping a host that is
// down (2.81); `openstack server add volume --enable-delete-on-termination`, the volume deleted
// with its server (2.79); `openstack server migration list --user/--project` (2.80); an
// accelerator-request-bound event no wait expects (2.82); a member's `server list --vm-state/
// --power-state/--availability-zone` (2.83); `server event show` with an event's details (2.84).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, computeApi, serverEvents, volumeStatusBecomes, waitStatus } from './actions-harness.js';
import { stackCli } from './fault-harness.js';
import { runCommand, stackUp, type CommandResult, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => { stack = await stackUp(2, ['--delays', 'zero', '--service-down', '3']); }, 270_000);
afterAll(() => stack?.down(), 90_000);

const osc = async (v: string, ...args: string[]) => await stack.openstack('--os-compute-api-version', v, ...args);
const logOf = (name: string) => fs.readFileSync(path.join(stack.logDir, name), 'utf8');
const tick = () => new Promise((r) => setTimeout(r, 500));

function json<T>(r: CommandResult): T {
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as T;
}

async function boot(name: string): Promise<string> {
  const r = await osc('2.79', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--nic', 'none', name, '-f', 'json');
  const id = json<{ id: string }>(r).id;
  await waitStatus(stack, id, 'ACTIVE', 90_000);
  return id;
}

const statusBecomes = (id: string, want: string) => volumeStatusBecomes(stack, id, want);

async function until(what: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what() && Date.now() < end) await tick();
  expect(what()).toBe(true);
}

describe('nova aggregate-cache-images (2.81)', () => {
  it('caches cirros on both hosts, finds it there the second time, skips a host that is down', async () => {
    const agg = json<{ id: number }>(await stack.openstack('aggregate', 'create', 'cache-agg', '-f', 'json'));
    for (const host of ['cmp1', 'cmp2']) expect((await stack.openstack('aggregate', 'add', 'host', 'cache-agg', host)).code).toBe(0);
    const image = json<{ id: string }>(await stack.openstack('image', 'show', 'cirros', '-f', 'json')).id;
    const base = (host: string) => path.join(stack.stateDir, host, 'instances', '_base', createHash('sha1').update(image).digest('hex'));
    expect(fs.existsSync(base('cmp1')) || fs.existsSync(base('cmp2'))).toBe(false);

    // Below 2.81 the CLI itself refuses the command.
    expect((await stack.nova('--os-compute-api-version', '2.80', 'aggregate-cache-images', 'cache-agg', image)).code).not.toBe(0);
    // novaclient finds images by id (?id=in:…); by name it asks ?names=in:…, which glance filters as a property.
    const first = await stack.nova('--os-compute-api-version', '2.81', 'aggregate-cache-images', 'cache-agg', image);
    expect(first.code, first.err).toBe(0);
    const done = (n: number) => () => (logOf('nova-conductor.log').match(/Image pre-cache operation for image\(s\) .* completed in/g) ?? []).length >= n;
    await until(done(1));
    const conductor = logOf('nova-conductor.log');
    expect(conductor).toMatch(new RegExp(`INFO nova\\.conductor\\.manager \\[.*\\] Preparing to request pre-caching of image\\(s\\) ${image} on 2 hosts across 1 cells\\.`));
    expect(conductor).toMatch(new RegExp(`INFO nova\\.conductor\\.manager \\[.*\\] Image pre-cache operation for image\\(s\\) ${image} completed in \\d+\\.\\d\\d seconds; 2 cached, 0 existing, 0 errors, 0 unsupported, 0 skipped \\(down\\) hosts`));
    for (const host of ['cmp1', 'cmp2']) {
      expect(fs.existsSync(base(host))).toBe(true);
      const compute = logOf(`nova-compute-${host}.log`);
      expect(compute).toMatch(/INFO nova\.compute\.manager \[.*\] Caching 1 image\(s\) by request/);
      expect(compute).toMatch(new RegExp(`INFO nova\\.virt\\.libvirt\\.driver \\[.*\\] Caching image ${image} by request`));
    }

    const again = await stack.nova('--os-compute-api-version', '2.81', 'aggregate-cache-images', agg.id.toString(), image);
    expect(again.code, again.err).toBe(0);
    await until(done(2));
    expect(logOf('nova-conductor.log')).toContain('0 cached, 2 existing, 0 errors, 0 unsupported, 0 skipped (down) hosts');
    expect(logOf('nova-compute-cmp1.log')).toContain(`Image ${image} already cached; updating timestamp`);

    stackCli(stack, 'fault', 'inject', 'compute-down', '--host', 'cmp2');
    try {
      const end = Date.now() + 30_000;
      while (Date.now() < end) {
        const svc = json<{ Host: string; State: string }[]>(await stack.openstack('compute', 'service', 'list', '--service', 'nova-compute', '-f', 'json'));
        if (svc.find((x) => x.Host === 'cmp2')?.State === 'down') break;
        await tick();
      }
      expect((await stack.nova('--os-compute-api-version', '2.81', 'aggregate-cache-images', 'cache-agg', image)).code).toBe(0);
      await until(done(3));
      const last = logOf('nova-conductor.log');
      expect(last).toContain("Skipping image pre-cache request to compute 'cmp2' because it is not up");
      expect(last).toContain('0 cached, 1 existing, 0 errors, 0 unsupported, 1 skipped (down) hosts');
    } finally {
      stackCli(stack, 'fault', 'clear');
    }
  }, 240_000);
});

describe('openstack server add volume --enable-delete-on-termination (2.79)', () => {
  it('the flag is shown by server volume list and the volume goes with its server; the other one stays', async () => {
    const id = await boot('dot-79');
    const make = async (name: string) => {
      const vol = json<{ id: string }>(await stack.openstack('volume', 'create', '--size', '1', name, '-f', 'json')).id;
      await statusBecomes(vol, 'available');
      return vol;
    };
    const [dropped, kept] = [await make('dot-drop'), await make('dot-keep')];
    expect((await osc('2.78', 'server', 'add', 'volume', '--enable-delete-on-termination', 'dot-79', 'dot-drop')).code).not.toBe(0);
    const added = await osc('2.79', 'server', 'add', 'volume', '--enable-delete-on-termination', 'dot-79', 'dot-drop', '-f', 'json');
    expect(json<Record<string, unknown>>(added)).toMatchObject({ 'Volume ID': dropped, 'Delete On Termination': true });
    expect((await osc('2.79', 'server', 'add', 'volume', 'dot-79', 'dot-keep')).code).toBe(0);
    await statusBecomes(dropped, 'in-use');
    await statusBecomes(kept, 'in-use');
    const listed = json<{ 'Volume ID': string; 'Delete On Termination?': boolean }[]>(await osc('2.79', 'server', 'volume', 'list', 'dot-79', '-f', 'json'));
    expect(Object.fromEntries(listed.map((v) => [v['Volume ID'], v['Delete On Termination?']]))).toEqual({ [dropped]: true, [kept]: false });
    expect((await stack.openstack('server', 'delete', '--wait', id)).code).toBe(0);
    await statusBecomes(dropped, 'gone');
    await statusBecomes(kept, 'available');
  }, 240_000);
});

describe('openstack server migration list --user/--project (2.80)', () => {
  it('each migration has its user and project, and the filters keep only those', async () => {
    const id = await boot('mig-80');
    expect((await stack.openstack('server', 'migrate', id)).code).toBe(0);
    await waitStatus(stack, id, 'VERIFY_RESIZE', 90_000);
    const admin = json<{ id: string }>(await stack.openstack('user', 'show', 'admin', '-f', 'json')).id;
    const project = json<{ id: string }>(await stack.openstack('project', 'show', 'admin', '-f', 'json')).id;
    // The CLI shows the User and Project columns of the filters it is given.
    const rows = json<Record<string, unknown>[]>(await osc('2.80', 'server', 'migration', 'list', '--server', id, '--user', 'admin', '--project', 'admin', '-f', 'json'));
    expect(rows).toEqual([expect.objectContaining({ User: admin, Project: project, Type: 'migration' })]);
    expect(json<unknown[]>(await osc('2.80', 'server', 'migration', 'list', '--project', 'demo', '-f', 'json'))).toEqual([]);
    expect((await osc('2.79', 'server', 'migration', 'list', '--user', 'admin')).code).not.toBe(0);
    expect((await stack.openstack('server', 'resize', 'confirm', id)).code).toBe(0);
  }, 240_000);
});

describe('accelerator-request-bound (2.82)', () => {
  it('the API sends it to the host; with no ARQ wait the compute finds no waiter and warns with the server\'s states', async () => {
    const id = await boot('arq-82');
    expect((await stack.openstack('server', 'stop', id)).code).toBe(0);
    await waitStatus(stack, id, 'SHUTOFF', 60_000);
    const arq = '0f5c8a2e-3b1d-4e6f-9a7b-2c4d6e8f0a1b';
    const r = await computeApi(stack, 'POST', '/os-server-external-events', { events: [{ name: 'accelerator-request-bound', server_uuid: id, tag: arq }] }, { 'OpenStack-API-Version': 'compute 2.82' });
    expect(r.status).toBe(200);
    expect(r.body.events[0]).toMatchObject({ code: 200, status: 'completed' });
    const host = (await cliJson(stack, 'server', 'show', id))['OS-EXT-SRV-ATTR:host'] as string;
    const warning = new RegExp(`WARNING nova\\.compute\\.manager \\[[^\\]]*\\] \\[instance: ${id}\\] Received unexpected event accelerator-request-bound-${arq} for instance with vm_state stopped and task_state None\\.`);
    await until(() => warning.test(logOf(`nova-compute-${host}.log`)));
    const compute = logOf(`nova-compute-${host}.log`);
    expect(compute).toMatch(new RegExp(`DEBUG nova\\.compute\\.manager \\[[^\\]]*\\] \\[instance: ${id}\\] Received event accelerator-request-bound-${arq}`));
    expect(compute).toMatch(new RegExp(`DEBUG nova\\.compute\\.manager \\[[^\\]]*\\] \\[instance: ${id}\\] No waiting events found dispatching accelerator-request-bound-${arq}`));
    expect((await serverEvents(stack, id)).map((e) => e.action).sort()).toEqual(['create', 'stop']);
  }, 240_000);
});

describe('openstack server list filters of a non-admin (2.83)', () => {
  it('a project member filters its servers by vm state, power state and availability zone from 2.83', async () => {
    expect((await stack.openstack('project', 'create', 'p83')).code).toBe(0);
    expect((await stack.openstack('user', 'create', '--project', 'p83', '--password', 'u83-secret', 'u83')).code).toBe(0);
    expect((await stack.openstack('role', 'add', '--project', 'p83', '--user', 'u83', 'member')).code).toBe(0);
    const env = { ...stack.env, OS_USERNAME: 'u83', OS_PASSWORD: 'u83-secret', OS_PROJECT_NAME: 'p83' };
    const user = (...args: string[]) => runCommand('openstack', ['--os-compute-api-version', '2.83', ...args], env, 120_000);
    const ids: string[] = [];
    for (const name of ['f83-up', 'f83-down']) {
      const r = await user('server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--nic', 'none', name, '-f', 'json');
      ids.push(json<{ id: string }>(r).id);
    }
    for (const id of ids) await waitStatus(stack, id, 'ACTIVE', 90_000);
    expect((await user('server', 'stop', 'f83-down')).code).toBe(0);
    await waitStatus(stack, ids[1], 'SHUTOFF', 60_000);
    const names = async (...filters: string[]) => json<{ Name: string }[]>(await user('server', 'list', ...filters, '-f', 'json')).map((s) => s.Name).sort();
    expect(await names()).toEqual(['f83-down', 'f83-up']);
    expect(await names('--vm-state', 'stopped')).toEqual(['f83-down']);
    expect(await names('--power-state', 'running')).toEqual(['f83-up']);
    expect(await names('--availability-zone', 'nova')).toEqual(['f83-down', 'f83-up']);
    expect(await names('--availability-zone', 'elsewhere')).toEqual([]);
    // At 2.82 the same filters are dropped for a user.
    const old = await runCommand('openstack', ['--os-compute-api-version', '2.82', 'server', 'list', '--vm-state', 'stopped', '-f', 'json'], env, 120_000);
    expect(json<{ Name: string }[]>(old).map((s) => s.Name).sort()).toEqual(['f83-down', 'f83-up']);
  }, 300_000);
});

describe('openstack server event show (2.84)', () => {
  it('a failed event shows its details: the class name of the NotImplementedError a libvirt-like compute raises for power-update', async () => {
    const id = await boot('details-84');
    const r = await computeApi(stack, 'POST', '/os-server-external-events', { events: [{ name: 'power-update', server_uuid: id, tag: 'POWER_OFF' }] }, { 'OpenStack-API-Version': 'compute 2.84' });
    expect(r.status).toBe(200);
    let stop: { action: string; requestId: string } | undefined;
    const failed = async () => {
      stop = (await serverEvents(stack, id)).find((e) => e.action === 'stop');
      if (!stop) return undefined;
      return (await cliJson(stack, '--os-compute-api-version', '2.84', 'server', 'event', 'show', id, stop.requestId)).events as Record<string, unknown>[];
    };
    let events: Record<string, unknown>[] | undefined;
    const end = Date.now() + 30_000;
    while (Date.now() < end && !(events = await failed())?.some((e) => e.result === 'Error')) await tick();
    expect(events).toEqual([expect.objectContaining({ event: 'compute_power_update', result: 'Error', details: 'NotImplementedError' })]);
    const before = (await cliJson(stack, '--os-compute-api-version', '2.83', 'server', 'event', 'show', id, stop!.requestId)).events as Record<string, unknown>[];
    expect(before[0]).not.toHaveProperty('details');
  }, 240_000);
});
