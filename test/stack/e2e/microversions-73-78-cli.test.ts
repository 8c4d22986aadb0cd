// Microversions from 2.73 with the real openstack CLI on a two-host stack: `server lock --reason`
// and `server list --locked` (2.73); `server create --host/--hypervisor-hostname` landing where
// asked, through the scheduler (2.74); the everyday listings still taken at 2.75 and rebuild's
// whole server; a power-update event the libvirt-like compute cannot act on (2.76); `server
// unshelve --availability-zone` into another zone (2.77); the NUMA topology of a pinned server in
// `nova server-topology` and `server show --topology` (2.78).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionEvents, cliJson, computeApi, serverEvents, waitStatus } from './actions-harness.js';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
// Hosts with pinned CPUs ([compute] cpu_dedicated_set 4-7, the NUMA cell 1) for the topology of 2.78.
beforeAll(async () => { stack = await stackUp(2, ['--delays', 'zero', '--cpu-dedicated-set', '4-7', '--cpu-shared-set', '0-3']); }, 270_000);
afterAll(() => stack?.down(), 90_000);

const osc = async (v: string, ...args: string[]) => await stack.openstack('--os-compute-api-version', v, ...args);
const logOf = (prefix: string) => fs.readdirSync(stack.logDir).filter((f) => f.startsWith(prefix)).map((f) => fs.readFileSync(path.join(stack.logDir, f), 'utf8')).join('');

