// The faults of a move (issue 12 §4), end to end: a server booted with the real `openstack` CLI,
// the fault injected on its destination with `nova-stack fault inject … --host`, the move run
// with the CLI, its request id taken from `openstack server event list`, then nova-trace on the
// log directory. The trace must name the operation, the failed stage on the source and the
// catalogue cause; the server must be back where it was, with placement holding nothing more.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withFault } from './fault-harness.js';
import { allocations, boot, migrations, pollStates, providerAllocations, providers, show, tick } from './move-harness.js';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => {
  stack = await stackUp(2, ['--delays', 'zero'], { driver: { claim: 0, network: 0, image: 0, spawn: 0, vifPlugged: 0, liveMigration: 500 }, updateResourcesMs: 1000 });
}, 290_000);
afterAll(() => stack?.down(), 90_000);

const TINY = { DISK_GB: 1, MEMORY_MB: 512, VCPU: 1 };
const other = (host: string) => (host === 'cmp1' ? 'cmp2' : 'cmp1');

interface TraceOut {
  operation: string;
  verdict: { status: string; failed_stage: string | null; cause: { id: string } | null; host?: string | null; summary: string };
  stages: { stage: string; status: string; host: string | null }[];
}

/** The host's memory_mb_used as its compute node last reported it. */
async function memoryUsed(host: string): Promise<number> {
  const r = await stack.openstack('hypervisor', 'show', host, '-f', 'json');
  expect(r.code, r.err).toBe(0);
  return (JSON.parse(r.out) as { memory_mb_used: number }).memory_mb_used;
}

async function lastEvent(name: string, kind: string): Promise<string> {
  const r = await stack.openstack('server', 'event', 'list', name, '-f', 'json');
  expect(r.code, r.err).toBe(0);
  const e = (JSON.parse(r.out) as { 'Request ID': string; Action: string }[]).find((x) => x.Action === kind);
  expect(e, r.out).toBeDefined();
  return e!['Request ID'];
}

async function traced(reqId: string): Promise<{ t: TraceOut; text: string }> {
  const j = await stack.trace(reqId, '--log-dir', stack.logDir, '--json');
  expect(j.code, j.err).toBe(1);
  const text = (await stack.trace(reqId, '--log-dir', stack.logDir, '--no-color')).out;
  if (process.env.NOVA_FAULT_TEXT) fs.appendFileSync(process.env.NOVA_FAULT_TEXT, `=== ${reqId}\n${text}\n`);
  return { t: JSON.parse(j.out) as TraceOut, text };
}

/** No consumer on either host other than the stack's servers (no migration left holding anything). */
async function onlyServersAllocated(): Promise<void> {
  const rps = await providers(stack);
  const consumers = [...Object.keys(await providerAllocations(stack, rps.cmp1)), ...Object.keys(await providerAllocations(stack, rps.cmp2))];
  const servers = (JSON.parse((await stack.openstack('server', 'list', '-f', 'json')).out) as { ID: string }[]).map((s) => s.ID);
  expect(consumers.filter((c) => !servers.includes(c))).toEqual([]);
}

describe('the faults of a move, recognised by nova-trace', () => {
  it('live-migration-failure: libvirt cannot reach the destination → rolled back, ACTIVE on the source, migration failed → live-migration-failed', async () => {
    const s = await boot(stack, 'lm-fail');
    const src = s['OS-EXT-SRV-ATTR:host']!;
    const rps = await providers(stack);
    await withFault(stack, ['live-migration-failure', '--host', other(src)], async () => {
      const r = await stack.openstack('server', 'migrate', '--live-migration', '--block-migration', 'lm-fail');
      expect(r.code, r.err).toBe(0);
      await pollStates(stack, 'lm-fail', 'ACTIVE');
    });
    expect((await show(stack, 'lm-fail'))['OS-EXT-SRV-ATTR:host']).toBe(src);
    // _rollback_live_migration leaves the record 'failed' (its default status) when the monitor saw the job fail.
    expect((await migrations(stack, 'lm-fail')).map((m) => m.Status)).toEqual(['failed']);
    expect(await allocations(stack, s.id)).toEqual({ [rps[src]]: TINY });
    await onlyServersAllocated();
    await tick();
    const { t, text } = await traced(await lastEvent('lm-fail', 'live-migration'));
    expect(t.operation).toBe('live-migration');
    expect(t.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.migration', cause: { id: 'live-migration-failed' } });
    expect(t.stages.find((x) => x.stage === 'compute.migration')).toMatchObject({ status: 'failed', host: src });
    expect(text).toContain(`Root cause in compute.migration on compute@${src}`);
  }, 120_000);
  it('resize-failure: the source cannot ssh to the destination → ResizeError rolled back, ACTIVE on the source, migration error → resize-failed', async () => {
    const s = await boot(stack, 'rs-fail');
    const src = s['OS-EXT-SRV-ATTR:host']!;
    const rps = await providers(stack);
    const destBefore = await memoryUsed(other(src));
    await withFault(stack, ['resize-failure', '--host', other(src)], async () => {
      const r = await stack.openstack('server', 'resize', '--flavor', 'm1.small', 'rs-fail');
      expect(r.code, r.err).toBe(0);
      await pollStates(stack, 'rs-fail', 'ACTIVE');
    });
    const after = await show(stack, 'rs-fail');
    expect(after['OS-EXT-SRV-ATTR:host']).toBe(src);
    expect(after.flavor).toMatch(/m1\.tiny/);
    expect((await migrations(stack, 'rs-fail')).map((m) => [m.Status, m['Source Compute'], m['Dest Compute']])).toEqual([['error', src, other(src)]]);
    expect(await allocations(stack, s.id)).toEqual({ [rps[src]]: TINY });
    await onlyServersAllocated();
    // The destination's claim: its audit (every second here) drops it, the migration being over.
    let destAfter = await memoryUsed(other(src));
    for (let i = 0; i < 20 && destAfter !== destBefore; i++) {
      await new Promise((res) => setTimeout(res, 500));
      destAfter = await memoryUsed(other(src));
    }
    expect(destAfter).toBe(destBefore);
    const { t, text } = await traced(await lastEvent('rs-fail', 'resize'));
    expect(t.operation).toBe('resize');
    expect(t.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.resize_instance', cause: { id: 'resize-failed' } });
    expect(t.stages.find((x) => x.stage === 'compute.resize_instance')).toMatchObject({ status: 'failed', host: src });
    expect(text).toContain(`Root cause in compute.resize_instance on compute@${src}`);
  }, 120_000);
});
