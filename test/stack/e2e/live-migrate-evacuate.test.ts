// Live migration and evacuation with the real CLIs on a two-host stack: MIGRATING while the
// memory is copied, the server on the other host afterwards with one allocation there; the
// failure paths (a destination on other storage without --block-migration, the forced
// destination without memory → MigrationPreCheckError, a destination CPU that cannot take the
// guest) leave the server where it was with its allocation and no migration consumer;
// evacuation of a server whose host is down.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackCli, withFault } from './fault-harness.js';
import { allocations, boot, migrations, pollStates, providerAllocations, providers, show, tick } from './move-harness.js';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => {
  stack = await stackUp(2, ['--delays', 'zero', '--service-down', '3'], { driver: { claim: 0, network: 0, image: 0, spawn: 0, vifPlugged: 0, liveMigration: 15_000 } });
}, 290_000);
afterAll(() => stack?.down(), 90_000);

const TINY = { DISK_GB: 1, MEMORY_MB: 512, VCPU: 1 };
const log = (file: string) => fs.readFileSync(path.join(stack.logDir, file), 'utf8');
const other = (host: string) => (host === 'cmp1' ? 'cmp2' : 'cmp1');
/** Before 2.30 a given destination is forced and the pre-checks answer the request itself (before 2.34). */
const FORCED = ['--os-compute-api-version', '2.25'];

/** No consumer on either host other than the stack's servers (no migration left holding anything). */
async function onlyServersAllocated(): Promise<void> {
  const rps = await providers(stack);
  const consumers = [...Object.keys(await providerAllocations(stack, rps.cmp1)), ...Object.keys(await providerAllocations(stack, rps.cmp2))];
  const servers = (JSON.parse((await stack.openstack('server', 'list', '-f', 'json')).out) as { ID: string }[]).map((s) => s.ID);
  expect(consumers.filter((c) => !servers.includes(c))).toEqual([]);
}

describe('live migration', () => {
  it('is MIGRATING while the memory is copied, then ACTIVE on the other host with its allocation there', async () => {
    const before = await boot(stack, 'lm1');
    const src = before['OS-EXT-SRV-ATTR:host']!;
    const rps = await providers(stack);
    const r = await stack.openstack('--debug', 'server', 'migrate', '--live-migration', '--block-migration', 'lm1');
    expect(r.code, r.err.slice(-2000)).toBe(0);
    const reqId = /POST call to compute for \S+\/action used request id (req-[0-9a-f-]+)/.exec(r.err)![1];
    // The migration holds the source allocation, the server the destination's.
    expect(await allocations(stack, before.id)).toEqual({ [rps[other(src)]]: TINY });
    expect(Object.values(await providerAllocations(stack, rps[src]))).toEqual([TINY]);
    const during = await show(stack, 'lm1');
    expect([during.status, during['OS-EXT-STS:task_state']]).toEqual(['MIGRATING', 'migrating']);
    expect((await migrations(stack, before.id))[0].Status).toBe('running');
    const seen = await pollStates(stack, 'lm1', 'ACTIVE', 60_000);
    expect(seen[0]).toBe('MIGRATING/migrating');
    expect((await show(stack, 'lm1'))['OS-EXT-SRV-ATTR:host']).toBe(other(src));
    expect((await migrations(stack, before.id))[0]).toMatchObject({ 'Source Compute': src, 'Dest Compute': other(src), Status: 'completed' });
    expect(await allocations(stack, before.id)).toEqual({ [rps[other(src)]]: TINY });
    await onlyServersAllocated();

    const shown = JSON.parse((await stack.openstack('server', 'event', 'show', 'lm1', reqId, '-f', 'json')).out) as { action: string; events: { event: string; result: string }[] };
    expect(shown.action).toBe('live-migration');
    expect(shown.events.map((e) => `${e.event}:${e.result}`).sort()).toEqual([
      'compute_check_can_live_migrate_destination:Success', 'compute_check_can_live_migrate_source:Success', 'compute_live_migration:Success',
      'compute_post_live_migration_at_destination:Success', 'compute_pre_live_migration:Success', 'conductor_migrate_server:Success']);
    const source = log(`nova-compute-${src}.log`);
    expect(source).toMatch(new RegExp(`INFO nova.compute.manager \\[[^\\]]*${reqId}[^\\]]*\\] \\[instance: ${before.id}\\] Took [0-9.]+ seconds for pre_live_migration on destination host ${other(src)}.`));
    expect(source).toMatch(new RegExp(`DEBUG nova.virt.libvirt.driver .*Migration running for \\d+ secs, memory \\d+% remaining`));
    expect(source).toMatch(new RegExp(`INFO nova.virt.libvirt.driver .*\\[instance: ${before.id}\\] Migration operation has completed`));
    expect(source).toMatch(new RegExp(`INFO nova.compute.manager .*\\[instance: ${before.id}\\] Migrating instance to ${other(src)} finished successfully.`));
    expect(log(`nova-compute-${other(src)}.log`)).toMatch(new RegExp(`INFO nova.compute.manager .*\\[instance: ${before.id}\\] Post operation of migration started`));
    expect(log('nova-scheduler.log')).toMatch(new RegExp(`${reqId}.*Host filter ignoring hosts: ${src}`));
  }, 150_000);

  it('without --block-migration on hosts without shared storage no destination can take it: 400 NoValidHost, nothing moved', async () => {
    const s = await show(stack, 'lm1');
    const held = await allocations(stack, s.id);
    const r = await stack.openstack('server', 'migrate', '--live-migration', 'lm1');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('No valid host was found');
    expect(r.err).toContain('(HTTP 400)');
    await tick();
    expect(await show(stack, 'lm1')).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': null, 'OS-EXT-SRV-ATTR:host': s['OS-EXT-SRV-ATTR:host'] });
    expect(await allocations(stack, s.id)).toEqual(held);
    expect((await migrations(stack, s.id)).at(-1)!.Status).toBe('error');
    expect(log('nova-conductor.log')).toMatch(/DEBUG nova.conductor.tasks.live_migrate .*Skipping host: cmp\d because: cmp\d is not on shared storage/);
    await onlyServersAllocated();
  }, 90_000);

  it('a forced destination without the memory: MigrationPreCheckError (400), the server stays', async () => {
    const s = await show(stack, 'lm1');
    const dest = other(s['OS-EXT-SRV-ATTR:host']!);
    await withFault(stack, ['hosts-full', '--host', dest], async () => {
      await new Promise((res) => setTimeout(res, 2500));
      const r = await stack.nova(...FORCED, 'live-migration', '--block-migrate', 'lm1', dest);
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(new RegExp(`ERROR \\(BadRequest\\): Migration pre-check error: Unable to migrate ${s.id} to ${dest}: Lack of memory\\(host:-?[0-9.]+ <= instance:512\\) \\(HTTP 400\\)`));
    });
    await tick();
    expect(await show(stack, 'lm1')).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': null, 'OS-EXT-SRV-ATTR:host': s['OS-EXT-SRV-ATTR:host'] });
    expect(log('nova-conductor.log')).toMatch(new RegExp(`WARNING nova.scheduler.utils .*Failed to compute_task_migrate_server: Migration pre-check error: Unable to migrate ${s.id}`));
    await onlyServersAllocated();
  }, 90_000);

  it('a destination whose CPU cannot take the guest (InvalidCPUInfo): 400, the allocation back on the source', async () => {
    const s = await show(stack, 'lm1');
    const dest = other(s['OS-EXT-SRV-ATTR:host']!);
    await withFault(stack, ['cpu-model', '--host', dest], async () => {
      const r = await stack.nova(...FORCED, 'live-migration', '--block-migrate', 'lm1', dest);
      expect(r.code).not.toBe(0);
      expect(r.err).toContain("Unacceptable CPU info: CPU doesn't have compatibility.");
    });
    await tick();
    expect((await show(stack, 'lm1'))['OS-EXT-SRV-ATTR:host']).toBe(s['OS-EXT-SRV-ATTR:host']);
    const rps = await providers(stack);
    expect(await allocations(stack, s.id)).toEqual({ [rps[s['OS-EXT-SRV-ATTR:host']!]]: TINY });
    await onlyServersAllocated();
  }, 90_000);

  it('refuses a stopped server (409) and an unknown host (400)', async () => {
    const r = await stack.nova(...FORCED, 'live-migration', '--block-migrate', 'lm1', 'nohost');
    expect(r.err).toContain('Compute host nohost could not be found. (HTTP 400)');
    expect((await stack.openstack('server', 'stop', 'lm1')).code).toBe(0);
    await pollStates(stack, 'lm1', 'SHUTOFF');
    const stopped = await stack.openstack('server', 'migrate', '--live-migration', '--block-migration', 'lm1');
    expect(stopped.err).toContain("Cannot 'os-migrateLive' instance");
    expect(stopped.err).toContain('while it is in vm_state stopped (HTTP 409)');
  }, 90_000);
});

