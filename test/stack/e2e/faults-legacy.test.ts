// `nova-stack up --release legacy`: the pre-Victoria (Pike) scheduler, end to end. Placement's
// empty answer ends the request at once, noted at DEBUG only; zones are a filter again
// (AvailabilityZoneFilter empties the host list with Nova's funnel lines), and a failed spawn goes
// back to the scheduler, whose RetryFilter skips the host that failed; a vif-plug timeout aborts
// the build, as in every release. nova-trace must explain each from the logs alone, as it does
// for the current release.
import fs from 'node:fs';
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
  stack = await stackUp(2, ['--release', 'legacy', '--delays', 'zero', '--rpc-timeout', '3', '--vif-timeout', '2', '--service-down', '3']);
  cloud = await login(stack.env.OS_AUTH_URL, stack.env.OS_PASSWORD);
}, 240_000);
afterAll(() => stack?.down(), 90_000);

interface TraceJson {
  verdict: { status: string; failed_stage: string | null; cause: { id: string } | null; signature: string | null; filter?: string | null };
  hosts: string[];
}

async function bootAndTrace(name: string, exitCode: number): Promise<{ status: string; requestId: string; trace: TraceJson }> {
  const r = await nova<{ server: { id: string } }>(cloud, 'POST', '/servers', { server: { name, flavorRef: '1', imageRef: IMAGE, networks: [{ uuid: NETWORK }] } });
  expect(r.status).toBe(202);
  const status = await waitForServer(cloud, r.body.server.id, 60_000);
  await new Promise((res) => setTimeout(res, 300));
  const t = await stack.trace(r.requestId, '--log-dir', stack.logDir, '--json');
  expect(t.code, t.err).toBe(exitCode);
  return { status, requestId: r.requestId, trace: JSON.parse(t.out) };
}


const schedulerLines = (requestId: string) => fs.readFileSync(path.join(stack.logDir, 'nova-scheduler.log'), 'utf8').split('\n').filter((l) => l.includes(requestId));

describe('a legacy-release stack fails and reschedules as Nova did before Victoria', () => {
  it('hosts-full: placement has no candidate, noted at DEBUG only as Pike did, no filter runs → hosts-full', async () => {
    await withFault(stack, ['hosts-full'], async () => {
      await expect.poll(async () => {
        const r = await nova<{ hypervisors: { memory_mb: number; memory_mb_used: number }[] }>(cloud, 'GET', '/os-hypervisors/detail');
        return r.body.hypervisors.every((h) => h.memory_mb_used > h.memory_mb);
      }, { timeout: 15_000, interval: 250 }).toBe(true);
      await expect.poll(() => memoryReserved(stack).every((r) => r > 0), { timeout: 15_000, interval: 250 }).toBe(true);
      const { status, requestId, trace } = await bootAndTrace('legacy-full', 1);
      expect(status).toBe('ERROR');
      expect(trace.verdict).toMatchObject({ signature: 'no-allocation-candidates', failed_stage: 'scheduler.select_destinations', cause: { id: 'hosts-full' } });
      const lines = schedulerLines(requestId);
      expect(lines.some((l) => / DEBUG nova\.scheduler\.manager .*Got no allocation candidates from the Placement API\. This may be a temporary occurrence/.test(l))).toBe(true);
      expect(lines.some((l) => l.includes('This could be due to insufficient resources') || / nova\.filters /.test(l))).toBe(false);
    });
    // The next tests boot on these hosts: wait until placement has the memory back.
    await expect.poll(() => memoryReserved(stack).every((r) => r === 0), { timeout: 15_000, interval: 250 }).toBe(true);
  }, 60_000);

  it('az-mismatch: AvailabilityZoneFilter empties the list → az-mismatch', async () => {
    await withFault(stack, ['az-mismatch'], async () => {
      const { status, requestId, trace } = await bootAndTrace('legacy-az', 1);
      expect(status).toBe('ERROR');
      expect(trace.verdict).toMatchObject({ signature: 'no-valid-host', filter: 'AvailabilityZoneFilter', cause: { id: 'az-mismatch' } });
      expect(schedulerLines(requestId).some((l) => l.includes('Filter AvailabilityZoneFilter returned 0 hosts'))).toBe(true);
    });
  }, 60_000);

  it('a spawn error reschedules through the scheduler: RetryFilter skips the failed host, the boot ends ACTIVE on the other', async () => {
    await withFault(stack, ['hypervisor-permission', '--count', '1'], async () => {
      const { status, requestId, trace } = await bootAndTrace('legacy-retry', 0);
      expect(status).toBe('ACTIVE');
      expect(trace.verdict.status).toBe('ACTIVE');
      expect(new Set(trace.hosts).size).toBe(2);
      const lines = schedulerLines(requestId);
      const failed = trace.hosts[0];
      expect(lines.some((l) => l.includes(`Host ['${failed}', '${failed}'] fails.  Previously tried hosts: [['${failed}', '${failed}']]`))).toBe(true);
      // Two scheduling passes for the one request: the first and the retry.
      expect(lines.filter((l) => /Starting to schedule for instances/.test(l)).length).toBe(2);
    });
  }, 60_000);

  it('vif-plug-timeout: Pike\'s warning, VirtualInterfaceCreateException aborts the build on the first host, not rescheduled → vif-plug-timeout', async () => {
    await withFault(stack, ['vif-plug-timeout'], async () => {
      const { status, requestId, trace } = await bootAndTrace('legacy-vif', 1);
      expect(status).toBe('ERROR');
      expect(trace.verdict).toMatchObject({ signature: 'build-aborted', failed_stage: 'compute.network', cause: { id: 'vif-plug-timeout' } });
      expect(new Set(trace.hosts).size).toBe(1);
      expect(schedulerLines(requestId).filter((l) => /Starting to schedule for instances/.test(l)).length).toBe(1);
      const compute = fs.readFileSync(path.join(stack.logDir, `nova-compute-${trace.hosts[0]}.log`), 'utf8');
      expect(compute).toMatch(/WARNING nova\.virt\.libvirt\.driver \[.*\] \[instance: [0-9a-f-]{36}\] Timeout waiting for vif plugging callback for instance with vm_state building and task_state spawning\.: eventlet\.timeout\.Timeout: 2 seconds\n/);
      expect(compute).toMatch(/ERROR nova\.compute\.manager \[.*\] \[instance: [0-9a-f-]{36}\] Build of instance [0-9a-f-]{36} aborted: Failed to allocate the network\(s\), not rescheduling\./);
    });
  }, 60_000);
});
