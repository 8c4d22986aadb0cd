// Nova's request validation and list filters, driven with the real CLIs (and raw requests for
// what no CLI sends: access IPs on create, an empty all_tenants, a malformed changes-since):
// server names and access IPs refused in Nova's words on create, update and rebuild, access IPs
// stored and shown, servers and flavors paged with limit/marker, the ip filter, all_tenants
// and tenant_id, and changes-since returning the servers deleted since.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';
import { cliJson, computeApi } from './actions-harness.js';

const INVALID_NAME = "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.";
let stack: Stack;
let a: { id: string; ip: string };
let b: { id: string; ip: string };
beforeAll(async () => {
  stack = await stackUp(1);
  const boot = async (name: string) => {
    const s = await cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', name, '--wait');
    return { id: s.id as string, ip: String(JSON.stringify(s.addresses).match(/\d+\.\d+\.\d+\.\d+/)![0]) };
  };
  a = await boot('val-a');
  b = await boot('val-b');
}, 240_000);
afterAll(() => stack?.down(), 90_000);

const names = (rows: { Name: string }[]) => rows.map((r) => r.Name).sort();

describe('server names and access IPs', () => {
  it('create, update and rebuild refuse bad names as Nova does', async () => {
    const lead = await stack.openstack('server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', ' lead');
    expect(lead.code).not.toBe(0);
    expect(lead.err).toContain(`${INVALID_NAME} (HTTP 400)`);
    const long = await stack.openstack('server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'x'.repeat(256));
    expect(long.err).toContain(`Invalid input for field/attribute name. Value: ${'x'.repeat(256)}. '${'x'.repeat(256)}' is too long (HTTP 400)`);
    expect((await stack.openstack('server', 'set', '--name', 'trail ', a.id)).err).toContain(INVALID_NAME);
    expect((await stack.nova('rebuild', '--name', ' x', a.id, 'cirros')).err).toContain(INVALID_NAME);
    expect((await cliJson(stack, 'server', 'show', a.id)).name).toBe('val-a');
  }, 90_000);

  it('access IPs: validated, stored on create and update, shown', async () => {
    const bad = await computeApi(stack, 'PUT', `/servers/${a.id}`, { server: { accessIPv4: '1.1.1.1.1' } });
    expect(bad).toEqual({ status: 400, body: { badRequest: { code: 400, message: "Invalid input for field/attribute accessIPv4. Value: 1.1.1.1.1. '1.1.1.1.1' is not a 'ipv4'" } } });
    expect((await computeApi(stack, 'PUT', `/servers/${a.id}`, { server: { accessIPv6: '2001:db8::1' } })).status).toBe(200);
    const net = (await cliJson(stack, 'network', 'show', 'private')).id;
    const made = await computeApi(stack, 'POST', '/servers', { server: { name: 'val-ip', flavorRef: '1', imageRef: (await cliJson(stack, 'image', 'show', 'cirros')).id, networks: [{ uuid: net }], accessIPv4: '192.0.2.7' } });
    expect(made.status).toBe(202);
    expect(await cliJson(stack, 'server', 'show', made.body.server.id)).toMatchObject({ accessIPv4: '192.0.2.7', accessIPv6: '' });
    expect((await cliJson(stack, 'server', 'show', a.id)).accessIPv6).toBe('2001:db8::1');
    const sg = await computeApi(stack, 'POST', '/servers', { server: { name: 'val-sg', flavorRef: '1', imageRef: (await cliJson(stack, 'image', 'show', 'cirros')).id, networks: [{ uuid: net }], security_groups: [{ name: 'nosuch' }] } });
    expect(sg.status).toBe(400);
    expect(sg.body.badRequest.message).toMatch(/^Security group nosuch not found for project \w+\.$/);
    expect((await stack.openstack('server', 'delete', '--wait', made.body.server.id)).code).toBe(0);
  }, 120_000);
});

describe('list filters', () => {
  it('servers: limit and marker (with the next link), the ip filter', async () => {
    const all = await cliJson(stack, 'server', 'list') as { ID: string; Name: string }[];
    const first = await cliJson(stack, 'server', 'list', '--limit', '1') as { ID: string }[];
    expect(first.map((s) => s.ID)).toEqual([all[0].ID]);
    const next = await cliJson(stack, 'server', 'list', '--limit', '1', '--marker', all[0].ID) as { ID: string }[];
    expect(next.map((s) => s.ID)).toEqual([all[1].ID]);
    const page = await computeApi(stack, 'GET', '/servers?limit=1');
    expect(page.body.servers_links[0].href).toContain(`marker=${all[0].ID}`);
    expect(names(await cliJson(stack, 'server', 'list', '--ip', b.ip.replace(/\./g, '\\.') + '$'))).toEqual(['val-b']);
    expect((await computeApi(stack, 'GET', '/servers?marker=6b4f7e1c-0000-4000-8000-000000000000')).body.badRequest.message).toBe('marker [6b4f7e1c-0000-4000-8000-000000000000] not found');
  }, 60_000);

  it('all_tenants (an empty value counts), tenant_id only with it', async () => {
    const demo = (await cliJson(stack, 'project', 'show', 'admin')).id;
    expect((await computeApi(stack, 'GET', '/servers?all_tenants=')).body.servers.length).toBeGreaterThanOrEqual(2);
    // tenant_id without all_tenants is ignored: still the caller's own servers.
    expect((await computeApi(stack, 'GET', '/servers?tenant_id=nosuch')).body.servers.length).toBeGreaterThanOrEqual(2);
    expect((await computeApi(stack, 'GET', '/servers?all_tenants=1&tenant_id=nosuch')).body.servers).toEqual([]);
    expect((await computeApi(stack, 'GET', `/servers?all_tenants=1&tenant_id=${demo}`)).body.servers.length).toBeGreaterThanOrEqual(2);
    expect(names(await cliJson(stack, 'server', 'list', '--all-projects'))).toEqual(expect.arrayContaining(['val-a', 'val-b']));
  }, 60_000);

  it('changes-since: validated, and the servers deleted since are listed as DELETED', async () => {
    const bad = await computeApi(stack, 'GET', '/servers?changes-since=yesterday');
    expect(bad.body.badRequest.message).toBe("Invalid input for query parameters changes-since. Value: yesterday. 'yesterday' is not a 'date-time'");
    const since = new Date(Date.now() - 1000).toISOString();
    const gone = (await cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'val-gone', '--wait')).id;
    expect((await stack.openstack('server', 'delete', '--wait', gone)).code).toBe(0);
    const listed = await cliJson(stack, 'server', 'list', '--changes-since', since) as { ID: string; Status: string }[];
    expect(listed.find((s) => s.ID === gone)?.Status).toBe('DELETED');
    expect((await cliJson(stack, 'server', 'list') as { ID: string }[]).map((s) => s.ID)).not.toContain(gone);
  }, 90_000);

  it('flavors: limit and marker, with the next link', async () => {
    const all = (await cliJson(stack, 'flavor', 'list', '--all') as { ID: string }[]).map((f) => f.ID).sort();
    expect((await cliJson(stack, 'flavor', 'list', '--limit', '2') as { ID: string }[]).map((f) => f.ID)).toEqual(all.slice(0, 2));
    expect((await cliJson(stack, 'flavor', 'list', '--limit', '1', '--marker', all[0]) as { ID: string }[]).map((f) => f.ID)).toEqual([all[1]]);
    const page = await computeApi(stack, 'GET', '/flavors?limit=1');
    expect(page.body.flavors_links[0].href).toContain(`marker=${all[0]}`);
    expect((await computeApi(stack, 'GET', '/flavors?marker=nosuch')).body.badRequest.message).toBe('marker [nosuch] not found');
  }, 60_000);
});
