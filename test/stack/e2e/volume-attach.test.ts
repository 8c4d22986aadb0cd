// Volume attach and detach end to end with the real CLIs: `openstack server add/remove volume`,
// `openstack server volume list`, `nova volume-attach/volume-detach/volume-attachments`; the
// volume's status in cinder-lite, the server's events, compute's lines in Nova's words, what
// nova-trace makes of the attach's request id, a server deleted with a volume attached, and the
// volume-attach-failure fault rolled back as Nova rolls it back.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withFault } from './fault-harness.js';
import { stackUp, type CommandResult, type Stack } from './stack-harness.js';

let stack: Stack;
let server: string;
beforeAll(async () => {
  stack = await stackUp(1, ['--delays', 'zero']);
  server = json<{ id: string }>(await stack.openstack('server', 'create', '--image', 'cirros', '--flavor', 'm1.tiny', '--network', 'private', '--wait', 'vm-vol', '-f', 'json')).id;
}, 240_000);
afterAll(() => stack?.down(), 90_000);

const computeLog = () => fs.readFileSync(path.join(stack.logDir, 'nova-compute-cmp1.log'), 'utf8');

function json<T>(r: CommandResult): T {
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as T;
}

async function newVolume(name: string): Promise<string> {
  const id = json<{ id: string }>(await stack.openstack('volume', 'create', '--size', '1', name, '-f', 'json')).id;
  await statusBecomes(id, 'available');
  return id;
}

