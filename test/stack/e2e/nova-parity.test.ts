// Where the stack used to differ from Nova for no reason (issue 16 §2), checked with the real
// openstack CLI: the control-plane services in `compute service list` (with their heartbeats,
// never counted as hosts), and the immediate delete of a server that never got a host.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processPids } from './crash-drill.js';
import { ROOT, stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => { stack = await stackUp(2, ['--delays', 'zero', '--rpc-timeout', '3', '--service-down', '3']); }, 240_000);
afterAll(() => stack?.down(), 90_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
interface Svc { Binary: string; Host: string; Zone: string; Status: string; State: string }
const services = async () => JSON.parse((await stack.openstack('compute', 'service', 'list', '-f', 'json')).out) as Svc[];
const apiLog = () => fs.readFileSync(path.join(stack.logDir, 'nova-api.log'), 'utf8');
const json = async (...args: string[]) => {
  const r = await stack.openstack(...args, '-f', 'json');
  expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
  return JSON.parse(r.out);
};

describe('openstack compute service list', () => {
  it('lists nova-conductor and nova-scheduler on the controller in zone internal, with states from their heartbeats', async () => {
    expect((await services()).map((s) => `${s.Binary} ${s.Host} ${s.Zone} ${s.Status} ${s.State}`).sort()).toEqual([
      'nova-compute cmp1 nova enabled up', 'nova-compute cmp2 nova enabled up',
      'nova-conductor controller internal enabled up', 'nova-scheduler controller internal enabled up',
    ]);
    // A stopped scheduler stops its heartbeats: down after service_down_time (3 s), up again once it runs.
    const pid = processPids(stack).scheduler!;
    process.kill(pid, 'SIGSTOP');
    try {
      await sleep(4500);
      const state = Object.fromEntries((await services()).map((s) => [`${s.Binary}@${s.Host}`, s.State]));
      expect(state).toEqual({ 'nova-compute@cmp1': 'up', 'nova-compute@cmp2': 'up', 'nova-conductor@controller': 'up', 'nova-scheduler@controller': 'down' });
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await expect.poll(async () => (await services()).find((s) => s.Binary === 'nova-scheduler')!.State, { timeout: 10_000, interval: 500 }).toBe('up');
    expect(fs.readFileSync(path.join(stack.logDir, 'nova-scheduler.log'), 'utf8')).toMatch(/INFO nova\.service \[-\] Starting scheduler node \(version /);
  }, 60_000);

  it('only nova-compute services are hosts: hypervisors, zones and the scheduler\'s filters see two', async () => {
    expect((await json('hypervisor', 'list') as unknown[]).length).toBe(2);
    // As Nova's os-availability-zone/detail: the controller's services in `internal`, the computes in `nova`.
    const zones = await json('availability', 'zone', 'list', '--compute', '--long') as { 'Zone Name': string; 'Host Name': string; 'Service Name': string }[];
    expect(zones.map((z) => `${z['Zone Name']} ${z['Host Name']} ${z['Service Name']}`).sort()).toEqual([
      'internal controller nova-conductor', 'internal controller nova-scheduler', 'nova cmp1 nova-compute', 'nova cmp2 nova-compute',
    ]);
    const server = await json('server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'parity1', '--wait') as { status: string; id: string };
    expect(server.status).toBe('ACTIVE');
    const sched = fs.readFileSync(path.join(stack.logDir, 'nova-scheduler.log'), 'utf8');
    expect(sched).toMatch(/Filter ComputeFilter returned 2 host\(s\)/);
    expect((await stack.openstack('server', 'delete', 'parity1', '--wait')).code).toBe(0);
  }, 120_000);
});

describe('deleting a server that never got a host', () => {
  it('NoValidHost (ERROR, buried in cell0): 204 then 404 at once, with Nova\'s local-delete lines', async () => {
    expect((await stack.openstack('flavor', 'create', '--ram', '100000', '--vcpus', '1', '--disk', '1', 'parity.huge')).code).toBe(0);
    await stack.openstack('server', 'create', '--flavor', 'parity.huge', '--image', 'cirros', '--network', 'private', 'nvh', '--wait');
    const shown = await json('server', 'show', 'nvh') as { id: string; status: string; 'OS-EXT-SRV-ATTR:host': string | null };
    expect(shown.status).toBe('ERROR');
    expect(shown['OS-EXT-SRV-ATTR:host']).toBeNull();
    expect((await stack.openstack('server', 'delete', 'nvh')).code).toBe(0);
    expect((await stack.openstack('server', 'show', shown.id)).err).toContain(`No server with a name or ID of '${shown.id}' exists.`);
    const log = apiLog();
    expect(log).toContain(`[instance: ${shown.id}] Doing local delete in cell 00000000-0000-0000-0000-000000000000(cell0) _delete`);
    expect(log).toMatch(new RegExp(`WARNING nova\\.compute\\.api \\[.*\\] \\[instance: ${shown.id}\\] instance's host None is down, deleting from database`));
  }, 120_000);

  it('still scheduling: 204 then 404 at once; the conductor drops the build when the scheduler answers late, and placement holds nothing', async () => {
    const fault = spawnSync(process.execPath, [path.join(ROOT, 'dist/nova-stack.js'), 'fault', 'inject', 'rpc-timeout', '--state-dir', stack.stateDir], { encoding: 'utf8', timeout: 30_000 });
    expect(fault.status, fault.stderr).toBe(0);
    try {
      const server = await json('server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'sched') as { id: string };
      expect((await json('server', 'show', server.id) as { status: string }).status).toBe('BUILD');
      expect((await stack.openstack('server', 'delete', server.id)).code).toBe(0);
      expect((await stack.openstack('server', 'show', server.id)).err).toContain(`No server with a name or ID of '${server.id}' exists.`);
      const lines = apiLog().split('\n').filter((l) => l.includes(`[instance: ${server.id}]`));
      expect(lines.some((l) => /local delete|is down/.test(l))).toBe(false);
      // The conductor's call times out (3 s): it logs Nova's failure lines and leaves nothing behind.
      const conductor = () => fs.readFileSync(path.join(stack.logDir, 'nova-conductor.log'), 'utf8');
      await expect.poll(() => conductor().includes(`[instance: ${server.id}] Setting instance to ERROR state.`), { timeout: 15_000, interval: 500 }).toBe(true);
      await sleep(500);
      expect(conductor()).not.toMatch(new RegExp(`Instance ${server.id} could not be found`));
      expect((await stack.openstack('server', 'show', server.id)).code).not.toBe(0);
      const allocations = await stack.openstack('resource', 'provider', 'allocation', 'show', server.id, '-f', 'json');
      if (allocations.code === 0) expect(JSON.parse(allocations.out)).toEqual([]);
    } finally {
      spawnSync(process.execPath, [path.join(ROOT, 'dist/nova-stack.js'), 'fault', 'clear', '--state-dir', stack.stateDir], { timeout: 30_000 });
    }
  }, 120_000);
});
