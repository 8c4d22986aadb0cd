// Security group rules over real HTTP: neutron-lite's /v2.0/security-group-rules (neutron's
// conversions, checks, duplicates and quota, with NeutronError bodies) and Nova's
// os-security-group-rules proxy over it (Nova's 400/403/404 answers and their words, tempest's
// response schemas, gone at 2.36).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type ApiHarness } from './api-harness.js';
import { tempestSchemaError } from './tempest-schema.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const N = '/network/v2.0';
const C = '/compute/v2.1';
const at = (v: string) => ({ headers: { 'OpenStack-API-Version': `compute ${v}` } });
const demo = () => ({ token: h.demoToken });

async function group(name: string, token = h.demoToken): Promise<{ id: string; name: string; project_id: string }> {
  const r = await h.call('POST', `${N}/security-groups`, { security_group: { name } }, { token });
  expect(r.status).toBe(201);
  return r.body.security_group;
}

const rule = (sg: string, extra: Record<string, unknown> = {}) => ({ security_group_rule: { security_group_id: sg, direction: 'ingress', ...extra } });

describe('neutron-lite security group rules', () => {
  it('creates a rule as neutron shows it, lists it by group, shows and deletes it', async () => {
    const sg = await group('web');
    const r = await h.call('POST', `${N}/security-group-rules`, rule(sg.id, { protocol: 'TCP', port_range_min: '80', port_range_max: 80, remote_ip_prefix: '10.2.3.124/24' }), demo());
    expect(r.status).toBe(201);
    expect(r.body.security_group_rule).toMatchObject({
      security_group_id: sg.id, direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 80, port_range_max: 80,
      remote_ip_prefix: '10.2.3.124/24', normalized_cidr: '10.2.3.0/24', remote_group_id: null, project_id: sg.project_id, belongs_to_default_sg: false,
    });
    const id = r.body.security_group_rule.id;
    const listed = await h.call('GET', `${N}/security-group-rules?security_group_id=${sg.id}&direction=ingress`, undefined, demo());
    expect(listed.body.security_group_rules.map((x: { id: string }) => x.id)).toEqual([id]);
    expect((await h.call('GET', `${N}/security-group-rules/${id}`, undefined, demo())).body.security_group_rule.id).toBe(id);
    expect((await h.call('GET', `${N}/security-groups/${sg.id}`, undefined, demo())).body.security_group.security_group_rules).toHaveLength(3);
    expect((await h.call('DELETE', `${N}/security-group-rules/${id}`, undefined, demo())).status).toBe(204);
    const gone = await h.call('GET', `${N}/security-group-rules/${id}`, undefined, demo());
    expect(gone.status).toBe(404);
    expect(gone.body.NeutronError).toEqual({ type: 'SecurityGroupRuleNotFound', message: `Security group rule ${id} does not exist`, detail: '' });
  });

  it("refuses what neutron refuses, in neutron's words", async () => {
    const sg = await group('strict');
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ protocol: 'bogus' }, 400, 'SecurityGroupRuleInvalidProtocol', "Security group rule protocol bogus not supported. Only protocol values (None, 'any', 'ah', 'dccp', 'egp', 'esp', 'gre', 'hopopt', 'icmp', 'igmp', 'ip', 'ipip', 'ipv6-encap', 'ipv6-frag', 'ipv6-icmp', 'icmpv6', 'ipv6-nonxt', 'ipv6-opts', 'ipv6-route', 'ospf', 'pgm', 'rsvp', 'sctp', 'tcp', 'udp', 'udplite', 'vrrp') and integer representations [0 to 255] are supported."],
      [{ protocol: 'tcp', port_range_min: 70000, port_range_max: 70000 }, 400, 'SecurityGroupInvalidPortValue', 'Invalid value for port 70000'],
      [{ protocol: 'tcp', port_range_min: 22, port_range_max: 21 }, 400, 'SecurityGroupInvalidPortRange', 'For TCP/UDP protocols, port_range_min must be <= port_range_max'],
      [{ port_range_min: 22, port_range_max: 22 }, 400, 'SecurityGroupProtocolRequiredWithPorts', 'Must also specify protocol if port range is given.'],
      [{ protocol: 'gre', port_range_min: 22, port_range_max: 22 }, 400, 'SecurityGroupInvalidProtocolForPort', 'Ports cannot be specified for protocol 47. Ports are only supported for DCCP, SCTP, TCP, UDP, UDPLITE.'],
      [{ protocol: 'icmp', port_range_min: 300 }, 400, 'SecurityGroupInvalidIcmpValue', 'Invalid value for ICMP type (port_range_min) 300. It must be 0 to 255.'],
      [{ remote_ip_prefix: '2001:db8::/64' }, 400, 'SecurityGroupRuleParameterConflict', 'Conflicting value ethertype IPv4 for CIDR 2001:db8::/64'],
      [{ remote_ip_prefix: '10.0.0.300/8' }, 400, 'InvalidCIDR', 'Invalid CIDR 10.0.0.300/8 given as IP prefix.'],
      [{ protocol: 'ipv6-icmp' }, 400, 'SecurityGroupEthertypeConflictWithProtocol', 'Invalid ethertype IPv4 for protocol ipv6-icmp.'],
      [{ ethertype: 'ipx' }, 400, 'SecurityGroupRuleInvalidEtherType', "Security group rule for ethertype 'ipx' not supported. Allowed values are ['IPv4', 'IPv6']."],
      [{ direction: 'sideways' }, 400, 'HTTPBadRequest', 'Invalid input for direction. Reason: sideways is not in valid_values.'],
      [{ colour: 'red' }, 400, 'HTTPBadRequest', "Unrecognized attribute(s) 'colour'"],
      [{ remote_group_id: '6e1d4a8c-0000-4000-8000-000000000000' }, 404, 'SecurityGroupNotFound', 'Security group 6e1d4a8c-0000-4000-8000-000000000000 does not exist'],
    ];
    for (const [extra, status, type, message] of cases) {
      const r = await h.call('POST', `${N}/security-group-rules`, rule(sg.id, extra), demo());
      expect({ status: r.status, ...r.body.NeutronError }, JSON.stringify(extra)).toEqual({ status, type, message, detail: '' });
    }
    const noDirection = await h.call('POST', `${N}/security-group-rules`, { security_group_rule: { security_group_id: sg.id } }, demo());
    expect(noDirection.body.NeutronError.message).toBe("Failed to parse request. Required attribute 'direction' not specified");
    expect((await h.call('POST', `${N}/security-group-rules`, {}, demo())).body.NeutronError.message).toBe('Resource body required');
  });

  it('makes the entire port range canonical, refuses duplicates (also across protocol name and number) and creates in bulk', async () => {
    const sg = await group('bulk');
    const all = await h.call('POST', `${N}/security-group-rules`, rule(sg.id, { protocol: 'tcp', port_range_min: 1, port_range_max: 65535 }), demo());
    expect(all.body.security_group_rule).toMatchObject({ port_range_min: null, port_range_max: null });
    expect(h.log('neutron-server.log')).toMatch(/INFO neutron\.db\.securitygroups_db \[[^\]]+\] Project \w+ added a security group rule specifying the entire port range \(1 - 65535\)\. It was automatically converted/);
    const dup = await h.call('POST', `${N}/security-group-rules`, rule(sg.id, { protocol: '6' }), demo());
    expect(dup.status).toBe(409);
    expect(dup.body.NeutronError).toMatchObject({ type: 'SecurityGroupRuleExists', message: `Security group rule already exists. Rule id is ${all.body.security_group_rule.id}.` });
    const twice = { security_group_id: sg.id, direction: 'ingress', protocol: 'udp', port_range_min: 53, port_range_max: 53 };
    const inPost = await h.call('POST', `${N}/security-group-rules`, { security_group_rules: [twice, twice] }, demo());
    expect(inPost.body.NeutronError).toMatchObject({ type: 'DuplicateSecurityGroupRuleInPost', message: 'Duplicate Security Group Rule in POST.' });
    const bulk = await h.call('POST', `${N}/security-group-rules`, { security_group_rules: [twice, { ...twice, ethertype: 'IPv6' }] }, demo());
    expect(bulk.status).toBe(201);
    expect(bulk.body.security_group_rules.map((x: { ethertype: string }) => x.ethertype)).toEqual(['IPv4', 'IPv6']);
  });

  it("deletes the rules naming a deleted group as their remote group; another project's rule is not found", async () => {
    const a = await group('peer-a');
    const b = await group('peer-b');
    const r = await h.call('POST', `${N}/security-group-rules`, rule(a.id, { remote_group_id: b.id }), demo());
    expect(r.status).toBe(201);
    expect((await h.call('GET', `${N}/security-group-rules/${r.body.security_group_rule.id}`, undefined, { token: h.adminToken })).status).toBe(200);
    const asAdminProject = await group('admins', h.adminToken);
    const foreign = await h.call('POST', `${N}/security-group-rules`, rule(asAdminProject.id, { protocol: 'icmp' }), { token: h.adminToken });
    const hidden = await h.call('GET', `${N}/security-group-rules/${foreign.body.security_group_rule.id}`, undefined, demo());
    expect(hidden.status).toBe(404);
    expect((await h.call('DELETE', `${N}/security-groups/${b.id}`, undefined, demo())).status).toBe(204);
    const left = await h.call('GET', `${N}/security-group-rules?security_group_id=${a.id}&direction=ingress`, undefined, demo());
    expect(left.body.security_group_rules).toEqual([]);
  });
});

