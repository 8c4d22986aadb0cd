// The faults of issue 14 §2 on a `--release legacy` stack (pre-Victoria: Pike's scheduler), end to
// end as on the current release: the fault injected with `nova-stack fault inject`, a boot with
// the real `openstack` CLI, the request id from `openstack server event list`, nova-trace on the
// log directory. What differs from today's Nova is asserted: a spawn error goes back to the
// scheduler until RetryFilter leaves no host (NoValidHost, not "Exhausted all hosts"), placement's
// empty answer is noted at DEBUG only, older wordings. nova-trace must still name the cause, the
// failing stage and the host.
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type Cloud } from '../../../core/cli/demo-cloud-client.js';
import { stackUp, type Stack } from './stack-harness.js';
import { stackCli, withFault } from './fault-harness.js';
import { bootAndTrace, freshImage, logOf, record, untilTopology, type Booted, type TraceJson } from './fault-boot.js';

/** The legacy release's default enabled_filters plus NUMATopologyFilter, as an operator offering NUMA flavors configures it. */
const ENABLED_FILTERS = 'RetryFilter,AvailabilityZoneFilter,ComputeFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter,ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter,RamFilter,CoreFilter,DiskFilter,NUMATopologyFilter';

let stack: Stack;
let cloud: Cloud;
beforeAll(async () => {
  // Short waits for a volume ([DEFAULT] block_device_allocate_retries=3, _interval=0.5 s) so the 'creating' case ends soon.
  stack = await stackUp(2, ['--release', 'legacy', '--delays', 'zero', '--rpc-timeout', '4', '--vif-timeout', '2', '--service-down', '3', '--enabled-filters', ENABLED_FILTERS],
    { updateResourcesMs: 3000, blockDeviceAllocate: { retries: 3, intervalMs: 500 } });
  cloud = await login(stack.env.OS_AUTH_URL, stack.env.OS_PASSWORD);
}, 240_000);
afterAll(() => stack?.down(), 90_000);

const linesOf = (file: string, requestId: string) => logOf(stack, file).split('\n').filter((l) => l.includes(requestId));

/** Pike's reschedule: each failed host goes back to the scheduler; the third pass finds RetryFilter leaving none. */
function expectRescheduledThroughScheduler(b: Booted): void {
  expect(b.trace.verdict).toMatchObject({ signature: 'no-valid-host', filter: 'RetryFilter' });
  expect(new Set(b.trace.hosts).size).toBe(2);
  const sched = linesOf('nova-scheduler.log', b.requestId);
  expect(sched.filter((l) => l.includes('Starting to schedule for instances')).length).toBe(3);
  expect(sched.some((l) => / INFO nova\.filters .*Filter RetryFilter returned 0 hosts$/.test(l))).toBe(true);
  const conductor = logOf(stack, 'nova-conductor.log');
  expect(conductor).toMatch(new RegExp(`WARNING nova\\.scheduler\\.utils \\[.*${b.requestId}.*\\] Failed to compute_task_build_instances: No valid host was found\\. There are not enough hosts available\\.`));
  // Alternates (and their "Exhausted all hosts" ending) came with Queens.
  expect(conductor).not.toContain('Exhausted all hosts available for retrying build failures');
}

/** The host nova-trace names in its verdict line ("<cause> on cmpN"). */
const hostNamed = (b: Booted, cause: string) => new RegExp(`${cause} on (cmp\\d)`).exec(b.text)?.[1];

