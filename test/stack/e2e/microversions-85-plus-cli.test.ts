// Microversions from 2.85 with the real CLIs on a two-host stack: `openstack server volume update
// --delete-on-termination` (2.85); `openstack flavor set --property` refused for a bad value or an
// unknown spec of Nova's namespaces (2.86); `openstack server rescue` of a server booted from a
// volume (refused below 2.87 and, from 2.87, without a stable-rescue image); `openstack hypervisor
// list/show` without the resource figures but with the host's uptime, and no statistics (2.88);
// `openstack server volume list` with the attachment and mapping ids (2.89); `openstack server
// create --hostname` and `server set --hostname` (2.90); `openstack keypair create` importing only
// (2.92).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { volumeStatusBecomes, waitStatus } from './actions-harness.js';
import { stackUp, type CommandResult, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => { stack = await stackUp(2, ['--delays', 'zero']); }, 270_000);
afterAll(() => stack?.down(), 90_000);

const osc = async (v: string, ...args: string[]) => await stack.openstack('--os-compute-api-version', v, ...args);

function json<T>(r: CommandResult): T {
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as T;
}

const statusBecomes = (id: string, want: string) => volumeStatusBecomes(stack, id, want);

describe('openstack server volume update (2.85) and volume list (2.89)', () => {
  it('--delete-on-termination flips the mapping\'s flag, the volume then goes with its server; 2.84 is refused by the CLI', async () => {
    const id = json<{ id: string }>(await osc('2.85', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--nic', 'none', 'dot-85', '-f', 'json')).id;
    await waitStatus(stack, id, 'ACTIVE', 90_000);
    const vol = json<{ id: string }>(await stack.openstack('volume', 'create', '--size', '1', 'dot-85-vol', '-f', 'json')).id;
    await statusBecomes(vol, 'available');
    expect((await osc('2.85', 'server', 'add', 'volume', 'dot-85', 'dot-85-vol')).code).toBe(0);
    await statusBecomes(vol, 'in-use');
    expect((await osc('2.84', 'server', 'volume', 'update', '--delete-on-termination', 'dot-85', vol)).code).not.toBe(0);
    const r = await osc('2.85', 'server', 'volume', 'update', '--delete-on-termination', 'dot-85', vol);
    expect(r.code, r.err).toBe(0);
    const listed = json<Record<string, unknown>[]>(await osc('2.89', 'server', 'volume', 'list', 'dot-85', '-f', 'json'));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ 'Volume ID': vol, 'Delete On Termination?': true });
    expect(listed[0]['Attachment ID']).toMatch(/^[0-9a-f-]{36}$/);
    expect(listed[0]['BlockDeviceMapping UUID']).toMatch(/^[0-9a-f-]{36}$/);
    expect(listed[0]).not.toHaveProperty('ID');
    expect((await stack.openstack('server', 'delete', '--wait', id)).code).toBe(0);
    await statusBecomes(vol, 'gone');
  }, 240_000);
});

describe('openstack flavor set --property (2.86)', () => {
  it('refuses a bad value and an unknown spec of Nova\'s namespaces in Nova\'s words, keeps others; 2.85 takes anything', async () => {
    expect((await stack.openstack('flavor', 'create', '--ram', '256', '--disk', '1', '--vcpus', '1', 'es-86')).code).toBe(0);
    const bad = await osc('2.86', 'flavor', 'set', '--property', 'hw:cpu_policy=fast', 'es-86');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain("Validation failed; 'fast' is not one of: dedicated, shared, mixed.");
    const unknown = await osc('2.86', 'flavor', 'set', '--property', 'hw:cpu_polcy=shared', 'es-86');
    expect(unknown.err).toContain("Validation failed; extra spec 'hw:cpu_polcy' does not appear to be a valid extra spec.");
    expect((await osc('2.86', 'flavor', 'set', '--property', 'hw:cpu_policy=shared', '--property', 'foo:bar=baz', 'es-86')).code).toBe(0);
    expect((await osc('2.85', 'flavor', 'set', '--property', 'hw:numa_nodes=none', 'es-86')).code).toBe(0);
    const props = json<{ properties: Record<string, string> }>(await osc('2.86', 'flavor', 'show', 'es-86', '-f', 'json')).properties;
    expect(props).toEqual({ 'hw:cpu_policy': 'shared', 'foo:bar': 'baz', 'hw:numa_nodes': 'none' });
  }, 120_000);
});

