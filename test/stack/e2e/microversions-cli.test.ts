// Microversions 2.3 to 2.21 with the real openstack CLI against a running stack: the extended
// server attributes, locked and host_status in `server show`, `compute service set --down`,
// a soft-anti-affinity server group that spreads its members, `server dump create`, server
// descriptions and the actions of a deleted server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';
import { actionEvents, cliJson, serverEvents } from './actions-harness.js';

let stack: Stack;
let id: string;
beforeAll(async () => {
  stack = await stackUp(2);
  id = (await cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'My_VM.one', '--wait')).id;
}, 270_000);
afterAll(() => stack?.down(), 90_000);

const osc = async (v: string, ...args: string[]) => await stack.openstack('--os-compute-api-version', v, ...args);

describe('openstack CLI at the new microversions', () => {
  it('server show: 2.1 without, 2.3 with the extended attributes; 2.9 locked; 2.16 host_status', async () => {
    const old = await cliJson(stack, '--os-compute-api-version', '2.1', 'server', 'show', id);
    expect(old).not.toHaveProperty('OS-EXT-SRV-ATTR:hostname');
    expect(old).not.toHaveProperty('locked');
    const s = JSON.parse((await osc('2.16', 'server', 'show', id, '-f', 'json')).out);
    expect(s).toMatchObject({ 'OS-EXT-SRV-ATTR:hostname': 'my-vm-one', 'OS-EXT-SRV-ATTR:launch_index': 0, 'OS-EXT-SRV-ATTR:root_device_name': '/dev/vda', locked: false, host_status: 'UP' });
    expect((await osc('2.9', 'server', 'lock', id)).code).toBe(0);
    expect(JSON.parse((await osc('2.9', 'server', 'show', id, '-f', 'json')).out).locked).toBe(true);
    expect((await osc('2.9', 'server', 'unlock', id)).code).toBe(0);
  }, 90_000);

  it('compute service set --down (2.11) forces the host down; host_status follows', async () => {
    const host = JSON.parse((await osc('2.16', 'server', 'show', id, '-f', 'json')).out)['OS-EXT-SRV-ATTR:host'] as string;
    const refused = await osc('2.10', 'compute', 'service', 'set', '--down', host, 'nova-compute');
    expect(refused.code).not.toBe(0);
    const r = await osc('2.11', 'compute', 'service', 'set', '--down', host, 'nova-compute');
    expect(r.code, r.err).toBe(0);
    const svc = (JSON.parse((await osc('2.11', 'compute', 'service', 'list', '--long', '-f', 'json')).out) as Record<string, unknown>[]).find((x) => x.Host === host && x.Binary === 'nova-compute')!;
    expect(svc).toMatchObject({ State: 'down', 'Forced Down': true });
    expect(JSON.parse((await osc('2.16', 'server', 'show', id, '-f', 'json')).out).host_status).toBe('DOWN');
    expect((await osc('2.11', 'compute', 'service', 'set', '--up', host, 'nova-compute')).code).toBe(0);
    expect(JSON.parse((await osc('2.16', 'server', 'show', id, '-f', 'json')).out).host_status).toBe('UP');
  }, 90_000);

  it('server dump create (2.17) records trigger_crash_dump with its compute event', async () => {
    expect((await osc('2.16', 'server', 'dump', 'create', id)).code).not.toBe(0);
    const r = await osc('2.17', 'server', 'dump', 'create', id);
    expect(r.code, r.err).toBe(0);
    const latest = (await serverEvents(stack, id))[0];
    expect(latest.action).toBe('trigger_crash_dump');
    for (let i = 0; i < 50 && (await actionEvents(stack, id, latest.requestId)).length === 0; i++) await new Promise((res) => setTimeout(res, 200));
    expect(await actionEvents(stack, id, latest.requestId)).toEqual(['compute_trigger_crash_dump Success']);
    expect(JSON.parse((await osc('2.17', 'server', 'show', id, '-f', 'json')).out).status).toBe('ACTIVE');
  }, 90_000);

  it('descriptions (2.19) on create and set; a deleted server keeps its actions (2.21)', async () => {
    const s = JSON.parse((await osc('2.19', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', '--description', 'web tier', 'described', '--wait', '-f', 'json')).out);
    expect(s.description).toBe('web tier');
    expect((await osc('2.19', 'server', 'set', '--description', 'db tier', s.id)).code).toBe(0);
    expect(JSON.parse((await osc('2.19', 'server', 'show', s.id, '-f', 'json')).out).description).toBe('db tier');
    expect((await osc('2.18', 'server', 'set', '--description', 'x', s.id)).code).not.toBe(0);
    expect((await osc('2.19', 'server', 'delete', '--wait', s.id)).code).toBe(0);
    expect((await osc('2.20', 'server', 'event', 'list', s.id)).code).not.toBe(0);
    const events = JSON.parse((await osc('2.21', 'server', 'event', 'list', s.id, '-f', 'json')).out) as { Action: string }[];
    expect(events.map((e) => e.Action).sort()).toEqual(['create', 'delete']);
  }, 150_000);

  it('a soft-anti-affinity group (2.15) places its two members on different hosts; 2.13 shows its owner', async () => {
    expect((await osc('2.14', 'server', 'group', 'create', '--policy', 'soft-anti-affinity', 'spread-old')).code).not.toBe(0);
    const g = JSON.parse((await osc('2.15', 'server', 'group', 'create', '--policy', 'soft-anti-affinity', 'spread', '-f', 'json')).out);
    expect(g.policies ?? g.policy).toContain('soft-anti-affinity');
    expect(JSON.parse((await osc('2.13', 'server', 'group', 'show', g.id, '-f', 'json')).out).project_id).toMatch(/\w/);
    const hosts: string[] = [];
    for (const n of ['a', 'b']) {
      const s = await cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', '--hint', `group=${g.id}`, `spread-${n}`, '--wait');
      hosts.push(JSON.parse((await osc('2.16', 'server', 'show', s.id, '-f', 'json')).out)['OS-EXT-SRV-ATTR:host']);
    }
    expect(new Set(hosts).size).toBe(2);
  }, 150_000);
});