/** Polls `openstack volume show` until the status is `want` (the attach and detach are casts). */
async function statusBecomes(id: string, want: string): Promise<void> {
  let status = '';
  for (let i = 0; i < 30; i++) {
    status = (await stack.openstack('volume', 'show', id, '-f', 'value', '-c', 'status')).out.trim();
    if (status === want) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  expect(status).toBe(want);
}

interface Event { 'Request ID': string; Action: string }
const events = async () => json<Event[]>(await stack.openstack('server', 'event', 'list', server, '-f', 'json'));
const eventOf = async (action: string) => (await events()).find((e) => e.Action === action)!['Request ID'];
const computeEvents = async (req: string) => json<{ events: { event: string; result: string; traceback: string | null }[] }>(await stack.openstack('server', 'event', 'show', server, req, '-f', 'json')).events;

describe('volume attach and detach with the real CLIs', () => {
  it('openstack server add volume: /dev/vdb, the volume in-use, attach_volume with compute_attach_volume, Nova\'s line; nova-trace reads the request', async () => {
    const vol = await newVolume('data1');
    const added = json<{ Device: string; 'Volume ID': string; 'Server ID': string }>(await stack.openstack('server', 'add', 'volume', 'vm-vol', 'data1', '-f', 'json'));
    expect(added).toMatchObject({ Device: '/dev/vdb', 'Volume ID': vol, 'Server ID': server });
    await statusBecomes(vol, 'in-use');
    const listed = json<{ 'Volume ID': string; Device: string }[]>(await stack.openstack('server', 'volume', 'list', 'vm-vol', '-f', 'json'));
    expect(listed).toEqual([expect.objectContaining({ 'Volume ID': vol, Device: '/dev/vdb' })]);
    const req = await eventOf('attach_volume');
    expect(await computeEvents(req)).toEqual([expect.objectContaining({ event: 'compute_attach_volume', result: 'Success' })]);
    expect(computeLog()).toMatch(new RegExp(`INFO nova.compute.manager \\[None ${req} .*\\] \\[instance: ${server}\\] Attaching volume ${vol} to /dev/vdb`));
    // The tracer has a volume-attach model; Nova logs no line when an attach ends well, so it cannot call it finished.
    const trace = await stack.trace(req, '--log-dir', stack.logDir);
    expect(trace.out).toMatch(new RegExp(`nova-trace ${req}\\s+volume-attach\\s+instance ${server}`));
    expect(trace.out).toMatch(/compute\.attach_volume\s+cmp1/);

    expect((await stack.openstack('server', 'remove', 'volume', 'vm-vol', 'data1')).code).toBe(0);
    await statusBecomes(vol, 'available');
    expect(json<unknown[]>(await stack.openstack('server', 'volume', 'list', 'vm-vol', '-f', 'json'))).toEqual([]);
    const detach = await eventOf('detach_volume');
    expect(await computeEvents(detach)).toEqual([expect.objectContaining({ event: 'compute_detach_volume', result: 'Success' })]);
    expect(computeLog()).toMatch(new RegExp(`INFO nova.compute.manager \\[None ${detach} .*\\] \\[instance: ${server}\\] Detaching volume ${vol}`));
  }, 180_000);

  it('nova volume-attach, volume-attachments and volume-detach', async () => {
    const vol = await newVolume('data2');
    const attached = await stack.nova('volume-attach', 'vm-vol', vol);
    expect(attached.code, attached.err).toBe(0);
    expect(attached.out).toMatch(new RegExp(`\\| volumeId\\s+\\| ${vol}`));
    await statusBecomes(vol, 'in-use');
    expect((await stack.nova('volume-attachments', 'vm-vol')).out).toContain(vol);
    expect((await stack.nova('volume-detach', 'vm-vol', vol)).code).toBe(0);
    await statusBecomes(vol, 'available');
    // Attaching it twice is Nova's 400.
    await stack.nova('volume-attach', 'vm-vol', vol);
    await statusBecomes(vol, 'in-use');
    const twice = await stack.nova('volume-attach', 'vm-vol', vol);
    expect(twice.err).toMatch(new RegExp(`ERROR \\(BadRequest\\): Invalid volume: volume ${vol} is already attached to instances: ${server} \\(HTTP 400\\)`));
  }, 180_000);

  it('volume-attach-failure: cinder cannot export the volume; compute logs the failure, deletes attachment and mapping; the volume is available again', async () => {
    const vol = await newVolume('data3');
    await withFault(stack, ['volume-attach-failure'], async () => {
      expect((await stack.openstack('server', 'add', 'volume', 'vm-vol', 'data3')).code).toBe(0);
      let result = '';
      for (let i = 0; i < 30 && !result; i++) {
        result = (await computeEvents(await eventOf('attach_volume')))[0]?.result ?? '';
        if (!result) await new Promise((r) => setTimeout(r, 500));
      }
      expect(result).toBe('Error');
    });
    await statusBecomes(vol, 'available');
    const listed = json<{ 'Volume ID': string }[]>(await stack.openstack('server', 'volume', 'list', 'vm-vol', '-f', 'json'));
    expect(listed.map((a) => a['Volume ID'])).not.toContain(vol);
    const log = computeLog();
    expect(log).toMatch(/ERROR nova.volume.cinder \[.*\] Update attachment failed for attachment [0-9a-f-]{36}\. Error: Unable to update attachment\.\(Bad or unexpected response from the storage volume backend API: /);
    expect(log).toMatch(new RegExp(`ERROR nova.compute.manager \\[.*\\] \\[instance: ${server}\\] Failed to attach ${vol} at /dev/vd[a-z]\\n.*ERROR nova.compute.manager \\[instance: ${server}\\] Traceback \\(most recent call last\\):`));
  }, 180_000);

  it('deleting a server with a volume attached detaches it (the volume is available, not deleted)', async () => {
    const vol = await newVolume('data4');
    json(await stack.openstack('server', 'create', '--image', 'cirros', '--flavor', 'm1.tiny', '--network', 'private', '--wait', 'vm-gone', '-f', 'json'));
    expect((await stack.openstack('server', 'add', 'volume', 'vm-gone', 'data4')).code).toBe(0);
    await statusBecomes(vol, 'in-use');
    expect((await stack.openstack('server', 'delete', '--wait', 'vm-gone')).code).toBe(0);
    await statusBecomes(vol, 'available');
  }, 180_000);
});