describe('Nova os-security-group-rules', () => {
  const create = (body: Record<string, unknown>, v = '2.1') => h.call('POST', `${C}/os-security-group-rules`, { security_group_rule: body }, { ...demo(), ...at(v) });

  it('adds tcp, cidr, icmp and source-group rules in the format tempest checks, shown in the group, and deletes them (202)', async () => {
    const sg = await group('nova-rules');
    const peer = await group('nova-peer');
    const tcp = await create({ parent_group_id: sg.id, ip_protocol: 'tcp', from_port: 22, to_port: 22 });
    expect(tcp.status).toBe(200);
    expect(tempestSchemaError('v2_1.security_groups.create_security_group_rule', tcp)).toBe('');
    expect(tcp.body.security_group_rule).toEqual({ id: expect.any(String), parent_group_id: sg.id, ip_protocol: 'tcp', from_port: 22, to_port: 22, group: {}, ip_range: { cidr: '0.0.0.0/0' } });
    const cidr = await create({ parent_group_id: sg.id, ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr: '10.2.3.124/24' });
    expect(cidr.body.security_group_rule.ip_range).toEqual({ cidr: '10.2.3.124/24' });
    const icmp = await create({ parent_group_id: sg.id, ip_protocol: 'icmp', from_port: -1, to_port: -1 });
    expect(icmp.body.security_group_rule).toMatchObject({ ip_protocol: 'icmp', from_port: -1, to_port: -1 });
    const fromPeer = await create({ parent_group_id: sg.id, ip_protocol: 'tcp', from_port: 22, to_port: 22, group_id: peer.id });
    expect(fromPeer.body.security_group_rule).toMatchObject({ group: { name: 'nova-peer', tenant_id: peer.project_id }, ip_range: {} });
    // The neutron rule Nova asked for: ingress, IPv4, no ports for ICMP -1.
    const n = await h.call('GET', `${N}/security-group-rules/${icmp.body.security_group_rule.id}`, undefined, demo());
    expect(n.body.security_group_rule).toMatchObject({ direction: 'ingress', ethertype: 'IPv4', protocol: 'icmp', port_range_min: null, port_range_max: null, remote_ip_prefix: '0.0.0.0/0' });

    const shown = await h.call('GET', `${C}/os-security-groups/${sg.id}`, undefined, demo());
    expect(tempestSchemaError('v2_1.security_groups.get_security_group', shown)).toBe('');
    expect(shown.body.security_group.rules.map((r: { id: string }) => r.id).sort()).toEqual([tcp, cidr, icmp, fromPeer].map((r) => r.body.security_group_rule.id).sort());
    expect(shown.body.security_group.rules.find((r: { id: string }) => r.id === fromPeer.body.security_group_rule.id).group).toEqual({ name: 'nova-peer', tenant_id: peer.project_id });

    const del = await h.call('DELETE', `${C}/os-security-group-rules/${tcp.body.security_group_rule.id}`, undefined, demo());
    expect(del.status).toBe(202);
    expect(del.text).toBe('');
    // The peer group gone: its rule goes with it in neutron, and Nova no longer shows it.
    expect((await h.call('DELETE', `${C}/os-security-groups/${peer.id}`, undefined, demo())).status).toBe(202);
    const after = await h.call('GET', `${C}/os-security-groups/${sg.id}`, undefined, demo());
    expect(after.body.security_group.rules.map((r: { id: string }) => r.id).sort()).toEqual([cidr, icmp].map((r) => r.body.security_group_rule.id).sort());
  });

  it("answers Nova's 400/403/404 in Nova's words", async () => {
    const sg = await group('nova-bad');
    const missing = '0b9d3bc6-2c5c-4c9a-9a1b-6c0f0f4c7c11';
    const cases: [Record<string, unknown>, number, string][] = [
      [{ parent_group_id: 'non_int_id-1', ip_protocol: 'tcp', from_port: 22, to_port: 22 }, 400, "Invalid input for field/attribute parent_group_id. Value: non_int_id-1. 'non_int_id-1' is not a 'uuid'"],
      [{ ip_protocol: 'tcp' }, 400, "Invalid input for field/attribute security_group_rule. Value: {'ip_protocol': 'tcp'}. 'parent_group_id' is a required property"],
      [{ parent_group_id: missing, ip_protocol: 'tcp', from_port: 22, to_port: 22 }, 404, `Security group ${missing} does not exist`],
      [{ parent_group_id: sg.id, ip_protocol: '999-proto', from_port: 22, to_port: 22 }, 400, 'Invalid IP protocol 999-proto.'],
      [{ parent_group_id: sg.id, ip_protocol: 'tcp', from_port: 65536, to_port: 22 }, 400, 'Invalid port range 65536:22. Former value cannot be greater than the later'],
      [{ parent_group_id: sg.id, ip_protocol: 'tcp', from_port: 22, to_port: 65536 }, 400, 'Invalid port range 22:65536. Valid TCP ports should be between 1-65535'],
      [{ parent_group_id: sg.id, ip_protocol: 'icmp', from_port: 'a', to_port: 1 }, 400, 'Invalid input received: Type and Code must be integers for ICMP protocol type'],
      [{ parent_group_id: sg.id, ip_protocol: 'tcp' }, 400, 'Not enough parameters to build a valid rule.'],
      [{ parent_group_id: sg.id, ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr: '10.0.0.1/0' }, 400, 'Bad prefix for network in cidr 10.0.0.1/0'],
      [{ parent_group_id: sg.id, ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr: '10.0.0.1' }, 400, '10.0.0.1 is not a valid IP network.'],
    ];
    for (const [body, status, message] of cases) {
      const r = await create(body);
      expect({ status: r.status, message: Object.values(r.body as Record<string, { message: string }>)[0].message }, JSON.stringify(body)).toEqual({ status, message });
    }
    const first = await create({ parent_group_id: sg.id, ip_protocol: 'tcp', from_port: 22, to_port: 22 });
    expect(first.status).toBe(200);
    const again = await create({ parent_group_id: sg.id, ip_protocol: 'tcp', from_port: 22, to_port: 22 });
    expect(again.body).toEqual({ badRequest: { code: 400, message: `This rule already exists in group ${sg.id}` } });
    // A source-group duplicate only neutron sees: its 409 becomes Nova's 403, logged with the traceback.
    const self1 = await create({ parent_group_id: sg.id, group_id: sg.id });
    expect(self1.status).toBe(200);
    const self2 = await create({ parent_group_id: sg.id, group_id: sg.id });
    expect(self2.status).toBe(403);
    expect(self2.body.forbidden.message).toBe(`Security group rule already exists. Rule id is ${self1.body.security_group_rule.id}.`);
    expect(h.log('nova-api.log')).toMatch(new RegExp(`ERROR nova\\.network\\.security_group_api \\[[^\\]]+\\] Neutron Error adding rules to security group nova-bad\\n.*Traceback`));

    const notUuid = await h.call('DELETE', `${C}/os-security-group-rules/abc`, undefined, demo());
    expect(notUuid.body).toEqual({ badRequest: { code: 400, message: 'Security group id should be uuid' } });
    const unknown = await h.call('DELETE', `${C}/os-security-group-rules/${missing}`, undefined, demo());
    expect(unknown.body).toEqual({ itemNotFound: { code: 404, message: `Security group rule ${missing} does not exist` } });
    expect(h.log('nova-api.log')).toContain(`DEBUG nova.network.security_group_api`);
    expect(h.log('nova-api.log')).toMatch(new RegExp(`Neutron security group rule ${missing} not found get_rule`));
  });

  it('is gone from 2.36 (a bare 404) and needs a member of the project', async () => {
    const sg = await group('nova-236');
    const r = await create({ parent_group_id: sg.id, ip_protocol: 'tcp', from_port: 22, to_port: 22 }, '2.36');
    expect(r.body).toEqual({ itemNotFound: { code: 404, message: 'The resource could not be found.' } });
    const ok = await create({ parent_group_id: sg.id, ip_protocol: 'tcp', from_port: 22, to_port: 22 }, '2.35');
    expect(ok.status).toBe(200);
    expect((await h.call('DELETE', `${C}/os-security-group-rules/${ok.body.security_group_rule.id}`, undefined, { ...demo(), ...at('2.36') })).status).toBe(404);
    const noToken = await h.call('POST', `${C}/os-security-group-rules`, { security_group_rule: { parent_group_id: sg.id } }, { token: null });
    expect(noToken.status).toBe(401);
  });
});
