// The faults operators hit on current clouds (issue 14 §2), end to end: a stack on loopback, the
// fault injected with `nova-stack fault inject`, a boot with the real `openstack` CLI, the request
// id taken from `openstack server event list`, then nova-trace on the log directory. The verdict
// must name the fault's cause, the failing stage and the host, from the logs alone.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, nova, type Cloud } from '../../../core/cli/demo-cloud-client.js';
import { stackUp, type Stack } from './stack-harness.js';
import { stackCli, withFault } from './fault-harness.js';
import { bootAndTrace as bootWith, freshImage as newImage, record, untilTopology as topology, type BootOptions, type Booted } from './fault-boot.js';

/** Today's default enabled_filters plus NUMATopologyFilter, as an operator offering NUMA flavors configures it. */
const ENABLED_FILTERS = 'ComputeFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter,ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter,NUMATopologyFilter';

let stack: Stack;
let cloud: Cloud;
beforeAll(async () => {
  stack = await stackUp(2, ['--delays', 'zero', '--rpc-timeout', '4', '--vif-timeout', '2', '--service-down', '3', '--enabled-filters', ENABLED_FILTERS], { updateResourcesMs: 3000 });
  cloud = await login(stack.env.OS_AUTH_URL, stack.env.OS_PASSWORD);
}, 240_000);
afterAll(() => stack?.down(), 90_000);

const bootAndTrace = (name: string, opts: BootOptions = {}): Promise<Booted> => bootWith(stack, cloud, name, opts);
const freshImage = (): string => newImage(stack);
const untilTopology = (ok: (hugePages: number[]) => boolean, timeoutMs?: number): Promise<void> => topology(stack, ok, timeoutMs);

