// Microversions from 2.64 with the real openstack CLI: an anti-affinity server group with the
// max_server_per_host rule (2.64) lets the one host take two members and turns the third away in
// the ServerGroupAntiAffinityFilter's words; --changes-before (2.66) on server list, server event
// list and server migration list; a boot from volume whose volume is of a type made with
// `openstack volume type create` (2.67); device tags of a tagged boot network and a tagged
// interface attach in `nova interface-list` (2.70); the server's group in `server show` (2.71).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, waitStatus } from './actions-harness.js';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => { stack = await stackUp(1, ['--delays', 'zero']); }, 270_000);
afterAll(() => stack?.down(), 90_000);

const osc = async (v: string, ...args: string[]) => await stack.openstack('--os-compute-api-version', v, ...args);
const logOf = (prefix: string) => fs.readdirSync(stack.logDir).filter((f) => f.startsWith(prefix)).map((f) => fs.readFileSync(path.join(stack.logDir, f), 'utf8')).join('');

describe('openstack CLI from 2.64', () => {
  it('server group create --policy anti-affinity --rule max_server_per_host=2: two members on the one host, the third has no valid host', async () => {
    const made = await osc('2.64', 'server', 'group', 'create', '--policy', 'anti-affinity', '--rule', 'max_server_per_host=2', 'pair', '-f', 'json');
    expect(made.code, made.err).toBe(0);
    const group = JSON.parse(made.out);
    expect(group).toMatchObject({ policy: 'anti-affinity', rules: { max_server_per_host: 2 } });
    expect(group).not.toHaveProperty('policies');
    const old = await cliJson(stack, '--os-compute-api-version', '2.63', 'server', 'group', 'show', 'pair');
    expect(old.policies).toEqual(['anti-affinity']);
    const boot = async (name: string) => {
      const r = await osc('2.64', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--nic', 'none', '--hint', `group=${group.id}`, name, '-f', 'json');
      expect(r.code, r.err).toBe(0);
    };
    await boot('pair-1');
    expect((await waitStatus(stack, 'pair-1', 'ACTIVE', 90_000)).host).toBe('cmp1');
    await boot('pair-2');
    expect((await waitStatus(stack, 'pair-2', 'ACTIVE', 90_000)).host).toBe('cmp1');
    await boot('pair-3');
    await waitStatus(stack, 'pair-3', 'ERROR', 90_000);
    expect((await cliJson(stack, 'server', 'show', 'pair-3')).fault.message).toBe('No valid host was found. There are not enough hosts available.');
    const scheduler = logOf('nova-scheduler');
    expect(scheduler).toContain(`Group anti-affinity: check if the number of servers from group ${group.id} on host cmp1 is less than 2.`);
    expect(scheduler).toMatch(/Filter ServerGroupAntiAffinityFilter returned 0 hosts/);
    const shown = await cliJson(stack, '--os-compute-api-version', '2.64', 'server', 'group', 'show', 'pair');
    expect(shown.members).toHaveLength(3);
  }, 300_000);

  it('--changes-before at 2.66: server list (deleted servers too), server event list, server migration list', async () => {
    const made = await osc('2.66', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--nic', 'none', 'changes', '--wait', '-f', 'json');
    expect(made.code, made.err).toBe(0);
    const id = JSON.parse(made.out).id as string;
    const later = new Date(Date.now() + 60_000).toISOString();
    const listed = async (...args: string[]) => ((await cliJson(stack, '--os-compute-api-version', '2.66', 'server', 'list', '--name', '^changes', ...args)) as { Name: string; Status: string }[]);
    expect((await listed('--changes-before', later)).map((s) => s.Name)).toEqual(['changes']);
    expect(await listed('--changes-before', '2001-01-01T00:00:00Z')).toEqual([]);
    const events = await cliJson(stack, '--os-compute-api-version', '2.66', 'server', 'event', 'list', id, '--changes-before', later);
    expect(events.map((e: { Action: string }) => e.Action)).toEqual(['create']);
    expect(await cliJson(stack, '--os-compute-api-version', '2.66', 'server', 'event', 'list', id, '--changes-before', '2001-01-01T00:00:00Z')).toEqual([]);
    expect(await cliJson(stack, '--os-compute-api-version', '2.66', 'server', 'migration', 'list', '--changes-before', later)).toEqual([]);
    const reversed = await osc('2.66', 'server', 'list', '--changes-since', later, '--changes-before', '2001-01-01T00:00:00Z');
    expect(reversed.code).not.toBe(0);
    expect(reversed.err).toContain('The value of changes-since must be less than or equal to changes-before. (HTTP 400)');
    expect((await stack.openstack('server', 'delete', '--wait', 'changes')).code).toBe(0);
    const gone = await listed('--changes-before', new Date(Date.now() + 60_000).toISOString());
    expect(gone).toMatchObject([{ Name: 'changes', Status: 'DELETED' }]);
  }, 180_000);

  it('nova boot --block-device …,volume_type=gold67 at 2.67: the root volume nova creates is of that type; an unknown type is 400', async () => {
    // openstack server create (6.0) needs --image, --volume or --snapshot beside --block-device; nova boot does not.
    const type = await cliJson(stack, 'volume', 'type', 'create', 'gold67');
    expect(type.name).toBe('gold67');
    const image = (await cliJson(stack, 'image', 'show', 'cirros')).id as string;
    const boot = async (v: string, t: string, name: string) => await stack.nova('--os-compute-api-version', v, 'boot', '--flavor', 'm1.tiny', '--nic', 'none',
      '--block-device', `source=image,id=${image},dest=volume,size=1,bootindex=0,shutdown=remove,volume_type=${t}`, name);
    const old = await boot('2.66', 'gold67', 'typed-old');
    expect(old.code).not.toBe(0);
    expect(old.err).toContain("'volume_type' in block device mapping is not supported in API version 2.66.");
    const made = await boot('2.67', 'gold67', 'typed');
    expect(made.code, made.err).toBe(0);
    await waitStatus(stack, 'typed', 'ACTIVE', 90_000);
    const server = await cliJson(stack, 'server', 'show', 'typed');
    const volumeId = (server.volumes_attached as { id: string }[])[0].id;
    const volume = await cliJson(stack, 'volume', 'show', volumeId);
    expect(volume).toMatchObject({ type: 'gold67', bootable: 'true', status: 'in-use' });
    const missing = await boot('2.67', 'platinum', 'untyped');
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain('Volume type platinum could not be found. (HTTP 400)');
  }, 180_000);

  it('2.70: nova interface-list shows the tag of the boot network and of an interface added with --tag', async () => {
    const net = (await cliJson(stack, 'network', 'show', 'private')).id as string;
    const image = (await cliJson(stack, 'image', 'show', 'cirros')).id as string;
    const made = await stack.nova('--os-compute-api-version', '2.70', 'boot', '--flavor', 'm1.tiny', '--image', image, '--nic', `net-id=${net},tag=boot-nic`, '--poll', 'tagged');
    expect(made.code, made.err).toBe(0);
    const id = (await cliJson(stack, 'server', 'show', 'tagged')).id as string;
    expect((await osc('2.70', 'server', 'add', 'network', '--tag', 'data-nic', id, 'private')).code).toBe(0);
    const tags = async (v: string) => {
      const r = await stack.nova('--os-compute-api-version', v, 'interface-list', id);
      expect(r.code, r.err).toBe(0);
      return r.out;
    };
    const listed = await tags('2.70');
    expect(listed).toMatch(/\| Tag +\|/);
    expect(listed).toMatch(/\| boot-nic +\|/);
    expect(listed).toMatch(/\| data-nic +\|/);
    expect(await tags('2.69')).not.toContain('Tag');
    // Detached, the port's record goes with it.
    const ports = await cliJson(stack, 'port', 'list', '--server', id) as { ID: string }[];
    const data = ports.find((p) => listed.split('\n').some((l) => l.includes(p.ID) && l.includes('data-nic')))!;
    expect((await stack.openstack('server', 'remove', 'port', id, data.ID)).code).toBe(0);
    await expect.poll(async () => (await tags('2.70')).includes('data-nic'), { timeout: 30_000 }).toBe(false);
    expect(await tags('2.70')).toContain('boot-nic');
  }, 180_000);

  it('2.71: server show has the group the server was booted into', async () => {
    const group = JSON.parse((await osc('2.71', 'server', 'group', 'create', '--policy', 'affinity', 'together', '-f', 'json')).out);
    const made = await osc('2.71', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--nic', 'none', '--hint', `group=${group.id}`, 'member71', '--wait', '-f', 'json');
    expect(made.code, made.err).toBe(0);
    expect((await cliJson(stack, '--os-compute-api-version', '2.71', 'server', 'show', 'member71')).server_groups).toEqual([group.id]);
    expect(await cliJson(stack, '--os-compute-api-version', '2.70', 'server', 'show', 'member71')).not.toHaveProperty('server_groups');
  }, 120_000);
});