describe('openstack server rescue of a volume-backed server (2.87)', () => {
  it('is refused below 2.87 and, without a stable-rescue image, from 2.87; the server stays ACTIVE', async () => {
    const s = json<{ id: string }>(await stack.openstack('server', 'create', '--boot-from-volume', '1', '--image', 'cirros', '--flavor', 'm1.tiny', '--network', 'private', '--wait', 'bfv-87', '-f', 'json'));
    const old = await osc('2.86', 'server', 'rescue', 'bfv-87');
    expect(old.code).not.toBe(0);
    expect(old.err).toContain(`Instance ${s.id} cannot be rescued: Cannot rescue a volume-backed instance`);
    const now = await osc('2.87', 'server', 'rescue', 'bfv-87');
    expect(now.err).toContain(`Instance ${s.id} cannot be rescued: Cannot rescue a volume-backed instance`);
    expect(json<{ status: string }>(await stack.openstack('server', 'show', 'bfv-87', '-f', 'json')).status).toBe('ACTIVE');
  }, 240_000);
});

describe('openstack hypervisor list/show (2.88)', () => {
  it('show has the host\'s uptime and none of the resource figures; stats show is refused from 2.88', async () => {
    const list = json<{ ID: string; 'Hypervisor Hostname': string }[]>(await osc('2.88', 'hypervisor', 'list', '-f', 'json'));
    expect(list.map((x) => x['Hypervisor Hostname']).sort()).toEqual(['cmp1', 'cmp2']);
    const shown = json<Record<string, unknown>>(await osc('2.88', 'hypervisor', 'show', list[0].ID, '-f', 'json'));
    // The CLI splits the host's `uptime` line (read from show from 2.88) into its parts.
    expect(shown).toHaveProperty('host_time');
    expect(String(shown.load_average)).toMatch(/^\d+\.\d+, \d+\.\d+, \d+\.\d+/);
    for (const key of ['vcpus', 'memory_mb', 'local_gb', 'running_vms', 'free_ram_mb', 'cpu_info']) expect(shown).not.toHaveProperty(key);
    const before = json<Record<string, unknown>>(await osc('2.87', 'hypervisor', 'show', list[0].ID, '-f', 'json'));
    expect(before).toHaveProperty('vcpus');
    expect(String(before.load_average)).toMatch(/^\d+\.\d+, \d+\.\d+, \d+\.\d+/);
    expect((await osc('2.88', 'hypervisor', 'stats', 'show')).code).not.toBe(0);
    expect((await osc('2.87', 'hypervisor', 'stats', 'show')).code).toBe(0);
  }, 120_000);
});

describe('openstack server create --hostname (2.90)', () => {
  it('the server has the hostname asked for; server set --hostname changes it; a bad one and one for several servers are refused', async () => {
    const id = json<{ id: string }>(await osc('2.90', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--nic', 'none', '--hostname', 'web-01', 'My Web', '-f', 'json')).id;
    await waitStatus(stack, id, 'ACTIVE', 90_000);
    const shown = json<Record<string, unknown>>(await osc('2.90', 'server', 'show', id, '-f', 'json'));
    expect(shown['OS-EXT-SRV-ATTR:hostname']).toBe('web-01');
    expect((await osc('2.90', 'server', 'set', '--hostname', 'web-02', id)).code).toBe(0);
    expect(json<Record<string, unknown>>(await osc('2.90', 'server', 'show', id, '-f', 'json'))['OS-EXT-SRV-ATTR:hostname']).toBe('web-02');
    const bad = await osc('2.90', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--nic', 'none', '--hostname', 'web_01', 'bad-hn');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain("Invalid input for field/attribute hostname. Value: web_01.");
    const many = await osc('2.90', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--nic', 'none', '--hostname', 'web', '--max', '2', 'many-hn');
    expect(many.err).toContain('Unable to allocate a single hostname to multiple instances');
  }, 240_000);
});

describe('openstack keypair create (2.92)', () => {
  it('without --public-key the API refuses to generate one; an import of a key with @ in its name is taken', async () => {
    const gen = await osc('2.92', 'keypair', 'create', 'gen-92');
    expect(gen.code).not.toBe(0);
    expect(gen.err).toContain("'public_key' is a required property");
    const made = json<{ public_key: string }>(await osc('2.91', 'keypair', 'create', '--private-key', path.join(stack.stateDir, 'gen-91.pem'), 'gen-91', '-f', 'json'));
    const file = path.join(stack.stateDir, 'gen-91.pub');
    fs.writeFileSync(file, `${(await stack.openstack('keypair', 'show', '--public-key', 'gen-91')).out.trim()}\n`);
    const imported = json<Record<string, unknown>>(await osc('2.92', 'keypair', 'create', '--public-key', file, 'me@home.92', '-f', 'json'));
    expect(imported).toMatchObject({ name: 'me@home.92', type: 'ssh' });
    expect(made).toBeDefined();
    expect((await osc('2.91', 'keypair', 'create', '--public-key', file, 'me@home.91')).code).not.toBe(0);
  }, 120_000);
});
