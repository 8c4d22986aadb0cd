// rebuild with the real openstack CLI: REBUILD while the host is frozen, the conductor's and the
// host's events, "Rebuilding instance", the new admin password in the answer; a stopped server
// is rebuilt and stopped again.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';
import { actionEvents, cliJson, serverEvents, waitStatus, whileHostFrozen } from './actions-harness.js';

let stack: Stack;
let id: string;
let host: string;
beforeAll(async () => {
  stack = await stackUp(2);
  const s = await cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'vm-rebuild', '--wait');
  id = s.id;
  host = s['OS-EXT-SRV-ATTR:host'];
}, 270_000);
afterAll(() => stack?.down(), 90_000);

const computeLog = () => fs.readFileSync(path.join(stack.logDir, `nova-compute-${host}.log`), 'utf8');

describe('rebuild', () => {
  it('rebuilds in place through the conductor: REBUILD, then ACTIVE with a new launch time', async () => {
    const before = await cliJson(stack, 'server', 'show', id);
    let answer: any;
    const during = await whileHostFrozen(stack, host, id, async () => {
      answer = await cliJson(stack, 'server', 'rebuild', '--image', 'cirros', '--password', 'R3build-pass', '--name', 'vm-rebuilt', id);
    });
    expect(answer.adminPass).toBe('R3build-pass');
    expect({ status: during.status, task: during.task }).toEqual({ status: 'REBUILD', task: 'rebuilding' });
    const after = await waitStatus(stack, id, 'ACTIVE');
    expect(after).toMatchObject({ vm: 'active', task: null, power: 1, host });
    const now = await cliJson(stack, 'server', 'show', id);
    expect(now.name).toBe('vm-rebuilt');
    expect(now['OS-SRV-USG:launched_at'] >= before['OS-SRV-USG:launched_at']).toBe(true);
    const latest = (await serverEvents(stack, id))[0];
    expect(latest.action).toBe('rebuild');
    expect((await actionEvents(stack, id, latest.requestId)).sort()).toEqual(['compute_rebuild_instance Success', 'conductor_rebuild_server Success']);
    const lines = computeLog().split('\n').filter((l) => l.includes(latest.requestId) && / INFO /.test(l)).map((l) => l.split(`[instance: ${id}] `)[1]);
    expect(lines[0]).toBe('Rebuilding instance');
    expect(lines).toContain('Creating image(s)');
    expect(lines.at(-1)).toMatch(/^Took \d+\.\d\d seconds to spawn the instance on the hypervisor\.$/);
  }, 90_000);

  it("a stopped server is rebuilt and brought back to its original state", async () => {
    expect((await stack.openstack('server', 'stop', id)).code).toBe(0);
    await waitStatus(stack, id, 'SHUTOFF');
    expect((await stack.openstack('server', 'rebuild', '--image', 'cirros', id)).code).toBe(0);
    await expect.poll(() => computeLog().includes(`[instance: ${id}] bringing vm to original state: 'stopped'`), { timeout: 30_000 }).toBe(true);
    const after = await waitStatus(stack, id, 'SHUTOFF');
    expect(after).toMatchObject({ vm: 'stopped', task: null, power: 4 });
  }, 90_000);

});
