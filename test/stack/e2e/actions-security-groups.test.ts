// Security groups of a server through Nova (addSecurityGroup, removeSecurityGroup,
// os-security-groups) over neutron-lite's groups and port bindings, driven with the real
// `openstack` and `nova` CLIs: the default group on a new server's port, a group added to and
// removed from every port, Nova's 404/409 answers and its INFO lines.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';
import { cliJson } from './actions-harness.js';

let stack: Stack;
let id: string;
beforeAll(async () => {
  stack = await stackUp(1);
  id = (await cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'vm-sg', '--wait')).id;
}, 270_000);
afterAll(() => stack?.down(), 90_000);

const groupsOfServer = async () => ((await cliJson(stack, 'server', 'show', id)).security_groups as { name: string }[] | undefined ?? []).map((g) => g.name);
const portGroups = async () => (await cliJson(stack, 'port', 'list', '--server', id, '--long')).flatMap((p: { 'Security Groups': string[] }) => p['Security Groups']);

describe('server security groups', () => {
  it("a new server's port is in its project's default group", async () => {
    expect(await groupsOfServer()).toEqual(['default']);
    const def = await cliJson(stack, 'security', 'group', 'show', 'default');
    expect(await portGroups()).toEqual([def.id]);
    // neutron's default group: egress anywhere and ingress from the group itself, IPv4 and IPv6.
    expect(def.rules).toHaveLength(4);
  }, 60_000);

  it('add and remove a group: every port updated in neutron, os-security-groups in Nova format', async () => {
    const web = await cliJson(stack, 'security', 'group', 'create', 'web');
    expect((await stack.openstack('server', 'add', 'security', 'group', id, 'web')).code).toBe(0);
    expect(await groupsOfServer()).toEqual(['default', 'web']);
    expect(await portGroups()).toContain(web.id);
    const listed = await stack.nova('list-secgroup', id);
    expect(listed.code, listed.err).toBe(0);
    expect(listed.out).toMatch(/\| \S+ +\| default +\| Default security group/);
    expect(listed.out).toContain(web.id);
    const api = fs.readFileSync(path.join(stack.logDir, 'nova-api.log'), 'utf8');
    const port = (await cliJson(stack, 'port', 'list', '--server', id))[0].ID;
    expect(api).toMatch(new RegExp(`INFO nova\\.network\\.security_group_api \\[[^\\]]+\\] Adding security group ${web.id} to port ${port}`));
    // Neutron refuses to delete a group a port uses.
    const inUse = await stack.openstack('security', 'group', 'delete', 'web');
    expect(inUse.code).not.toBe(0);
    expect(inUse.err).toContain('in use');

    expect((await stack.openstack('server', 'remove', 'security', 'group', id, 'web')).code).toBe(0);
    expect(await groupsOfServer()).toEqual(['default']);
    expect(fs.readFileSync(path.join(stack.logDir, 'nova-api.log'), 'utf8')).toContain(`Removing security group ${web.id} from port ${port}`);
    expect((await stack.openstack('security', 'group', 'delete', 'web')).code).toBe(0);
  }, 90_000);

  it("Nova's answers: unknown group 404, group not on the server 404, removing the last group leaves no security_groups", async () => {
    const unknown = await stack.nova('add-secgroup', id, 'nosuch');
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toMatch(/Security group nosuch is not found for project \w+ \(HTTP 404\)/);
    await cliJson(stack, 'security', 'group', 'create', 'spare');
    const notOn = await stack.nova('remove-secgroup', id, 'spare');
    expect(notOn.err).toContain(`Security group spare not associated with the instance ${id} (HTTP 404)`);
    expect((await stack.nova('remove-secgroup', id, 'default')).code).toBe(0);
    expect(await cliJson(stack, 'server', 'show', id)).not.toHaveProperty('security_groups');
    expect((await stack.nova('list-secgroup', id)).out).not.toContain('default');
  }, 90_000);
});
