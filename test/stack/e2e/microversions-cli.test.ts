// Microversions 2.3 to 2.16 with the real openstack CLI against a running stack: the extended
// server attributes, locked and host_status in `server show`, `compute service set --down`,
// and a soft-anti-affinity server group that spreads its members.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';
import { cliJson } from './actions-harness.js';

let stack: Stack;
let id: string;
beforeAll(() => {
  stack = stackUp(2);
  id = cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'My_VM.one', '--wait').id;
}, 180_000);
afterAll(() => stack?.down(), 90_000);

const osc = (v: string, ...args: string[]) => stack.openstack('--os-compute-api-version', v, ...args);

describe('openstack CLI at the new microversions', () => {
  it('server show: 2.1 without, 2.3 with the extended attributes; 2.9 locked; 2.16 host_status', () => {
    const old = cliJson(stack, '--os-compute-api-version', '2.1', 'server', 'show', id);
    expect(old).not.toHaveProperty('OS-EXT-SRV-ATTR:hostname');
    expect(old).not.toHaveProperty('locked');
    const s = JSON.parse(osc('2.16', 'server', 'show', id, '-f', 'json').out);
    expect(s).toMatchObject({ 'OS-EXT-SRV-ATTR:hostname': 'my-vm-one', 'OS-EXT-SRV-ATTR:launch_index': 0, 'OS-EXT-SRV-ATTR:root_device_name': '/dev/vda', locked: false, host_status: 'UP' });
    expect(osc('2.9', 'server', 'lock', id).code).toBe(0);
    expect(JSON.parse(osc('2.9', 'server', 'show', id, '-f', 'json').out).locked).toBe(true);
    expect(osc('2.9', 'server', 'unlock', id).code).toBe(0);
  }, 90_000);

  it('compute service set --down (2.11) forces the host down; host_status follows', () => {
    const host = JSON.parse(osc('2.16', 'server', 'show', id, '-f', 'json').out)['OS-EXT-SRV-ATTR:host'] as string;
    const refused = osc('2.10', 'compute', 'service', 'set', '--down', host, 'nova-compute');
    expect(refused.code).not.toBe(0);
    const r = osc('2.11', 'compute', 'service', 'set', '--down', host, 'nova-compute');
    expect(r.code, r.err).toBe(0);
    const svc = (JSON.parse(osc('2.11', 'compute', 'service', 'list', '--long', '-f', 'json').out) as Record<string, unknown>[]).find((x) => x.Host === host && x.Binary === 'nova-compute')!;
    expect(svc).toMatchObject({ State: 'down', 'Forced Down': true });
    expect(JSON.parse(osc('2.16', 'server', 'show', id, '-f', 'json').out).host_status).toBe('DOWN');
    expect(osc('2.11', 'compute', 'service', 'set', '--up', host, 'nova-compute').code).toBe(0);
    expect(JSON.parse(osc('2.16', 'server', 'show', id, '-f', 'json').out).host_status).toBe('UP');
  }, 90_000);

  it('a soft-anti-affinity group (2.15) places its two members on different hosts; 2.13 shows its owner', () => {
    expect(osc('2.14', 'server', 'group', 'create', '--policy', 'soft-anti-affinity', 'spread-old').code).not.toBe(0);
    const g = JSON.parse(osc('2.15', 'server', 'group', 'create', '--policy', 'soft-anti-affinity', 'spread', '-f', 'json').out);
    expect(g.policies ?? g.policy).toContain('soft-anti-affinity');
    expect(JSON.parse(osc('2.13', 'server', 'group', 'show', g.id, '-f', 'json').out).project_id).toMatch(/\w/);
    const hosts = ['a', 'b'].map((n) => cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', '--hint', `group=${g.id}`, `spread-${n}`, '--wait'))
      .map((s) => JSON.parse(osc('2.16', 'server', 'show', s.id, '-f', 'json').out)['OS-EXT-SRV-ATTR:host']);
    expect(new Set(hosts).size).toBe(2);
  }, 150_000);
});
