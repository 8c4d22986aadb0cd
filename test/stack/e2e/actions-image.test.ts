// createImage with the real openstack CLI: the snapshot's image record created in glance-lite by
// the API, the task state image_snapshot_pending while the host is frozen, the host's upload
// (the image becomes active with the guest disk's size and checksum), the instance action with
// its compute event and Nova's lines; a server boots from the snapshot; the image is deleted.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';
import { actionEvents, cliJson, computeApi, serverEvents, waitStatus, whileHostFrozen } from './actions-harness.js';

let stack: Stack;
let id: string;
let host: string;
beforeAll(async () => {
  stack = await stackUp(2);
  const s = await cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'vm-snap', '--wait');
  id = s.id;
  host = s['OS-EXT-SRV-ATTR:host'];
}, 270_000);
afterAll(() => stack?.down(), 90_000);

describe('createImage', () => {
  it('snapshots the server into glance-lite, which serves the data to a new server', async () => {
    const during = await whileHostFrozen(stack, host, id, async () => {
      const r = await stack.openstack('server', 'image', 'create', '--name', 'snap1', id);
      expect(r.code, r.err).toBe(0);
    });
    expect({ status: during.status, task: during.task }).toEqual({ status: 'ACTIVE', task: 'image_snapshot_pending' });
    await expect.poll(async () => (await cliJson(stack, 'image', 'show', 'snap1')).status, { timeout: 30_000, interval: 500 }).toBe('active');
    const after = await waitStatus(stack, id, 'ACTIVE');
    expect(after.task).toBe(null);
    const image = await cliJson(stack, 'image', 'show', 'snap1');
    const base = await cliJson(stack, 'image', 'show', 'cirros');
    expect(image.size).toBe(base.size);
    expect(image.visibility).toBe('private');
    expect(image.properties).toMatchObject({ image_type: 'snapshot', instance_uuid: id, base_image_ref: base.id });
    const latest = (await serverEvents(stack, id))[0];
    expect(latest.action).toBe('createImage');
    expect(await actionEvents(stack, id, latest.requestId)).toEqual(['compute_snapshot_instance Success']);
    const lines = fs.readFileSync(path.join(stack.logDir, `nova-compute-${host}.log`), 'utf8').split('\n')
      .filter((l) => l.includes(latest.requestId) && / INFO /.test(l)).map((l) => l.split(`[instance: ${id}] `)[1]);
    expect(lines[0]).toBe('instance snapshotting');
    expect(lines.slice(1, 4)).toEqual(['Beginning live snapshot process', 'Snapshot extracted, beginning image upload', 'Snapshot image upload complete']);
    expect(lines[4]).toMatch(/^Took \d+\.\d\d seconds to snapshot the instance on the hypervisor\.$/);

    const fromSnap = await cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'snap1', '--network', 'private', 'vm-from-snap', '--wait');
    expect(fromSnap.status).toBe('ACTIVE');
    expect((await stack.openstack('server', 'delete', '--wait', 'vm-from-snap')).code).toBe(0);
    expect((await stack.openstack('image', 'delete', 'snap1')).code).toBe(0);
    expect((await stack.openstack('image', 'show', 'snap1')).code).not.toBe(0);
  }, 120_000);

  it("a second snapshot while the first is pending: Nova's 409", async () => {
    await whileHostFrozen(stack, host, id, async () => {
      expect((await stack.openstack('server', 'image', 'create', '--name', 'snap2', id)).code).toBe(0);
      const again = await stack.openstack('server', 'image', 'create', '--name', 'snap3', id);
      expect(again.err).toContain(`Cannot 'createImage' instance ${id} while it is in task_state image_snapshot_pending`);
    });
  }, 60_000);
});

