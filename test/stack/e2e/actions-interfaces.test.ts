// Interface hot-plug with the real CLIs (`openstack server add/remove port|network`, `nova
// interface-list`): a port attached by network and one by port id, listed through Nova's
// os-interface, detached again (Nova's port deleted, the user's port released), with the
// instance actions and their compute events, Nova's and the libvirt driver's lines, and Nova's
// 404/409/400 answers.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';
import { actionEvents, cliJson, serverEvents } from './actions-harness.js';

let stack: Stack;
let id: string;
let host: string;
beforeAll(async () => {
  stack = await stackUp(1);
  const s = await cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'vm-if', '--wait');
  id = s.id;
  host = s['OS-EXT-SRV-ATTR:host'];
}, 270_000);
afterAll(() => stack?.down(), 90_000);

const ports = async () => await cliJson(stack, 'port', 'list', '--server', id) as { ID: string; 'Fixed IP Addresses': { ip_address: string }[] }[];
const interfaces = async () => {
  const r = await stack.nova('interface-list', id);
  expect(r.code, r.err).toBe(0);
  return [...r.out.matchAll(/\| \w+ +\| ([0-9a-f-]{36}) \|/g)].map((m) => m[1]);
};
const computeLines = (requestId: string) => fs.readFileSync(path.join(stack.logDir, `nova-compute-${host}.log`), 'utf8').split('\n').filter((l) => l.includes(requestId));

describe('interface attach and detach', () => {
  it('attach by network: a second port, bound to the host, plugged; listed by os-interface and in the addresses', async () => {
    const before = (await ports()).map((p) => p.ID);
    expect((await stack.openstack('server', 'add', 'network', id, 'private')).code).toBe(0);
    const after = await ports();
    expect(after).toHaveLength(2);
    const added = after.find((p) => !before.includes(p.ID))!;
    expect((await interfaces()).sort()).toEqual(after.map((p) => p.ID).sort());
    expect(await cliJson(stack, 'port', 'show', added.ID)).toMatchObject({ binding_host_id: host, device_owner: 'compute:nova', status: 'ACTIVE' });
    expect(JSON.stringify((await cliJson(stack, 'server', 'show', id)).addresses)).toContain(added['Fixed IP Addresses'][0].ip_address);
    const act = (await serverEvents(stack, id))[0];
    expect(act.action).toBe('attach_interface');
    expect(await actionEvents(stack, id, act.requestId)).toEqual(['compute_attach_interface Success']);
    expect(computeLines(act.requestId).some((l) => / INFO os_vif /.test(l) && l.includes(`Successfully plugged vif VIFOpenVSwitch(active=True,address=`) && l.includes(`id=${added.ID}`))).toBe(true);
  }, 90_000);

  it("detach: the device leaves the persistent and live config, Nova's port is deleted", async () => {
    const extra = (await ports())[1].ID;
    expect((await stack.openstack('server', 'remove', 'port', id, extra)).code).toBe(0);
    await expect.poll(async () => (await ports()).length, { timeout: 30_000, interval: 500 }).toBe(1);
    expect((await stack.openstack('port', 'show', extra)).code).not.toBe(0);
    const act = (await serverEvents(stack, id))[0];
    expect(act.action).toBe('detach_interface');
    await expect.poll(async () => await actionEvents(stack, id, act.requestId), { timeout: 10_000, interval: 500 }).toEqual(['compute_detach_interface Success']);
    const info = computeLines(act.requestId).filter((l) => / INFO nova\.virt\.libvirt\.driver /.test(l)).map((l) => l.replace(/^.*\] /, ''));
    expect(info).toEqual([
      `Successfully detached device tap${extra.slice(0, 11)} from instance ${id} from the persistent domain config.`,
      `Successfully detached device tap${extra.slice(0, 11)} from instance ${id} from the live domain config.`,
    ]);
  }, 90_000);

  it("attach by port id: the user's port is taken over, and on detach only released", async () => {
    // neutron-lite keeps no port names: the port is named by its id.
    const mine = await cliJson(stack, 'port', 'create', '--network', 'private', 'my-port');
    expect((await stack.openstack('server', 'add', 'port', id, mine.id)).code).toBe(0);
    expect(await cliJson(stack, 'port', 'show', mine.id)).toMatchObject({ device_id: id, binding_host_id: host });
    // Nova's 409: the port is in use now.
    const again = await stack.nova('interface-attach', '--port-id', mine.id, id);
    expect(again.err).toContain(`Port ${mine.id} is still in use. (HTTP 409)`);
    expect((await stack.openstack('server', 'remove', 'port', id, mine.id)).code).toBe(0);
    await expect.poll(async () => (await cliJson(stack, 'port', 'show', mine.id)).device_id, { timeout: 30_000, interval: 500 }).toBe('');
    expect((await cliJson(stack, 'port', 'show', mine.id)).binding_host_id).toBe('');
  }, 90_000);

  it("Nova's answers: an unknown port 404, both network and port 400, a server in the wrong state 409", async () => {
    const none = await stack.nova('interface-attach', '--port-id', '6b4f7e1c-0000-4000-8000-000000000000', id);
    expect(none.err).toContain('Port id 6b4f7e1c-0000-4000-8000-000000000000 could not be found. (HTTP 404)');
    const net = (await cliJson(stack, 'network', 'show', 'private')).id;
    const both = await stack.nova('interface-attach', '--port-id', '6b4f7e1c-0000-4000-8000-000000000000', '--net-id', net, id);
    expect(both.code).not.toBe(0);
    expect((await stack.openstack('server', 'suspend', id)).code).toBe(0);
    await expect.poll(async () => (await cliJson(stack, 'server', 'show', id)).status, { timeout: 30_000, interval: 500 }).toBe('SUSPENDED');
    const r = await stack.openstack('server', 'add', 'network', id, 'private');
    expect(r.err).toContain(`Cannot 'attach_interface' instance ${id} while it is in vm_state suspended`);
  }, 90_000);
});