describe('faults of current clouds, recognised by nova-trace from the logs alone', () => {
  it('cpu-model: the host CPU lacks a feature → libvirtError at spawn, rescheduled on the other host, exhausted → cpu-model', async () => {
    await withFault(stack, ['cpu-model'], async () => {
      const b = await bootAndTrace('vm-cpu-model');
      record('cpu-model', b);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.spawn', cause: { id: 'cpu-model' }, signature: 'retries-exceeded' });
      expect(b.text).toMatch(/cpu-model on cmp\d/);
    });
  }, 90_000);

  it('ip-exhausted: neutron has no address → NoMoreFixedIps, build aborted, not rescheduled → ip-exhausted', async () => {
    await withFault(stack, ['ip-exhausted'], async () => {
      const b = await bootAndTrace('vm-ip');
      record('ip-exhausted', b);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.network', cause: { id: 'ip-exhausted' }, signature: 'build-aborted' });
      expect(b.text).toMatch(/ip-exhausted on cmp\d/);
    });
  }, 90_000);

  it('neutron-unreachable: neutron-server drops the connection → ConnectionFailed, rescheduled, exhausted → neutron-unreachable', async () => {
    await withFault(stack, ['neutron-unreachable'], async () => {
      const b = await bootAndTrace('vm-neutron');
      record('neutron-unreachable', b);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.network', cause: { id: 'neutron-unreachable' } });
      expect(b.text).toMatch(/neutron-unreachable on cmp\d/);
    });
  }, 90_000);

  it('image-too-big: the image is a 20 GiB disk, the flavor 1 GB → FlavorDiskSmallerThanImage, build aborted → image-too-big', async () => {
    await withFault(stack, ['image-too-big'], async () => {
      const b = await bootAndTrace('vm-big-image', { image: freshImage() });
      record('image-too-big', b);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.image', cause: { id: 'image-too-big' }, signature: 'build-aborted' });
      expect(b.text).toMatch(/image-too-big on cmp\d/);
    });
  }, 90_000);

  it('image-too-big, up front: an image whose min_disk exceeds the flavor is refused by the API with 400', async () => {
    const id = freshImage();
    const db = new Database(path.join(stack.stateDir, 'nova.sqlite'));
    try { db.prepare('UPDATE images SET min_disk = 20 WHERE id = ?').run(id); } finally { db.close(); }
    const r = await stack.openstack('server', 'create', '--flavor', 'm1.tiny', '--image', id, '--network', 'private', 'vm-min-disk');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is 1073741824 bytes, minimum size is 21474836480 bytes. (HTTP 400)");
  }, 60_000);

  it('cell-unmapped: a host never discovered → conductor buries the instance in cell0 → cell-unmapped; discover-hosts maps it', async () => {
    await withFault(stack, ['cell-unmapped'], async () => {
      const b = await bootAndTrace('vm-cell');
      record('cell-unmapped', b);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'conductor.cast_to_compute', cause: { id: 'cell-unmapped' } });
      // The host is named by the conductor's line (the verdict names no host: the boot never reached one).
      expect(b.text).toMatch(/No host-to-cell mapping found for selected host cmp\d\. Setup is incomplete\./);
      const out = stackCli(stack, 'discover-hosts', '--verbose');
      expect(out).toMatch(/Creating host mapping for compute host 'cmp1': [0-9a-f-]{36}/);
      expect(out).toContain('Found 2 unmapped computes in cell:');
      expect(stackCli(stack, 'fault', 'list')).toContain('no faults injected');
    });
    const ok = await stack.openstack('server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'vm-cell-2', '--wait', '-f', 'json');
    expect(ok.code, ok.err).toBe(0);
  }, 90_000);

  it('bus-down: the bus stops delivering to the scheduler → BUILD, then MessagingTimeout → bus-down', async () => {
    await withFault(stack, ['bus-down'], async () => {
      await new Promise((r) => setTimeout(r, 600)); // the transport re-reads the fault twice a second
      const b = await bootAndTrace('vm-bus');
      record('bus-down', b);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'scheduler.select_destinations', signature: 'scheduling-failed' });
      // The conductor's first ERROR under the request, the transport's reconnect line, is why it
      // gave up: the root cause, and it names the bus (the MessagingTimeout that follows is evidence).
      expect(b.trace.verdict.root_cause?.message).toMatch(/^\[[0-9a-f-]{36}\] ZeroMQ server on 127\.0\.0\.1:\d+ is unreachable: .* Trying again in 1 seconds\./);
      expect(b.trace.verdict.cause?.id).toBe('bus-down');
    });
  }, 90_000);

  it('numa-misfit: a huge-pages flavor, hosts without free 2 MiB pages → NUMATopologyFilter returned 0 hosts → numa-misfit; fits again once the pages are back', async () => {
    const flavor = await stack.openstack('flavor', 'create', '--ram', '512', '--vcpus', '1', '--disk', '1', '--property', 'hw:mem_page_size=large', 'numa.large');
    expect(flavor.code, flavor.err).toBe(0);
    await withFault(stack, ['numa-misfit'], async () => {
      await untilTopology((p) => p.every((n) => n === 0));
      const b = await bootAndTrace('vm-numa', { flavor: 'numa.large' });
      record('numa-misfit', b);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'scheduler.select_destinations', cause: { id: 'numa-misfit' } });
      const sched = fs.readFileSync(path.join(stack.logDir, 'nova-scheduler.log'), 'utf8');
      expect(sched).toMatch(/INFO nova\.filters \[.*\] Filtering removed all hosts for the request with instance ID '[0-9a-f-]{36}'\. Filter results: \['ComputeFilter: \(start: 2, end: 2\)', 'ComputeCapabilitiesFilter: \(start: 2, end: 2\)', 'ImagePropertiesFilter: \(start: 2, end: 2\)', 'ServerGroupAntiAffinityFilter: \(start: 2, end: 2\)', 'ServerGroupAffinityFilter: \(start: 2, end: 2\)', 'NUMATopologyFilter: \(start: 2, end: 0\)'\]/);
      expect(sched).toMatch(/DEBUG nova\.scheduler\.filters\.numa_topology_filter \[.*\] \[instance: [0-9a-f-]{36}\] cmp1, cmp1 fails NUMA topology requirements\. The instance does not fit on this host\. host_passes /);
    });
    await untilTopology((p) => p.every((n) => n > 0));
    const ok = await stack.openstack('server', 'create', '--flavor', 'numa.large', '--image', 'cirros', '--network', 'private', 'vm-numa-2', '--wait', '-f', 'json');
    expect(ok.code, ok.err).toBe(0);
  }, 90_000);

  it('token-expired: the user\'s token expires before compute fetches the image → 401 from glance, ImageNotAuthorized, rescheduled, exhausted → token-expired', async () => {
    await withFault(stack, ['token-expired', '--count', '1'], async () => {
      const b = await bootAndTrace('vm-token', { image: freshImage() });
      record('token-expired', b);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.image', cause: { id: 'token-expired' } });
      expect(b.text).toMatch(/token-expired on cmp\d/);
      // Both hosts were refused: the token stays expired (a user's token cannot be renewed).
      const glance = fs.readFileSync(path.join(stack.logDir, 'glance-api.log'), 'utf8');
      expect(glance.match(/"GET \/v2\/images\/[0-9a-f-]{36}\/file HTTP\/1\.1" 401 /g)).toHaveLength(2);
      const computeLogs = ['cmp1', 'cmp2'].map((h) => fs.readFileSync(path.join(stack.logDir, `nova-compute-${h}.log`), 'utf8')).join('\n');
      expect(computeLogs.match(/Instance failed to spawn: nova\.exception\.ImageNotAuthorized: Not authorized for image [0-9a-f-]{36}\./g)).toHaveLength(2);
      expect(computeLogs).toContain('glanceclient.exc.HTTPUnauthorized: HTTP 401 Unauthorized: The request you have made requires authentication.');
    });
  }, 90_000);

  it('placement-drift: allocations of purged servers hold the hosts\' memory → no allocation candidates while the hypervisors show room', async () => {
    await withFault(stack, ['placement-drift'], async () => {
      const hv = JSON.parse((await stack.openstack('hypervisor', 'list', '--long', '-f', 'json')).out) as { 'Memory MB Used': number; 'Memory MB': number }[];
      expect(hv.length).toBe(2);
      for (const h of hv) expect(h['Memory MB Used']).toBeLessThan(h['Memory MB'] / 2);
      const b = await bootAndTrace('vm-drift');
      record('placement-drift', b);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'scheduler.select_destinations' });
      expect(fs.readFileSync(path.join(stack.logDir, 'nova-scheduler.log'), 'utf8')).toContain('Got no allocation candidates from the Placement API. This could be due to insufficient resources or a temporary occurrence as compute nodes start up.');
      // The resource audit names the stale consumers (INFO, as Nova's resource tracker).
      const deadline = Date.now() + 10_000;
      let compute = '';
      while (Date.now() < deadline && !/has allocations against this compute host but is not found in the database\./.test(compute)) {
        await new Promise((r) => setTimeout(r, 500));
        compute = fs.readFileSync(path.join(stack.logDir, 'nova-compute-cmp1.log'), 'utf8');
      }
      expect(compute).toMatch(/INFO nova\.compute\.resource_tracker \[.*\] Instance [0-9a-f-]{36} has allocations against this compute host but is not found in the database\./);
      // What the tracer makes of it: the empty answer, and — once the audit has named the stale
      // consumers — placement drift as the cause.
      expect(b.trace.verdict.signature).toBe('no-allocation-candidates');
      const again = await stack.trace(b.requestId, '--log-dir', stack.logDir, '--json');
      expect((JSON.parse(again.out) as TraceJson).verdict).toMatchObject({ signature: 'no-allocation-candidates', cause: { id: 'placement-drift' } });
    });
    // Cleared: the stale allocations are gone and a boot fits again.
    const ok = await stack.openstack('server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'vm-drift-2', '--wait', '-f', 'json');
    expect(ok.code, ok.err).toBe(0);
  }, 90_000);
});
