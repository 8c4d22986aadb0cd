// Soft delete with reclaim_instance_interval set, driven with the real CLIs: DELETE leaves the
// server SOFT_DELETED (task soft-deleting while its host is frozen), `server restore` brings it
// back, `nova force-delete` deletes it at once, and the compute's periodic _reclaim_queued_deletes
// deletes the one left behind once it is older than the interval, with Nova's lines and events.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { readConfig } from '../../../stack/common/stack-config.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';
import { actionEvents, cliJson, serverEvents, serverState, waitStatus, whileHostFrozen } from './actions-harness.js';

const RECLAIM_S = 20;
let stack: Stack;
beforeAll(async () => {
  stack = await stackUp(2, [], { reclaimInstanceInterval: RECLAIM_S, updateResourcesMs: 1000 });
}, 240_000);
afterAll(() => stack?.down(), 90_000);

const boot = async (name: string) => {
  const s = await cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', name, '--wait');
  return { id: s.id as string, host: s['OS-EXT-SRV-ATTR:host'] as string };
};
const computeLog = (host: string) => fs.readFileSync(path.join(stack.logDir, `nova-compute-${host}.log`), 'utf8');
const gone = async (id: string) => (await stack.openstack('server', 'show', id)).code !== 0;

describe('soft delete (reclaim_instance_interval > 0)', () => {
  it('DELETE soft-deletes; restore brings the server back ACTIVE; a 409 for restore of a live server', async () => {
    const { id, host } = await boot('vm-soft');
    const during = await whileHostFrozen(stack, host, id, async () => expect((await stack.openstack('server', 'delete', id)).code).toBe(0));
    expect({ status: during.status, task: during.task }).toEqual({ status: 'ACTIVE', task: 'soft-deleting' });
    const soft = await waitStatus(stack, id, 'SOFT_DELETED');
    expect(soft).toMatchObject({ vm: 'soft-delete', task: null, power: 4 });
    const del = (await serverEvents(stack, id))[0];
    expect(del.action).toBe('delete');
    expect(await actionEvents(stack, id, del.requestId)).toEqual(['compute_soft_delete_instance Success']);
    const api = fs.readFileSync(path.join(stack.logDir, 'nova-api.log'), 'utf8');
    expect(api).toMatch(new RegExp(`DEBUG nova\\.compute\\.api \\[[^\\]]*${del.requestId}[^\\]]*\\] \\[instance: ${id}\\] Going to try to soft delete instance`));

    expect((await stack.openstack('server', 'restore', id)).code).toBe(0);
    const back = await waitStatus(stack, id, 'ACTIVE');
    expect(back).toMatchObject({ vm: 'active', task: null, power: 1 });
    const restore = (await serverEvents(stack, id))[0];
    expect(restore.action).toBe('restore');
    expect(await actionEvents(stack, id, restore.requestId)).toEqual(['compute_restore_instance Success']);
    const again = await stack.openstack('server', 'restore', id);
    expect(again.err).toContain(`Cannot 'restore' instance ${id} while it is in vm_state active`);
    // Restored, it is not reclaimed.
    await new Promise((r) => setTimeout(r, (RECLAIM_S + 2) * 1000));
    expect((await serverState(stack, id)).status).toBe('ACTIVE');
  }, 120_000);

  it('forceDelete deletes a soft-deleted server at once', async () => {
    const { id } = await boot('vm-force');
    expect((await stack.openstack('server', 'delete', id)).code).toBe(0);
    await waitStatus(stack, id, 'SOFT_DELETED');
    const r = await stack.nova('force-delete', id);
    expect(r.code, r.err).toBe(0);
    await expect.poll(async () => await gone(id), { timeout: 30_000, interval: 500 }).toBe(true);
  }, 120_000);

  it("the periodic reclaim deletes a soft-deleted server older than the interval ('Reclaiming deleted instance')", async () => {
    const { id, host } = await boot('vm-reclaim');
    // Before the DELETE: the API stamps the soft delete while answering it, and the test may see
    // SOFT_DELETED only seconds later on a loaded machine.
    const deletedAt = Date.now();
    expect((await stack.openstack('server', 'delete', id)).code).toBe(0);
    await waitStatus(stack, id, 'SOFT_DELETED');
    await expect.poll(async () => await gone(id), { timeout: (RECLAIM_S + 20) * 1000, interval: 500 }).toBe(true);
    expect(Date.now() - deletedAt).toBeGreaterThanOrEqual((RECLAIM_S - 1) * 1000);
    const lines = computeLog(host).split('\n').filter((l) => l.includes(`[instance: ${id}]`) && / INFO nova\.compute\.manager /.test(l)).map((l) => l.split(`[instance: ${id}] `)[1]);
    expect(lines).toEqual(expect.arrayContaining(['Reclaiming deleted instance', 'Terminating instance']));
    expect(lines.indexOf('Reclaiming deleted instance')).toBeLessThan(lines.lastIndexOf('Terminating instance'));
    // The placement allocation went with it.
    const db = new Database(readConfig(stack.stateDir).placementDb, { readonly: true, fileMustExist: true });
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM allocations WHERE consumer_id = ?').get(id)).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  }, 120_000);
});