describe("Nova's image proxy (/images) over glance-lite", () => {
  it('lists, filters, shows and deletes images, and edits their metadata through glance', async () => {
    const snap = await cliJson(stack, 'server', 'image', 'create', '--name', 'snap-proxy', '--wait', id);
    const cirros = await cliJson(stack, 'image', 'show', 'cirros');
    // The CLI's own image property edits reach glance-lite as a json-patch.
    expect((await stack.openstack('image', 'set', '--property', 'os_distro=cirros', 'snap-proxy')).code).toBe(0);
    expect((await cliJson(stack, 'image', 'show', 'snap-proxy')).properties).toMatchObject({ os_distro: 'cirros', image_type: 'snapshot' });

    const all = await computeApi(stack, 'GET', '/images');
    expect(all.status).toBe(200);
    expect(all.body.images.map((i: { name: string }) => i.name)).toEqual(expect.arrayContaining(['cirros', 'snap-proxy']));
    expect(all.body.images[0].links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'bookmark', 'alternate']);
    const byServer = await computeApi(stack, 'GET', `/images/detail?server=${id}`);
    // Only this server's snapshots (the earlier tests left one more).
    expect(byServer.body.images.map((i: { id: string }) => i.id)).toContain(snap.id);
    expect(byServer.body.images.every((i: { server: { id: string } }) => i.server.id === id)).toBe(true);
    expect(byServer.body.images.find((i: { id: string }) => i.id === snap.id)).toMatchObject({ status: 'ACTIVE', progress: 100, metadata: { image_type: 'snapshot', os_distro: 'cirros' } });
    const snapshots = await computeApi(stack, 'GET', '/images?type=snapshot&status=ACTIVE');
    expect(snapshots.body.images.map((i: { id: string }) => i.id)).toContain(snap.id);
    expect(snapshots.body.images.map((i: { id: string }) => i.id)).not.toContain(cirros.id);
    const paged = await computeApi(stack, 'GET', '/images?limit=1');
    expect(paged.body.images).toHaveLength(1);
    expect(paged.body.images_links[0].href).toContain(`marker=${paged.body.images[0].id}`);
    const shown = await computeApi(stack, 'GET', `/images/${cirros.id}`);
    expect(shown.body.image).toMatchObject({ id: cirros.id, name: 'cirros', status: 'ACTIVE', minRam: 0, 'OS-EXT-IMG-SIZE:size': cirros.size });
    expect(shown.body.image.server).toBeUndefined();
    expect(await computeApi(stack, 'GET', '/images/6b4f7e1c-0000-4000-8000-000000000000')).toEqual({ status: 404, body: { itemNotFound: { code: 404, message: 'Image not found.' } } });

    const meta = `/images/${snap.id}/metadata`;
    expect((await computeApi(stack, 'POST', meta, { metadata: { os_version: '1' } })).body.metadata).toMatchObject({ os_version: '1', os_distro: 'cirros' });
    expect((await computeApi(stack, 'PUT', `${meta}/os_version`, { meta: { os_version: '2' } })).body).toEqual({ meta: { os_version: '2' } });
    expect((await computeApi(stack, 'GET', `${meta}/os_version`)).body).toEqual({ meta: { os_version: '2' } });
    expect((await computeApi(stack, 'PUT', `${meta}/os_version`, { meta: { other: '2' } })).body.badRequest.message).toBe('Request body and URI mismatch');
    expect((await computeApi(stack, 'DELETE', `${meta}/os_version`)).status).toBe(204);
    expect((await computeApi(stack, 'DELETE', `${meta}/os_version`)).body.itemNotFound.message).toBe('Invalid metadata key');
    expect((await computeApi(stack, 'PUT', meta, { metadata: { a: 'b' } })).body).toEqual({ metadata: { a: 'b' } });
    expect((await cliJson(stack, 'image', 'show', 'snap-proxy')).properties).not.toHaveProperty('os_distro');

    expect((await computeApi(stack, 'DELETE', `/images/${snap.id}`)).status).toBe(204);
    expect((await stack.openstack('image', 'show', snap.id)).code).not.toBe(0);
    expect((await computeApi(stack, 'DELETE', `/images/${snap.id}`)).body.itemNotFound.message).toBe('Image not found.');
  }, 120_000);
});