async function boot(name: string, v = '2.37', ...extra: string[]): Promise<string> {
  const r = await osc(v, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--nic', 'none', ...extra, name, '-f', 'json');
  expect(r.code, r.err).toBe(0);
  const id = JSON.parse(r.out).id as string;
  await waitStatus(stack, id, 'ACTIVE', 90_000);
  return id;
}

describe('openstack CLI from 2.73', () => {
  it('server lock --reason (2.73): the reason in server show, server list --locked/--unlocked, unlock clears it', async () => {
    const id = await boot('locked-73');
    await boot('open-73');
    const lock = await osc('2.73', 'server', 'lock', '--reason', 'disk check', 'locked-73');
    expect(lock.code, lock.err).toBe(0);
    expect((await cliJson(stack, '--os-compute-api-version', '2.73', 'server', 'show', id)).locked_reason).toBe('disk check');
    const names = async (flag: string) => ((await cliJson(stack, '--os-compute-api-version', '2.73', 'server', 'list', '--name=-73$', flag)) as { Name: string }[]).map((s) => s.Name).sort();
    expect(await names('--locked')).toEqual(['locked-73']);
    expect(await names('--unlocked')).toEqual(['open-73']);
    // Below 2.73 the CLI refuses --reason itself.
    expect((await osc('2.72', 'server', 'lock', '--reason', 'x', 'open-73')).code).not.toBe(0);
    expect((await osc('2.73', 'server', 'unlock', 'locked-73')).code).toBe(0);
    expect((await cliJson(stack, '--os-compute-api-version', '2.73', 'server', 'show', id)).locked_reason).toBeNull();
  }, 240_000);

  it('server create --host / --hypervisor-hostname (2.74): on that host through the scheduler; an unknown one is refused', async () => {
    const onTwo = await boot('dest-cmp2', '2.74', '--host', 'cmp2');
    expect((await cliJson(stack, 'server', 'show', onTwo))['OS-EXT-SRV-ATTR:host']).toBe('cmp2');
    const onOne = await boot('dest-cmp1', '2.74', '--hypervisor-hostname', 'cmp1');
    expect((await cliJson(stack, 'server', 'show', onOne))['OS-EXT-SRV-ATTR:host']).toBe('cmp1');
    const scheduler = logOf('nova-scheduler');
    expect(scheduler).toContain('Host filter only checking host cmp2 and node cmp2');
    expect(scheduler).toContain('Host filter only checking host cmp1 and node cmp1');
    const bad = await osc('2.74', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--nic', 'none', '--host', 'nowhere', 'dest-none');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('Compute host nowhere could not be found. (HTTP 400)');
  }, 240_000);

  it('2.75: the listings the CLI sends still answer; rebuild shows the whole server', async () => {
    for (const args of [['server', 'list'], ['server', 'list', '--long'], ['flavor', 'list'], ['keypair', 'list'], ['compute', 'service', 'list'], ['server', 'group', 'list'], ['hypervisor', 'list']]) {
      const r = await osc('2.75', ...args, '-f', 'json');
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
    }
    const id = await boot('rebuild-75');
    const r = await osc('2.75', 'server', 'rebuild', '--image', 'cirros', id, '-f', 'json');
    expect(r.code, r.err).toBe(0);
    await waitStatus(stack, id, 'ACTIVE', 90_000);
    expect((await cliJson(stack, '--os-compute-api-version', '2.75', 'flavor', 'show', 'm1.tiny')).swap).toBe(0);
  }, 240_000);

  it('power-update (2.76): a stop action whose compute_power_update fails as on a libvirt compute; POWER_ON on a running server is a no-op', async () => {
    const id = await boot('power-76');
    const send = (tag: string) => computeApi(stack, 'POST', '/os-server-external-events', { events: [{ name: 'power-update', server_uuid: id, tag }] }, { 'OpenStack-API-Version': 'compute 2.76' });
    const off = await send('POWER_OFF');
    expect(off.status).toBe(200);
    expect(off.body.events[0]).toMatchObject({ code: 200, status: 'completed' });
    let stop: { action: string; requestId: string } | undefined;
    await expect.poll(async () => { stop = (await serverEvents(stack, id)).find((e) => e.action === 'stop'); return stop ? actionEvents(stack, id, stop.requestId) : []; }, { timeout: 30_000 })
      .toEqual(['compute_power_update Error']);
    const shown = await cliJson(stack, 'server', 'show', id);
    expect(shown).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': null, 'OS-EXT-STS:power_state': 1 });
    const compute = logOf('nova-compute');
    expect(compute).toMatch(new RegExp(`DEBUG nova\\.compute\\.manager \\[[^\\]]*\\] \\[instance: ${id}\\] Trying to POWER_OFF instance`));
    expect(compute).toMatch(/ERROR oslo_messaging\.rpc\.server \[[^\]]*\] Exception during message handling: NotImplementedError\n/);
    expect(compute).toContain('in power_update_event\n');
    const on = await send('POWER_ON');
    expect(on.status).toBe(200);
    await expect.poll(() => logOf('nova-compute'), { timeout: 30_000 })
      .toContain(`The power-update POWER_ON event for instance ${id} is a no-op since the instance is in vm_state active, task_state None and power_state running.`);
  }, 240_000);

  it('server unshelve --availability-zone (2.77): the shelved-offloaded server comes back in that zone', async () => {
    expect((await stack.openstack('aggregate', 'create', '--zone', 'az77', 'agg77')).code).toBe(0);
    expect((await stack.openstack('aggregate', 'add', 'host', 'agg77', 'cmp2')).code).toBe(0);
    const id = await boot('shelve-77', '2.37', '--availability-zone', 'nova');
    expect((await stack.openstack('server', 'shelve', id)).code).toBe(0);
    await waitStatus(stack, id, 'SHELVED_OFFLOADED', 90_000);
    const old = await osc('2.76', 'server', 'unshelve', '--availability-zone', 'az77', id);
    expect(old.code).not.toBe(0);
    const r = await osc('2.77', 'server', 'unshelve', '--availability-zone', 'az77', id);
    expect(r.code, r.err).toBe(0);
    const back = await waitStatus(stack, id, 'ACTIVE', 90_000);
    expect(back.host).toBe('cmp2');
    expect((await cliJson(stack, 'server', 'show', id))['OS-EXT-AZ:availability_zone']).toBe('az77');
    const unknown = await (async () => {
      expect((await stack.openstack('server', 'shelve', id)).code).toBe(0);
      await waitStatus(stack, id, 'SHELVED_OFFLOADED', 90_000);
      return osc('2.77', 'server', 'unshelve', '--availability-zone', 'atlantis', id);
    })();
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('The requested availability zone is not available (HTTP 400)');
  }, 300_000);

  it('nova server-topology and server show --topology (2.78): a pinned server\'s cell and pinning; none for an ordinary one', async () => {
    expect((await stack.openstack('flavor', 'create', '--ram', '512', '--vcpus', '2', '--disk', '1', '--property', 'hw:cpu_policy=dedicated', 'x.pinned')).code).toBe(0);
    const r = await osc('2.37', 'server', 'create', '--flavor', 'x.pinned', '--image', 'cirros', '--nic', 'none', 'pinned-78', '-f', 'json');
    expect(r.code, r.err).toBe(0);
    const id = JSON.parse(r.out).id as string;
    await waitStatus(stack, id, 'ACTIVE', 90_000);
    const shown = await cliJson(stack, '--os-compute-api-version', '2.78', 'server', 'show', '--topology', id);
    expect(shown.topology).toEqual({ nodes: [{ vcpu_set: [0, 1], siblings: [], memory_mb: 512, host_node: 1, cpu_pinning: { 0: 4, 1: 5 } }], pagesize_kb: null });
    const second = await osc('2.37', 'server', 'create', '--flavor', 'x.pinned', '--image', 'cirros', '--nic', 'none', '--availability-zone', `nova:${shown['OS-EXT-SRV-ATTR:host']}`, 'pinned-78b', '-f', 'json');
    expect(second.code, second.err).toBe(0);
    const id2 = JSON.parse(second.out).id as string;
    await waitStatus(stack, id2, 'ACTIVE', 90_000);
    // The second one on the same host gets the CPUs left.
    expect((await cliJson(stack, '--os-compute-api-version', '2.78', 'server', 'show', '--topology', id2)).topology.nodes[0].cpu_pinning).toEqual({ 0: 6, 1: 7 });
    const nova = await stack.nova('--os-compute-api-version', '2.78', 'server-topology', id);
    expect(nova.code, nova.err).toBe(0);
    expect(nova.out).toMatch(/\| pagesize_kb \| None/);
    expect(nova.out).toContain('"host_node": 1');
    expect(nova.out).toContain('"cpu_pinning": {"0": 4, "1": 5}');
    const plain = await boot('plain-78');
    expect((await cliJson(stack, '--os-compute-api-version', '2.78', 'server', 'show', '--topology', plain)).topology).toEqual({ nodes: [], pagesize_kb: null });
    expect((await stack.nova('--os-compute-api-version', '2.77', 'server-topology', id)).code).not.toBe(0);
  }, 300_000);
});
