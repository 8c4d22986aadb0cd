// Microversions 2.22 to 2.25 with the real CLI on a running live migration: `server migration
// show` (2.23), `server migration force complete` (2.22) pauses the guest (no post-copy), so the
// copy ends at once and the server is ACTIVE on the other host long before the copy would have
// finished; `server migration abort` (2.24) leaves it where it was; `--block-migration auto`
// (2.25); the actions and their compute events are recorded; below each version, Nova's errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, show, waitFor } from './move-harness.js';
import { actionEvents, serverEvents } from './actions-harness.js';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => {
  stack = await stackUp(2, ['--delays', 'zero'], { driver: { claim: 0, network: 0, image: 0, spawn: 0, vifPlugged: 0, liveMigration: 90_000 } });
}, 290_000);
afterAll(() => stack?.down(), 90_000);

const osc = async (v: string, ...args: string[]) => await stack.openstack('--os-compute-api-version', v, ...args);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live migration force complete (2.22)', () => {
  it('ends a running live migration at once', async () => {
    const before = await boot(stack, 'fc1');
    const src = before['OS-EXT-SRV-ATTR:host']!;
    const t0 = Date.now();
    const r = await stack.openstack('server', 'migrate', '--live-migration', '--block-migration', 'fc1');
    expect(r.code, r.err).toBe(0);
    let running: { Id: number; Status: string } | undefined;
    for (let i = 0; i < 60 && !running; i++) {
      const out = await osc('2.23', 'server', 'migration', 'list', '--server', 'fc1', '-f', 'json');
      expect(out.code, out.err).toBe(0);
      const list = JSON.parse(out.out) as { Id: number; Status: string }[];
      running = list.find((m) => m.Status === 'running');
      if (!running) await sleep(500);
    }
    expect(running).toBeDefined();
    const id = String(running!.Id);
    const showRun = await osc('2.24', 'server', 'migration', 'show', 'fc1', id, '-f', 'json');
    expect(showRun.code, showRun.err).toBe(0);
    const shown = JSON.parse(showRun.out);
    expect(shown).toMatchObject({ ID: running!.Id, Status: 'running', 'Source Compute': src });
    expect((await osc('2.21', 'server', 'migration', 'force', 'complete', 'fc1', id)).code).not.toBe(0);
    const done = await osc('2.22', 'server', 'migration', 'force', 'complete', 'fc1', id);
    expect(done.code, done.err).toBe(0);
    const after = await waitFor(stack, 'fc1', 'ACTIVE', 60_000);
    expect(after['OS-EXT-SRV-ATTR:host']).not.toBe(src);
    expect(Date.now() - t0).toBeLessThan(60_000);
    const forced = (await serverEvents(stack, before.id)).find((e) => e.action === 'live_migration_force_complete')!;
    expect(await actionEvents(stack, before.id, forced.requestId)).toEqual(['compute_live_migration_force_complete Success']);
    const again = await osc('2.22', 'server', 'migration', 'force', 'complete', 'fc1', id);
    expect(again.code).not.toBe(0);
    expect(again.err).toContain("Cannot 'force_complete' instance");
    expect((await show(stack, 'fc1')).status).toBe('ACTIVE');
  }, 150_000);

  it('aborts a running live migration (2.24) started with block_migration auto (2.25)', async () => {
    const before = await show(stack, 'fc1');
    const src = before['OS-EXT-SRV-ATTR:host']!;
    const r = await osc('2.25', 'server', 'migrate', '--live-migration', 'fc1');
    expect(r.code, r.err).toBe(0);
    let running: { Id: number; Status: string } | undefined;
    for (let i = 0; i < 60 && !running; i++) {
      running = (JSON.parse((await osc('2.25', 'server', 'migration', 'list', '--server', 'fc1', '-f', 'json')).out) as { Id: number; Status: string }[]).find((m) => m.Status === 'running');
      if (!running) await sleep(500);
    }
    expect(running).toBeDefined();
    expect((await osc('2.23', 'server', 'migration', 'abort', 'fc1', String(running!.Id))).code).not.toBe(0);
    const a = await osc('2.24', 'server', 'migration', 'abort', 'fc1', String(running!.Id));
    expect(a.code, a.err).toBe(0);
    const after = await waitFor(stack, 'fc1', 'ACTIVE', 60_000);
    expect(after['OS-EXT-SRV-ATTR:host']).toBe(src);
    const cancel = (await serverEvents(stack, before.id)).find((e) => e.action === 'live_migration_cancel')!;
    expect(await actionEvents(stack, before.id, cancel.requestId)).toEqual(['compute_live_migration_abort Success']);
    const list = JSON.parse((await osc('2.25', 'server', 'migration', 'list', '--server', 'fc1', '-f', 'json')).out) as { Id: number; Status: string }[];
    expect(list.find((m) => m.Id === running!.Id)!.Status).toBe('cancelled');
  }, 150_000);
});
