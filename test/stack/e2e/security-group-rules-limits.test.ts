// Nova's os-security-group-rules proxy (up to 2.35) over a real token from keystone-lite, checked
// against neutron-lite with the real `openstack security group rule` commands (which go to
// neutron directly), and `openstack limits show --absolute/--rate`, which asks both nova and
// cinder for their limits.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';
import { cliJson, computeApi } from './actions-harness.js';

let stack: Stack;
beforeAll(async () => { stack = await stackUp(1); }, 270_000);
afterAll(() => stack?.down(), 90_000);

interface CliRule { ID: string; 'IP Protocol': string | null; 'IP Range': string; 'Port Range': string; Direction: string; Ethertype: string }
const ingressRules = async (group: string) => (await cliJson(stack, 'security', 'group', 'rule', 'list', group, '--long') as CliRule[]).filter((r) => r.Direction === 'ingress');

describe("Nova's security group rule proxy", () => {
  it('adds a rule through Nova that neutron shows, deletes it through Nova, and is gone at 2.36', async () => {
    const web = await cliJson(stack, 'security', 'group', 'create', 'web');
    const added = await computeApi(stack, 'POST', '/os-security-group-rules',
      { security_group_rule: { parent_group_id: web.id, ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr: '10.0.0.0/24' } });
    expect(added.status).toBe(200);
    expect(added.body.security_group_rule).toMatchObject({ parent_group_id: web.id, ip_protocol: 'tcp', from_port: 22, to_port: 22, ip_range: { cidr: '10.0.0.0/24' }, group: {} });
    const id = added.body.security_group_rule.id as string;
    expect(await ingressRules('web')).toEqual([expect.objectContaining({ ID: id, 'IP Protocol': 'tcp', 'IP Range': '10.0.0.0/24', 'Port Range': '22:22', Ethertype: 'IPv4' })]);

    // The same rule again: Nova sees it in the group (400); the CLI's own create gets neutron's 409.
    const again = await computeApi(stack, 'POST', '/os-security-group-rules',
      { security_group_rule: { parent_group_id: web.id, ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr: '10.0.0.0/24' } });
    expect(again).toEqual({ status: 400, body: { badRequest: { code: 400, message: `This rule already exists in group ${web.id}` } } });
    const dup = await stack.openstack('security', 'group', 'rule', 'create', '--protocol', 'tcp', '--dst-port', '22', '--remote-ip', '10.0.0.0/24', 'web');
    expect(dup.code).not.toBe(0);
    expect(dup.err).toContain(`Security group rule already exists. Rule id is ${id}.`);
    const icmp = await cliJson(stack, 'security', 'group', 'rule', 'create', '--protocol', 'icmp', 'web');
    const nova = await computeApi(stack, 'GET', `/os-security-groups/${web.id}`);
    expect(nova.body.security_group.rules.map((r: { id: string; ip_protocol: string; from_port: number }) => [r.id, r.ip_protocol, r.from_port]).sort())
      .toEqual([[id, 'tcp', 22], [icmp.id, 'icmp', -1]].sort());

    const gone = await computeApi(stack, 'DELETE', `/os-security-group-rules/${id}`);
    expect(gone.status).toBe(202);
    expect((await ingressRules('web')).map((r) => r.ID)).toEqual([icmp.id]);
    const unknown = await computeApi(stack, 'DELETE', `/os-security-group-rules/${id}`);
    expect(unknown).toEqual({ status: 404, body: { itemNotFound: { code: 404, message: `Security group rule ${id} does not exist` } } });
    const v236 = await computeApi(stack, 'DELETE', `/os-security-group-rules/${icmp.id}`, undefined, { 'OpenStack-API-Version': 'compute 2.36' });
    expect(v236.status).toBe(404);
    expect((await ingressRules('web')).map((r) => r.ID)).toEqual([icmp.id]);
    expect((await stack.openstack('security', 'group', 'rule', 'delete', icmp.id)).code).toBe(0);
    expect(await ingressRules('web')).toEqual([]);

    const api = fs.readFileSync(path.join(stack.logDir, 'nova-api.log'), 'utf8');
    expect(api).toMatch(/INFO nova\.api\.openstack\.requestlog \[[^\]]+\] 127\.0\.0\.1 "POST \/compute\/v2\.1\/os-security-group-rules" status: 200/);
    expect(api).toMatch(/"DELETE \/compute\/v2\.1\/os-security-group-rules\/[0-9a-f-]+" status: 202/);
    const neutron = fs.readFileSync(path.join(stack.logDir, 'neutron-server.log'), 'utf8');
    expect(neutron).toMatch(/"POST \/v2\.0\/security-group-rules HTTP\/1\.1" status: 201/);
  }, 120_000);
});

describe('openstack limits show', () => {
  it("--absolute lists nova's and cinder's limits with their usage; --rate answers with no rate limits", async () => {
    const before = new Map((await cliJson(stack, 'limits', 'show', '--absolute') as { Name: string; Value: number }[]).map((l) => [l.Name, l.Value]));
    for (const n of ['maxTotalInstances', 'maxTotalCores', 'maxTotalRAMSize', 'maxServerMeta', 'totalRAMUsed', 'totalCoresUsed', 'totalInstancesUsed', 'maxTotalVolumes', 'maxTotalVolumeGigabytes', 'totalVolumesUsed']) {
      expect(before.has(n), n).toBe(true);
    }
    expect(before.get('totalVolumesUsed')).toBe(0);
    await cliJson(stack, 'volume', 'create', '--size', '2', 'limits-vol');
    const after = new Map((await cliJson(stack, 'limits', 'show', '--absolute') as { Name: string; Value: number }[]).map((l) => [l.Name, l.Value]));
    expect([after.get('totalVolumesUsed'), after.get('totalGigabytesUsed')]).toEqual([1, 2]);
    expect(await cliJson(stack, 'limits', 'show', '--rate')).toEqual([]);
    const cinder = fs.readFileSync(path.join(stack.logDir, 'cinder-api.log'), 'utf8');
    expect(cinder).toMatch(/\/volume\/v3\/limits returned with HTTP 200/);
  }, 120_000);
});
