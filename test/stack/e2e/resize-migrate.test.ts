// Resize and cold migration with the real `openstack` CLI on a two-host stack: the states the
// server passes through, the migration record, the instance actions and events, the log lines
// of every service, and placement — the source allocation held by the migration's uuid until
// confirm or revert, nothing left over afterwards.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocations, boot, migrations, pollStates, providerAllocations, providers, show, tick } from './move-harness.js';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => { stack = await stackUp(2, ['--delays', 'zero']); }, 240_000);
afterAll(() => stack?.down(), 90_000);

const TINY = { DISK_GB: 1, MEMORY_MB: 512, VCPU: 1 };
const SMALL = { DISK_GB: 20, MEMORY_MB: 2048, VCPU: 1 };
const log = (file: string) => fs.readFileSync(path.join(stack.logDir, file), 'utf8');
const other = (host: string) => (host === 'cmp1' ? 'cmp2' : 'cmp1');

describe('resize', () => {
  it('moves the server to the other host in VERIFY_RESIZE, the migration holding the old allocation; confirm drops it', async () => {
    const before = await boot(stack, 'rs1');
    const src = before['OS-EXT-SRV-ATTR:host']!;
    const rps = await providers(stack);
    expect(await allocations(stack, before.id)).toEqual({ [rps[src]]: TINY });

    await tick();

    const r = await stack.openstack('--debug', 'server', 'resize', '--flavor', 'm1.small', 'rs1');
    expect(r.code, r.err.slice(-2000)).toBe(0);
    const reqId = /POST call to compute for \S+\/action used request id (req-[0-9a-f-]+)/.exec(r.err)![1];
    const seen = await pollStates(stack, 'rs1', 'VERIFY_RESIZE');
    expect(seen[seen.length - 1]).toBe('VERIFY_RESIZE/None');
    const resized = await show(stack, 'rs1');
    expect(resized['OS-EXT-SRV-ATTR:host']).toBe(other(src));
    expect(resized.flavor).toContain('m1.small');

    const [mig] = await migrations(stack, before.id);
    expect(mig).toMatchObject({ 'Source Compute': src, 'Dest Compute': other(src), Status: 'finished', 'Old Flavor': 1, 'New Flavor': 2 });
    // The server holds the new flavor on the destination; the migration the old one on the source.
    expect(await allocations(stack, before.id)).toEqual({ [rps[other(src)]]: SMALL });
    const onSource = await providerAllocations(stack, rps[src]);
    const [migConsumer] = Object.keys(onSource);
    expect(migConsumer).not.toBe(before.id);
    expect(onSource[migConsumer]).toEqual(TINY);

    const shown = JSON.parse((await stack.openstack('server', 'event', 'show', 'rs1', reqId, '-f', 'json')).out) as { action: string; events: { event: string; result: string }[] };
    expect(shown.action).toBe('resize');
    expect(shown.events.map((e) => `${e.event}:${e.result}`).sort()).toEqual(
      ['cold_migrate:Success', 'compute_finish_resize:Success', 'compute_prep_resize:Success', 'compute_resize_instance:Success', 'conductor_migrate_server:Success']);
    expect(log('nova-conductor.log')).toMatch(new RegExp(`${reqId}.*Created allocations for migration ${migConsumer} on ${rps[src]}`));
    expect(log('nova-scheduler.log')).toMatch(new RegExp(`INFO nova.scheduler.host_manager \\[[^\\]]*${reqId}[^\\]]*\\] Host filter ignoring hosts: ${src}`));
    expect(log(`nova-compute-${other(src)}.log`)).toMatch(new RegExp(`INFO nova.compute.manager \\[[^\\]]*${reqId}[^\\]]*\\] \\[instance: ${before.id}\\] Migrating`));

    await tick();

    const c = await stack.openstack('server', 'resize', 'confirm', 'rs1');
    expect(c.code, c.err).toBe(0);
    await pollStates(stack, 'rs1', 'ACTIVE');
    expect((await migrations(stack, before.id))[0].Status).toBe('confirmed');
    expect(await allocations(stack, migConsumer)).toEqual({});
    expect(await allocations(stack, before.id)).toEqual({ [rps[other(src)]]: SMALL });
    expect(log(`nova-compute-${src}.log`)).toContain(`INFO nova.scheduler.client.report`);
    expect(log(`nova-compute-${src}.log`)).toContain(`Deleted allocation for migration ${migConsumer}`);
  }, 120_000);

  it('revert brings the server back to its host and flavor, the allocation back to the server', async () => {
    const before = await boot(stack, 'rs2');
    const src = before['OS-EXT-SRV-ATTR:host']!;
    const rps = await providers(stack);
    expect((await stack.openstack('server', 'resize', '--flavor', 'm1.small', 'rs2', '--wait')).code).toBe(0);
    await pollStates(stack, 'rs2', 'VERIFY_RESIZE');
    await tick();
    const r = await stack.openstack('server', 'resize', 'revert', 'rs2');
    expect(r.code, r.err).toBe(0);
    const seen = await pollStates(stack, 'rs2', 'ACTIVE');
    expect(seen[seen.length - 1]).toBe('ACTIVE/None');
    const back = await show(stack, 'rs2');
    expect(back['OS-EXT-SRV-ATTR:host']).toBe(src);
    expect(back.flavor).toContain('m1.tiny');
    expect((await migrations(stack, before.id))[0].Status).toBe('reverted');
    expect(await allocations(stack, before.id)).toEqual({ [rps[src]]: TINY });
    expect(Object.keys(await providerAllocations(stack, rps[other(src)]))).not.toContain(before.id);
    expect(log(`nova-compute-${src}.log`)).toMatch(/INFO nova.compute.manager .*Swapping old allocation on dict_keys\(\['[0-9a-f-]+'\]\) held by migration [0-9a-f-]+ for instance/);
    expect(log(`nova-compute-${src}.log`)).toContain("Updating instance to original state: 'active'");
  }, 120_000);

  it('refuses what Nova refuses: the same flavor, an unknown flavor, a server not resized', async () => {
    await tick();
    const same = await stack.openstack('server', 'resize', '--flavor', 'm1.tiny', 'rs2');
    expect(same.code).not.toBe(0);
    expect(same.err).toContain('When resizing, instances must change flavor! (HTTP 400)');
    const none = await stack.nova('resize', 'rs2', '999');
    expect(none.code).not.toBe(0);
    await tick();
    const notResized = await stack.openstack('server', 'resize', 'confirm', 'rs2');
    expect(notResized.code).not.toBe(0);
    expect(notResized.err).toContain("Cannot 'confirmResize' instance");
  }, 60_000);
});

