// Every implemented fault, end to end: a stack on loopback, the fault injected at run time
// (`nova-stack fault inject`), a boot through the API, then nova-trace on the log directory
// with the request id from the API's answer. The verdict must name the fault's cause and the
// failing stage, recognised from the logs alone.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, nova, waitForServer, type Cloud } from '../../../core/cli/demo-cloud-client.js';
import { stackUp, type Stack } from './stack-harness.js';
import { memoryReserved } from './fault-boot.js';
import { stackCli, withFault } from './fault-harness.js';

const IMAGE = 'c1d2e3f4-0000-4000-8000-000000000001';
const NETWORK = '6a1c0f4e-8d2b-4c1e-9b7a-2f5d3e4c1a00';

let stack: Stack;
let cloud: Cloud;
beforeAll(async () => {
  stack = await stackUp(2, ['--delays', 'zero', '--rpc-timeout', '3', '--vif-timeout', '2', '--service-down', '3']);
  cloud = await login(stack.env.OS_AUTH_URL, stack.env.OS_PASSWORD);
}, 240_000);
afterAll(() => stack?.down(), 90_000);

async function computeStates(): Promise<string[]> {
  const r = await nova<{ services: { binary: string; state: string }[] }>(cloud, 'GET', '/os-services');
  return r.body.services.filter((s) => s.binary === 'nova-compute').map((s) => s.state);
}


/** An image no compute host has in its _base cache yet (an upload, as far as the stack can tell). */
function freshImage(): string {
  const id = randomUUID();
  const db = new Database(path.join(stack.stateDir, 'nova.sqlite'));
  try {
    db.prepare(`INSERT INTO images (id, name, status, size, disk_format, created_at, updated_at) VALUES (?, ?, 'active', 1048576, 'qcow2', datetime('now'), datetime('now'))`).run(id, `lab-${id.slice(0, 8)}`);
  } finally {
    db.close();
  }
  return id;
}

interface TraceJson {
  verdict: { status: string; failed_stage: string; cause: { id: string } | null; signature: string | null };
  clock_offsets: { host: string; offset_ms: number }[];
  warnings: string[];
  stages: { stage: string; start: string | null }[];
}

async function bootAndTrace(name: string, flavor = '1', image = IMAGE, exitCode = 1): Promise<{ status: string; trace: TraceJson }> {
  const r = await nova<{ server: { id: string } }>(cloud, 'POST', '/servers', { server: { name, flavorRef: flavor, imageRef: image, networks: [{ uuid: NETWORK }] } });
  const status = r.status === 202 ? await waitForServer(cloud, r.body.server.id, 60_000) : `HTTP ${r.status}`;
  await new Promise((res) => setTimeout(res, 300));
  const t = await stack.trace(r.requestId, '--log-dir', stack.logDir, '--json');
  expect(t.code, t.err).toBe(exitCode);
  return { status, trace: JSON.parse(t.out) };
}