describe('evacuate', () => {
  it('is refused while the host is up, then rebuilds the server on the other host once it is down', async () => {
    const before = await boot(stack, 'ev1');
    const src = before['OS-EXT-SRV-ATTR:host']!;
    const rps = await providers(stack);
    const up = await stack.nova('evacuate', 'ev1');
    expect(up.err).toContain(`Compute service of ${src} is still in use. (HTTP 400)`);
    stackCli(stack, 'fault', 'inject', 'compute-down', '--host', src);
    try {
      const end = Date.now() + 30_000;
      while (Date.now() < end) {
        const svc = JSON.parse((await stack.openstack('compute', 'service', 'list', '--service', 'nova-compute', '-f', 'json')).out) as { Host: string; State: string }[];
        if (svc.find((x) => x.Host === src)?.State === 'down') break;
        await tick();
      }
      const r = await stack.nova('evacuate', 'ev1');
      expect(r.code, r.err).toBe(0);
      await pollStates(stack, 'ev1', 'ACTIVE');
      expect((await show(stack, 'ev1'))['OS-EXT-SRV-ATTR:host']).toBe(other(src));
      expect((await migrations(stack, before.id))[0]).toMatchObject({ 'Source Compute': src, 'Dest Compute': other(src), Status: 'done' });
      // Until the dead host comes back and cleans up, the server holds both hosts' resources.
      expect(await allocations(stack, before.id)).toEqual({ [rps[src]]: TINY, [rps[other(src)]]: TINY });
      const events = JSON.parse((await stack.openstack('server', 'event', 'list', 'ev1', '-f', 'json')).out) as { Action: string }[];
      expect(events[0].Action).toBe('evacuate');
      expect(log(`nova-compute-${other(src)}.log`)).toMatch(new RegExp(`INFO nova.compute.manager .*\\[instance: ${before.id}\\] Evacuating instance`));
    } finally {
      stackCli(stack, 'fault', 'clear');
    }
  }, 150_000);
});