describe('cold migration', () => {
  it('migrates to the other host, confirm leaves one allocation; a full cloud leaves none leaked', async () => {
    const before = await boot(stack, 'cm1');
    const src = before['OS-EXT-SRV-ATTR:host']!;
    const rps = await providers(stack);
    await tick();
    const r = await stack.openstack('server', 'migrate', 'cm1');
    expect(r.code, r.err).toBe(0);
    await pollStates(stack, 'cm1', 'VERIFY_RESIZE');
    expect((await show(stack, 'cm1'))['OS-EXT-SRV-ATTR:host']).toBe(other(src));
    const [mig] = await migrations(stack, before.id);
    expect(mig).toMatchObject({ Status: 'finished', 'Old Flavor': 1, 'New Flavor': 1 });
    expect(Object.values(await providerAllocations(stack, rps[src]))).toContainEqual(TINY);
    expect((await stack.openstack('server', 'migration', 'confirm', 'cm1')).code).toBe(0);
    await pollStates(stack, 'cm1', 'ACTIVE');
    expect(await allocations(stack, before.id)).toEqual({ [rps[other(src)]]: TINY });
    const events = JSON.parse((await stack.openstack('server', 'event', 'list', 'cm1', '-f', 'json')).out) as { Action: string }[];
    expect(events.map((e) => e.Action)).toEqual(['confirmResize', 'migrate', 'create']);
  }, 120_000);

  it('NoValidHost: the server stays ACTIVE where it is, the migration in error, its allocation back on the server', async () => {
    const before = await boot(stack, 'cm2', 'm1.medium');
    const src = before['OS-EXT-SRV-ATTR:host']!;
    const rps = await providers(stack);
    const held = await allocations(stack, before.id);
    // Fill the other host so that nothing fits there.
    await stack.openstack('compute', 'service', 'set', '--disable', other(src), 'nova-compute');
    try {
      await tick();
      const r = await stack.openstack('server', 'migrate', 'cm2');
      expect(r.code, r.err).toBe(0);
      await new Promise((res) => setTimeout(res, 1500));
      const after = await pollStates(stack, 'cm2', 'ACTIVE');
      expect(after[after.length - 1]).toBe('ACTIVE/None');
    } finally {
      await stack.openstack('compute', 'service', 'set', '--enable', other(src), 'nova-compute');
    }
    expect((await show(stack, 'cm2'))['OS-EXT-SRV-ATTR:host']).toBe(src);
    expect((await migrations(stack, before.id))[0].Status).toBe('error');
    expect(await allocations(stack, before.id)).toEqual(held);
    // No migration consumer is left on either host.
    const consumers = [...Object.keys(await providerAllocations(stack, rps.cmp1)), ...Object.keys(await providerAllocations(stack, rps.cmp2))];
    const servers = (JSON.parse((await stack.openstack('server', 'list', '-f', 'json')).out) as { ID: string }[]).map((s) => s.ID);
    expect(consumers.filter((c) => !servers.includes(c))).toEqual([]);
    const conductor = log('nova-conductor.log');
    expect(conductor).toMatch(/WARNING nova.scheduler.utils .*Failed to compute_task_migrate_server: No valid host was found/);
    expect(conductor).toMatch(new RegExp(`WARNING nova.scheduler.utils .*\\[instance: ${before.id}\\] Setting instance to ACTIVE state.`));
    const action = JSON.parse((await stack.openstack('server', 'event', 'list', 'cm2', '-f', 'json')).out) as { Action: string; 'Request ID': string }[];
    const shown = JSON.parse((await stack.openstack('server', 'event', 'show', 'cm2', action[0]['Request ID'], '-f', 'json')).out) as { message: string; events: { event: string; result: string }[] };
    expect(shown.message).toBe('Error');
    expect(shown.events).toContainEqual(expect.objectContaining({ event: 'conductor_migrate_server', result: 'Error' }));
  }, 120_000);
});
