// createBackup with the real openstack CLI: three daily backups with --rotate 2 leave the two
// newest (typed backup/daily in glance-lite), the task state image_backup while the host is
// frozen, the instance action with its compute event, and the manager's rotation lines at
// Nova's levels; a bad rotation or a missing backup_type is Nova's 400; {image_id} from 2.45.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';
import { actionEvents, cliJson, computeApi, serverEvents, serverState, whileHostFrozen } from './actions-harness.js';

let stack: Stack;
let id: string;
let host: string;
beforeAll(async () => {
  stack = await stackUp(1);
  const s = await cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'vm-backup', '--wait');
  id = s.id;
  host = s['OS-EXT-SRV-ATTR:host'];
}, 270_000);
afterAll(() => stack?.down(), 90_000);

const backups = async () => (await cliJson(stack, 'image', 'list', '--long', '--property', 'image_type=backup', '--property', `instance_uuid=${id}`) as { Name: string; Status: string }[]);

async function backup(name: string): Promise<string> {
  const image = await cliJson(stack, 'server', 'backup', 'create', '--name', name, '--type', 'daily', '--rotate', '2', '--wait', id);
  // The rotation runs after the upload: wait for the host to clear the task state.
  await expect.poll(async () => (await serverState(stack, id)).task, { timeout: 30_000, interval: 300 }).toBe(null);
  return image.id;
}

describe('createBackup', () => {
  it('keeps the two newest daily backups, with the task states, action and lines of Nova', async () => {
    const during = await whileHostFrozen(stack, host, id, async () => {
      const r = await stack.openstack('server', 'backup', 'create', '--name', 'bk-1', '--type', 'daily', '--rotate', '2', id);
      expect(r.code, r.err).toBe(0);
    });
    expect({ status: during.status, task: during.task }).toEqual({ status: 'ACTIVE', task: 'image_backup' });
    await expect.poll(async () => (await cliJson(stack, 'image', 'show', 'bk-1')).status, { timeout: 30_000, interval: 500 }).toBe('active');
    await expect.poll(async () => (await serverState(stack, id)).task, { timeout: 30_000, interval: 300 }).toBe(null);
    const first = (await cliJson(stack, 'image', 'show', 'bk-1')).id as string;
    const second = await backup('bk-2');
    expect((await backups()).map((b) => b.Name).sort()).toEqual(['bk-1', 'bk-2']);
    const third = await backup('bk-3');

    expect((await backups()).map((b) => b.Name).sort()).toEqual(['bk-2', 'bk-3']);
    expect((await stack.openstack('image', 'show', first)).code).not.toBe(0);
    for (const image of [second, third]) {
      expect((await cliJson(stack, 'image', 'show', image)).properties).toMatchObject({ image_type: 'backup', backup_type: 'daily', instance_uuid: id });
    }

    const events = await serverEvents(stack, id);
    expect(events.slice(0, 3).map((e) => e.action)).toEqual(['createBackup', 'createBackup', 'createBackup']);
    const latest = events[0];
    expect(await actionEvents(stack, id, latest.requestId)).toEqual(['compute_backup_instance Success']);
    const lines = fs.readFileSync(path.join(stack.logDir, `nova-compute-${host}.log`), 'utf8').split('\n').filter((l) => l.includes(latest.requestId));
    const said = (l: string) => l.split(`[instance: ${id}] `)[1]?.replace(/ _rotate_backups \S+:\d+$/, '');
    expect(lines.filter((l) => / INFO /.test(l)).map(said)).toEqual(expect.arrayContaining(['instance snapshotting', 'Snapshot image upload complete']));
    const rotation = lines.filter((l) => / DEBUG nova\.compute\.manager /.test(l) && l.includes('_rotate_backups')).map(said);
    expect(rotation).toEqual(['Found 3 images (rotation: 2)', 'Rotating out 1 backups', `Deleting image ${first}`]);
  }, 180_000);

  it("answers Nova's 400 for a bad rotation and a missing backup_type", async () => {
    const bad = await computeApi(stack, 'POST', `/servers/${id}/action`, { createBackup: { name: 'x', backup_type: 'daily', rotation: -1 } });
    expect(bad).toEqual({ status: 400, body: { badRequest: { code: 400, message: 'Invalid input for field/attribute rotation. Value: -1. -1 is less than the minimum of 0' } } });
    const missing = await computeApi(stack, 'POST', `/servers/${id}/action`, { createBackup: { name: 'x', rotation: 1 } });
    expect(missing.status).toBe(400);
    expect(missing.body.badRequest.message).toContain("'backup_type' is a required property");
  }, 60_000);

  it('answers {image_id} from 2.45, which novaclient shows as the weekly backup image', async () => {
    const r = await stack.nova('--os-compute-api-version', '2.45', 'backup', id, 'bk-weekly', 'weekly', '1');
    expect(r.code, r.err).toBe(0);
    const image = await cliJson(stack, 'image', 'show', 'bk-weekly');
    expect(r.out).toContain(image.id);
    expect(image.properties).toMatchObject({ image_type: 'backup', backup_type: 'weekly' });
    await expect.poll(async () => (await serverState(stack, id)).task, { timeout: 30_000, interval: 300 }).toBe(null);
    // The weekly rotation leaves the daily backups alone.
    expect((await backups()).map((b) => b.Name).sort()).toEqual(['bk-2', 'bk-3', 'bk-weekly']);
  }, 60_000);
});
