// Microversion 2.37 with the real openstack CLI: `--nic none` boots a server with no port (the
// compute says it allocated no network and the guest XML has no interface), `--nic auto` one on
// the project's only network; without --nic the CLI asks for 'auto' itself.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => { stack = await stackUp(1, ['--delays', 'zero']); }, 270_000);
afterAll(() => stack?.down(), 90_000);

const osc = async (v: string, ...args: string[]) => await stack.openstack('--os-compute-api-version', v, ...args);
const create = async (name: string, ...nic: string[]) => {
  const r = await osc('2.37', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', ...nic, name, '--wait', '-f', 'json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as { id: string; status: string; addresses: unknown };
};

describe('networks auto and none (2.37)', () => {
  it('boots with no network for none, on the private network for auto', async () => {
    const none = await create('bare', '--nic', 'none');
    expect(none.status).toBe('ACTIVE');
    expect(JSON.stringify(none.addresses ?? {})).not.toContain('private');
    const compute = fs.readFileSync(path.join(stack.logDir, 'nova-compute-cmp1.log'), 'utf8');
    expect(compute).toMatch(new RegExp(`DEBUG nova.compute.manager \\[[^\\]]*\\] \\[instance: ${none.id}\\] Not allocating networking since 'none' was specified\\. _allocate_network_async`));
    const ports = JSON.parse((await stack.openstack('port', 'list', '--device-id', none.id, '-f', 'json')).out) as unknown[];
    expect(ports).toEqual([]);
    const auto = await create('auto', '--nic', 'auto');
    expect(auto.status).toBe('ACTIVE');
    expect(JSON.stringify(auto.addresses)).toContain('private');
    expect((await osc('2.37', 'server', 'delete', '--wait', 'bare')).code).toBe(0);
  }, 150_000);
});
