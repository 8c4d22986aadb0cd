// Microversion 2.65 with the real CLI: `server migration abort` of a live migration still
// `preparing` (the source waits for the destination's network-vif-plugged events, which
// neutron-lite sends 12 s late here) is refused at 2.64 in Nova's words and taken at 2.65; the
// source drops it before any copy, rolls back, and the server stays ACTIVE where it was.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, waitFor } from './move-harness.js';
import { actionEvents, serverEvents } from './actions-harness.js';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => {
  stack = await stackUp(2, ['--delays', 'zero'], { driver: { claim: 0, network: 0, image: 0, spawn: 0, vifPlugged: 12_000, liveMigration: 30_000 } });
}, 290_000);
afterAll(() => stack?.down(), 90_000);

const osc = async (v: string, ...args: string[]) => await stack.openstack('--os-compute-api-version', v, ...args);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live migration abort while preparing (2.65)', () => {
  it('400 at 2.64, cancelled at 2.65 before the copy begins', async () => {
    const before = await boot(stack, 'lm65');
    const src = before['OS-EXT-SRV-ATTR:host']!;
    const r = await osc('2.65', 'server', 'migrate', '--live-migration', 'lm65');
    expect(r.code, r.err).toBe(0);
    let preparing: { Id: number; Status: string } | undefined;
    for (let i = 0; i < 40 && !preparing; i++) {
      preparing = (JSON.parse((await osc('2.65', 'server', 'migration', 'list', '--server', 'lm65', '-f', 'json')).out) as { Id: number; Status: string }[])
        .find((m) => m.Status === 'preparing');
      if (!preparing) await sleep(250);
    }
    expect(preparing).toBeDefined();
    const id = String(preparing!.Id);
    const old = await osc('2.64', 'server', 'migration', 'abort', 'lm65', id);
    expect(old.code).not.toBe(0);
    expect(old.err).toContain(`Migration ${id} state of instance ${before.id} is preparing. Cannot abort live migration while the migration is in this state. (HTTP 400)`);
    const a = await osc('2.65', 'server', 'migration', 'abort', 'lm65', id);
    expect(a.code, a.err).toBe(0);
    const after = await waitFor(stack, 'lm65', 'ACTIVE', 60_000);
    expect(after['OS-EXT-SRV-ATTR:host']).toBe(src);
    await expect.poll(async () => (JSON.parse((await osc('2.65', 'server', 'migration', 'list', '--server', 'lm65', '-f', 'json')).out) as { Id: number; Status: string }[])
      .find((m) => m.Id === preparing!.Id)?.Status, { timeout: 30_000 }).toBe('cancelled');
    const cancel = (await serverEvents(stack, before.id)).find((e) => e.action === 'live_migration_cancel')!;
    expect(await actionEvents(stack, before.id, cancel.requestId)).toEqual(['compute_live_migration_abort Success']);
    const log = fs.readFileSync(path.join(stack.logDir, `nova-compute-${src}.log`), 'utf8');
    expect(log).toMatch(/Migration [0-9a-f-]{36} aborted by another process, rollback\./);
    expect(log).not.toContain('About to invoke the migrate API');
  }, 200_000);
});