describe('faults on a legacy (pre-Victoria) stack, recognised by nova-trace from the logs alone', () => {
  it('cpu-model: libvirtError at spawn on each host, rescheduled through the scheduler until RetryFilter leaves none → cpu-model', async () => {
    await withFault(stack, ['cpu-model'], async () => {
      const b = await bootAndTrace(stack, cloud, 'vm-cpu-model');
      record('cpu-model', b);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.spawn', cause: { id: 'cpu-model' } });
      expectRescheduledThroughScheduler(b);
      const host = hostNamed(b, 'cpu-model');
      expect(host).toBe(b.trace.hosts!.at(-1));
      expect(logOf(stack, `nova-compute-${host}.log`)).toContain('Instance failed to spawn: libvirt.libvirtError: the CPU is incompatible with host CPU: Host CPU does not provide required features: avx512f');
    });
  }, 60_000);

  it('neutron-unreachable: ConnectionFailed from the background allocation, rescheduled until RetryFilter leaves none → neutron-unreachable', async () => {
    await withFault(stack, ['neutron-unreachable'], async () => {
      const b = await bootAndTrace(stack, cloud, 'vm-neutron');
      record('neutron-unreachable', b);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.network', cause: { id: 'neutron-unreachable' } });
      expectRescheduledThroughScheduler(b);
      const host = hostNamed(b, 'neutron-unreachable');
      expect(host).toBe(b.trace.hosts!.at(-1));
      expect(logOf(stack, `nova-compute-${host}.log`)).toMatch(/ERROR nova\.compute\.manager \[.*\] Instance failed network setup after 1 attempt\(s\): neutronclient\.common\.exceptions\.ConnectionFailed: /);
    });
  }, 60_000);

  it('token-expired: glance refuses the expired user token on each host (ImageNotAuthorized), rescheduled until RetryFilter leaves none → token-expired', async () => {
    await withFault(stack, ['token-expired', '--count', '1'], async () => {
      const b = await bootAndTrace(stack, cloud, 'vm-token', { image: freshImage(stack) });
      record('token-expired', b);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.image', cause: { id: 'token-expired' } });
      expectRescheduledThroughScheduler(b);
      expect(hostNamed(b, 'token-expired')).toBe(b.trace.hosts!.at(-1));
      expect(logOf(stack, 'glance-api.log').match(/"GET \/v2\/images\/[0-9a-f-]{36}\/file HTTP\/1\.1" 401 /g)).toHaveLength(2);
    });
  }, 60_000);

  // Aborted builds: not rescheduled on a legacy cloud either (BuildAbortException).
  const scheduledOnce = (b: Booted) => expect(linesOf('nova-scheduler.log', b.requestId).filter((l) => l.includes('Starting to schedule for instances')).length).toBe(1);

  it('ip-exhausted: NoMoreFixedIps, warned in the pre-Ussuri words, build aborted, not rescheduled → ip-exhausted', async () => {
    await withFault(stack, ['ip-exhausted'], async () => {
      const b = await bootAndTrace(stack, cloud, 'vm-ip');
      record('ip-exhausted', b);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.network', cause: { id: 'ip-exhausted' }, signature: 'build-aborted' });
      scheduledOnce(b);
      const host = hostNamed(b, 'ip-exhausted');
      expect(host).toMatch(/^cmp[12]$/);
      const compute = logOf(stack, `nova-compute-${host}.log`);
      expect(compute).toMatch(/WARNING nova\.compute\.manager \[.*\] \[instance: [0-9a-f-]{36}\] No more network or fixed IP to be allocated: nova\.exception\.NoMoreFixedIps: /);
      expect(compute).not.toContain('No more fixed IP to be allocated');
    });
  }, 60_000);

  it('image-too-big: the 20 GiB image does not fit the 1 GB flavor → FlavorDiskSmallerThanImage, build aborted → image-too-big', async () => {
    await withFault(stack, ['image-too-big'], async () => {
      const b = await bootAndTrace(stack, cloud, 'vm-big-image', { image: freshImage(stack) });
      record('image-too-big', b);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.image', cause: { id: 'image-too-big' }, signature: 'build-aborted' });
      scheduledOnce(b);
      const host = hostNamed(b, 'image-too-big');
      expect(logOf(stack, `nova-compute-${host}.log`)).toMatch(/ERROR nova\.virt\.libvirt\.imagebackend \[.*\] \S+ virtual size 21474836480 larger than flavor root disk size 1073741824/);
    });
  }, 60_000);

  it('image-too-big, up front: an image whose min_disk exceeds the flavor is refused by the API with 400', async () => {
    const id = freshImage(stack);
    const db = new Database(path.join(stack.stateDir, 'nova.sqlite'));
    try { db.prepare('UPDATE images SET min_disk = 20 WHERE id = ?').run(id); } finally { db.close(); }
    const r = await stack.openstack('server', 'create', '--flavor', 'm1.tiny', '--image', id, '--network', 'private', 'vm-min-disk');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is 1073741824 bytes, minimum size is 21474836480 bytes. (HTTP 400)");
  }, 30_000);

  it.each([
    ['error', /did not finish being created even after we waited [0-9]+ seconds or 1 attempts\. And its status is error\./],
    ['creating', /did not finish being created even after we waited [0-9]+ seconds or 4 attempts\. And its status is creating\./],
  ])('volume-boot-failure --mode %s: Instance failed block device setup, build aborted → volume-boot-failure', async (mode, evidence) => {
    await withFault(stack, ['volume-boot-failure', '--mode', mode], async () => {
      const b = await bootAndTrace(stack, cloud, `vm-vol-${mode}`, { create: ['--boot-from-volume', '1'] });
      record(`volume-boot-failure --mode ${mode}`, b);
      expect(b.status).toBe('ERROR');
      // The root disk's stage: for a volume-backed instance its volume takes the place of the image.
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.image', cause: { id: 'volume-boot-failure' }, signature: 'build-aborted' });
      scheduledOnce(b);
      const host = hostNamed(b, 'volume-boot-failure');
      expect(host).toMatch(/^cmp[12]$/);
      expect(b.text).toMatch(evidence);
      const compute = logOf(stack, `nova-compute-${host}.log`);
      expect(compute).toMatch(new RegExp(`ERROR nova.compute.manager \\[.*\\] \\[instance: ${b.id}\\] Instance failed block device setup\n`));
      if (mode === 'error') expect(compute).toMatch(/WARNING nova.compute.manager \[.*\] Volume id: [0-9a-f-]{36} finished being created but its status is error\.\n/);
    });
  }, 60_000);

  it('cell-unmapped: a host never discovered → the conductor buries the instance in cell0 → cell-unmapped; discover-hosts maps it', async () => {
    await withFault(stack, ['cell-unmapped'], async () => {
      const b = await bootAndTrace(stack, cloud, 'vm-cell');
      record('cell-unmapped', b);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'conductor.cast_to_compute', cause: { id: 'cell-unmapped' }, signature: 'scheduling-failed' });
      const host = /No host-to-cell mapping found for selected host (cmp\d)\. Setup is incomplete\./.exec(b.text)?.[1];
      expect(host).toMatch(/^cmp[12]$/);
      expect(hostNamed(b, 'cell-unmapped')).toBe(host);
      expect(logOf(stack, 'nova-conductor.log')).toMatch(new RegExp(`WARNING nova\\.scheduler\\.utils \\[.*${b.requestId}.*\\] Failed to compute_task_build_instances: Host '${host}' is not mapped to any cell`));
      const out = stackCli(stack, 'discover-hosts', '--verbose');
      expect(out).toContain('Found 2 unmapped computes in cell:');
    });
    const ok = await stack.openstack('server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'vm-cell-2', '--wait', '-f', 'json');
    expect(ok.code, ok.err).toBe(0);
  }, 60_000);

  it('bus-down: the bus stops delivering to the scheduler → BUILD, then MessagingTimeout → bus-down', async () => {
    await withFault(stack, ['bus-down'], async () => {
      await new Promise((r) => setTimeout(r, 600)); // the transport re-reads the fault twice a second
      const b = await bootAndTrace(stack, cloud, 'vm-bus');
      record('bus-down', b);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'scheduler.select_destinations', signature: 'scheduling-failed', cause: { id: 'bus-down' } });
      expect(b.text).toMatch(/conductor ERROR \[[0-9a-f-]{36}\] ZeroMQ server on 127\.0\.0\.1:\d+ is unreachable: .* Trying again in \d+ seconds\./);
      expect(linesOf('nova-conductor.log', b.requestId).some((l) => / ERROR nova\.conductor\.manager .*Failed to schedule instances: .*MessagingTimeout/.test(l))).toBe(true);
    });
  }, 60_000);

  it('numa-misfit: a huge-pages flavor, hosts without free 2 MiB pages → NUMATopologyFilter returned 0 hosts after the legacy filters → numa-misfit', async () => {
    const flavor = await stack.openstack('flavor', 'create', '--ram', '512', '--vcpus', '1', '--disk', '1', '--property', 'hw:mem_page_size=large', 'numa.large');
    expect(flavor.code, flavor.err).toBe(0);
    await withFault(stack, ['numa-misfit'], async () => {
      await untilTopology(stack, (p) => p.every((n) => n === 0));
      const b = await bootAndTrace(stack, cloud, 'vm-numa', { flavor: 'numa.large' });
      record('numa-misfit', b);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'scheduler.select_destinations', cause: { id: 'numa-misfit' }, signature: 'no-valid-host', filter: 'NUMATopologyFilter' });
      const sched = linesOf('nova-scheduler.log', b.requestId).join('\n');
      expect(sched).toMatch(/INFO nova\.filters \[.*\] Filtering removed all hosts for the request with instance ID '[0-9a-f-]{36}'\. Filter results: \['RetryFilter: \(start: 2, end: 2\)', 'AvailabilityZoneFilter: \(start: 2, end: 2\)', .*'DiskFilter: \(start: 2, end: 2\)', 'NUMATopologyFilter: \(start: 2, end: 0\)'\]/);
      expect(sched).toMatch(/DEBUG nova\.scheduler\.filters\.numa_topology_filter \[.*\] \[instance: [0-9a-f-]{36}\] cmp1, cmp1 fails NUMA topology requirements\. The instance does not fit on this host\. host_passes /);
    });
    await untilTopology(stack, (p) => p.every((n) => n > 0));
  }, 60_000);

  it('placement-drift: allocations of purged servers hold the hosts\' memory → placement has no candidate (DEBUG only) while the hypervisors show room → placement-drift once audited', async () => {
    await withFault(stack, ['placement-drift'], async () => {
      const hv = JSON.parse((await stack.openstack('hypervisor', 'list', '--long', '-f', 'json')).out) as { 'Memory MB Used': number; 'Memory MB': number }[];
      expect(hv.length).toBe(2);
      for (const h of hv) expect(h['Memory MB Used']).toBeLessThan(h['Memory MB'] / 2);
      const b = await bootAndTrace(stack, cloud, 'vm-drift');
      record('placement-drift (at once)', b);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'scheduler.select_destinations', signature: 'no-allocation-candidates' });
      const sched = linesOf('nova-scheduler.log', b.requestId);
      expect(sched.some((l) => / DEBUG nova\.scheduler\.manager .*Got no allocation candidates from the Placement API\. This may be a temporary occurrence/.test(l))).toBe(true);
      expect(sched.some((l) => / nova\.filters /.test(l))).toBe(false);
      // The resource audit names the stale consumers (INFO in Pike's resource tracker too).
      const deadline = Date.now() + 10_000;
      let compute = '';
      while (Date.now() < deadline && !/has allocations against this compute host but is not found in the database\./.test(compute)) {
        await new Promise((r) => setTimeout(r, 500));
        compute = logOf(stack, 'nova-compute-cmp1.log');
      }
      expect(compute).toMatch(/INFO nova\.compute\.resource_tracker \[.*\] Instance [0-9a-f-]{36} has allocations against this compute host but is not found in the database\./);
      const again = await stack.trace(b.requestId, '--log-dir', stack.logDir, '--json');
      const text = (await stack.trace(b.requestId, '--log-dir', stack.logDir, '--no-color')).out;
      record('placement-drift', { ...b, text });
      expect((JSON.parse(again.out) as TraceJson).verdict).toMatchObject({ signature: 'no-allocation-candidates', cause: { id: 'placement-drift' } });
    });
    const ok = await stack.openstack('server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'vm-drift-2', '--wait', '-f', 'json');
    expect(ok.code, ok.err).toBe(0);
  }, 60_000);
});