describe('faults, recognised by nova-trace from the logs alone', () => {
  it.each([
    ['hypervisor-permission', 'compute.spawn'],
    ['port-binding-failed', 'compute.network'],
    ['vif-plug-timeout', 'compute.network'],
    ['image-unavailable', 'compute.image'],
    ['disk-full', 'compute.image'],
    ['rpc-timeout', 'scheduler.select_destinations'],
  ])('%s: the trace names that cause, failing in %s', async (fault, stage) => {
    await withFault(stack, [fault], async () => {
      // A glance outage only matters to a host that must download the image.
      const { status, trace } = await bootAndTrace(`lab-${fault}`, '1', fault === 'image-unavailable' ? freshImage() : IMAGE);
      expect(status).toBe('ERROR');
      expect(trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: stage, cause: { id: fault } });
    });
  }, 60_000);

  it('compute-down: heartbeats stop, the services go down, ComputeFilter removes every host → compute-down', async () => {
    await withFault(stack, ['compute-down'], async () => {
      await expect.poll(computeStates, { timeout: 15_000, interval: 250 }).toEqual(['down', 'down']);
      const { status, trace } = await bootAndTrace('lab-compute-down');
      expect(status).toBe('ERROR');
      expect(trace.verdict).toMatchObject({ signature: 'no-valid-host', failed_stage: 'scheduler.select_destinations', cause: { id: 'compute-down' } });
    });
    await expect.poll(computeStates, { timeout: 15_000, interval: 250 }).toEqual(['up', 'up']);
  }, 60_000);

  it('clock-skew: a host logging 8 s ahead is measured and its stages put back after the cast', async () => {
    await withFault(stack, ['clock-skew', '--seconds', '8'], async () => {
      await new Promise((r) => setTimeout(r, 600)); // compute re-reads the fault twice a second
      const { status, trace } = await bootAndTrace('lab-clock-skew', '1', IMAGE, 0);
      expect(status).toBe('ACTIVE');
      expect(trace.clock_offsets).toHaveLength(1);
      expect(trace.clock_offsets[0].offset_ms).toBeGreaterThan(7500);
      expect(trace.clock_offsets[0].offset_ms).toBeLessThan(8500);
      // Measured to the millisecond around the injected 8 s: neutron writes its access line just after answering, so 7.999 s happens.
      expect(trace.warnings.join('\n')).toMatch(/the clock of cmp\d runs (?:7\.9\d\d|8\.\d{3}) s ahead of the controller's/);
      const start = (name: string) => trace.stages.find((s) => s.stage === name)!.start!;
      expect(start('compute.claim') >= start('conductor.cast_to_compute')).toBe(true);
    });
  }, 60_000);

  it('anti-affinity: a group with a member on every host refuses one more → anti-affinity', async () => {
    const g = await nova<{ server_group: { id: string } }>(cloud, 'POST', '/os-server-groups', { server_group: { name: 'aa', policies: ['anti-affinity'] } });
    const hints = { group: g.body.server_group.id };
    const boot = (name: string) => nova<{ server: { id: string } }>(cloud, 'POST', '/servers', {
      server: { name, flavorRef: '1', imageRef: IMAGE, networks: [{ uuid: NETWORK }] }, 'os:scheduler_hints': hints,
    });
    for (const name of ['aa-1', 'aa-2']) expect(await waitForServer(cloud, (await boot(name)).body.server.id, 30_000)).toBe('ACTIVE');
    const third = await boot('aa-3');
    expect(await waitForServer(cloud, third.body.server.id, 30_000)).toBe('ERROR');
    await new Promise((res) => setTimeout(res, 300));
    const t = await stack.trace(third.requestId, '--log-dir', stack.logDir, '--json');
    expect(t.code, t.err).toBe(1);
    expect(JSON.parse(t.out).verdict).toMatchObject({ signature: 'no-valid-host', filter: 'ServerGroupAntiAffinityFilter', cause: { id: 'anti-affinity' } });
  }, 60_000);

  it('hosts-full: other workloads take the hosts\' memory → placement has no candidate → hosts-full', async () => {
    await withFault(stack, ['hosts-full'], async () => {
      // Compute notices at its next heartbeat and reports to the conductor and placement.
      await expect.poll(async () => {
        const r = await nova<{ hypervisors: { memory_mb: number; memory_mb_used: number }[] }>(cloud, 'GET', '/os-hypervisors/detail');
        return r.body.hypervisors.every((h) => h.memory_mb_used > h.memory_mb);
      }, { timeout: 15_000, interval: 250 }).toBe(true);
      // The compute node record is written before placement's inventory: wait for placement too.
      await expect.poll(() => memoryReserved(stack).every((r) => r > 0), { timeout: 15_000, interval: 250 }).toBe(true);
      const { status, trace } = await bootAndTrace('lab-hosts-full');
      expect(status).toBe('ERROR');
      expect(trace.verdict).toMatchObject({ signature: 'no-allocation-candidates', failed_stage: 'scheduler.select_destinations', cause: { id: 'hosts-full' } });
    });
    // The next tests boot on these hosts: wait until placement has the memory back.
    await expect.poll(() => memoryReserved(stack).every((r) => r === 0), { timeout: 15_000, interval: 250 }).toBe(true);
  }, 60_000);

  it('az-mismatch: default_schedule_zone names a zone without hosts → member_of its aggregate, no candidate → az-mismatch', async () => {
    await withFault(stack, ['az-mismatch'], async () => {
      const { status, trace } = await bootAndTrace('lab-az');
      expect(status).toBe('ERROR');
      expect(trace.verdict).toMatchObject({ signature: 'no-allocation-candidates', failed_stage: 'scheduler.select_destinations', cause: { id: 'az-mismatch' } });
    });
  }, 60_000);

  it('hosts-full also follows from a flavor no host can hold', async () => {
    const f = await nova(cloud, 'POST', '/flavors', { flavor: { name: 'lab.huge', id: 'lab.huge', ram: 65536, vcpus: 2, disk: 10 } });
    expect(f.status).toBe(200);
    const { trace } = await bootAndTrace('lab-huge', 'lab.huge');
    expect(trace.verdict).toMatchObject({ signature: 'no-allocation-candidates', cause: { id: 'hosts-full' } });
  }, 60_000);

  it('quota-exceeded: the API refuses the boot with 403 → api-refused, quota-exceeded', async () => {
    stackCli(stack, 'fault', 'inject', 'quota-exceeded', '--count', '1');
    const { status, trace } = await bootAndTrace('lab-quota');
    expect(status).toBe('HTTP 403');
    expect(trace.verdict).toMatchObject({ signature: 'api-refused', failed_stage: 'api.accepted', cause: { id: 'quota-exceeded' } });
  }, 60_000);
});
