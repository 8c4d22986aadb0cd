// Microversions 2.38 to 2.47 with the real CLIs: the status filter refused (2.38),
// aggregate uuids (2.41), a tagged network at boot (2.42) and the embedded flavor (2.47).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => { stack = await stackUp(1, ['--delays', 'zero']); }, 270_000);
afterAll(() => stack?.down(), 90_000);

const osc = async (v: string, ...args: string[]) => await stack.openstack('--os-compute-api-version', v, ...args);

describe('openstack CLI at 2.38 to 2.47', () => {
  it('nova list --status refused at 2.38 for a status no state maps to (the openstack CLI checks the choices itself)', async () => {
    expect((await stack.nova('--os-compute-api-version', '2.37', 'list', '--status', 'BOGUS')).code).toBe(0);
    const r = await stack.nova('--os-compute-api-version', '2.38', 'list', '--status', 'BOGUS');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('Invalid status value (HTTP 400)');
  }, 60_000);

  it('aggregate create shows its uuid from 2.41', async () => {
    const r = await osc('2.41', 'aggregate', 'create', 'rack1', '-f', 'json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).uuid).toMatch(/^[0-9a-f-]{36}$/);
  }, 60_000);

  it('a server booted with a tagged network (2.42) shows its flavor embedded (2.47)', async () => {
    const net = JSON.parse((await stack.openstack('network', 'show', 'private', '-f', 'json')).out).id as string;
    const r = await osc('2.47', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--nic', `net-id=${net},tag=nic0`, 'tagged', '--wait', '-f', 'json');
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse((await osc('2.47', 'server', 'show', 'tagged', '-f', 'json')).out);
    expect(s.status).toBe('ACTIVE');
    expect(JSON.stringify(s.flavor)).toContain('m1.tiny');
    const raw = await stack.openstack('--debug', '--os-compute-api-version', '2.47', 'server', 'show', 'tagged', '-f', 'json');
    expect(raw.err).toContain('"flavor":{"vcpus":1,"ram":512,"disk":1,"ephemeral":0,"swap":0,"original_name":"m1.tiny","extra_specs":{}}');
  }, 150_000);
});
