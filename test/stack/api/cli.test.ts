// The unmodified Debian `openstack` and `nova` CLIs against the api process (in-process, on an
// ephemeral port), with a recording stand-in for the conductor and compute hosts. Each CLI run
// costs about 1.5 s, so independent commands run side by side.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startHarness, type ApiHarness } from './api-harness.js';

const HAVE_CLI = fs.existsSync('/usr/bin/openstack') && fs.existsSync('/usr/bin/nova');

let h: ApiHarness;
let home: string;
beforeAll(async () => {
  if (!HAVE_CLI) return;
  h = await startHarness();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-stack-cli-home-'));
});
afterAll(async () => {
  await h?.close();
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

interface Run { code: number; out: string; err: string }

/** Runs a CLI without blocking the event loop (the api answers from this process). */
function cli(bin: 'openstack' | 'nova', args: string[], password = ADMIN_PASSWORD): Promise<Run> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', no_proxy: '127.0.0.1', NO_PROXY: '127.0.0.1',
    OS_AUTH_URL: `${h.url}/v3`, OS_USERNAME: 'admin', OS_PASSWORD: password, OS_PROJECT_NAME: 'admin',
    OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default',
  };
  return new Promise((resolve) => {
    execFile(bin, args, { env, timeout: 30_000 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: String(out), err: String(err) });
    });
  });
}

const openstack = (...args: string[]) => cli('openstack', args);
const json = (r: Run) => {
  expect(r.code, r.err.slice(-2000)).toBe(0);
  return JSON.parse(r.out);
};

describe('the Debian CLIs', () => {
  it('are installed (apt-get install python3-openstackclient python3-novaclient; .ci/run does it)', () => {
    expect(HAVE_CLI).toBe(true);
  });

  it('read the catalog, flavors, images, networks, services and hypervisors, and report auth and lookup errors', async () => {
    const [token, catalog, flavors, images, networks, services, hypervisors, wrong, unknown] = await Promise.all([
      openstack('token', 'issue', '-f', 'json'), openstack('catalog', 'list', '-f', 'json'), openstack('flavor', 'list', '-f', 'json'),
      openstack('image', 'list', '-f', 'json'), openstack('network', 'list', '-f', 'json'), openstack('compute', 'service', 'list', '-f', 'json'),
      openstack('hypervisor', 'list', '-f', 'json'), cli('openstack', ['server', 'list'], 'wrong-password'), openstack('server', 'show', 'nope'),
    ]);
    expect(json(token).project_id).toMatch(/^[0-9a-f]{32}$/);
    expect(json(catalog).map((s: { Type: string }) => s.Type).sort()).toEqual(['compute', 'identity', 'image', 'network', 'placement', 'volumev3']);
    expect(json(flavors).map((f: { Name: string }) => f.Name)).toEqual(['m1.tiny', 'm1.small', 'm1.medium']);
    expect(json(images)).toEqual([{ ID: 'c1d2e3f4-0000-4000-8000-000000000001', Name: 'cirros', Status: 'active' }]);
    expect(json(networks).map((n: { Name: string }) => n.Name)).toEqual(['private']);
    expect(json(services).map((s: { Binary: string; Host: string; State: string }) => `${s.Binary}@${s.Host}:${s.State}`))
      .toEqual(['nova-scheduler@ctl1:up', 'nova-conductor@ctl1:up', 'nova-compute@cmp1:up', 'nova-compute@cmp2:up']);
    expect(json(hypervisors).map((x: { 'Hypervisor Hostname': string }) => x['Hypervisor Hostname'])).toEqual(['cmp1', 'cmp2']);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/The request you have made requires authentication\. \(HTTP 401\) \(Request-ID: req-[0-9a-f-]{36}\)/);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("No server with a name or ID of 'nope' exists.");
  }, 60_000);

  it('create a server whose create action and conductor cast carry the POST request id, then list and show it with its create action', async () => {
    const create = await openstack('--debug', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'vm1', '-f', 'json');
    const server = json(create);
    expect(server).toMatchObject({ name: 'vm1', status: 'BUILD', flavor: 'm1.tiny (1)' });
    const reqId = /POST call to compute for \S+\/servers used request id (req-[0-9a-f-]{36})/.exec(create.err)?.[1];
    expect(reqId).toBeDefined();
    const cast = h.recorded.find((r) => r.method === 'schedule_and_build_instances');
    expect(cast?.ctx.requestId).toBe(reqId);
    expect((cast?.args.request_spec as { instance_uuid: string }).instance_uuid).toBe(server.id);

    const [list, show, events, novaList] = await Promise.all([
      openstack('server', 'list', '-f', 'json'), openstack('server', 'show', 'vm1', '-f', 'json'),
      openstack('server', 'event', 'list', 'vm1', '-f', 'json'), cli('nova', ['list']),
    ]);
    expect(json(list)).toEqual([expect.objectContaining({ ID: server.id, Name: 'vm1', Status: 'BUILD', Image: 'cirros', Flavor: 'm1.tiny' })]);
    expect(json(show)).toMatchObject({ id: server.id, status: 'BUILD', 'OS-EXT-STS:task_state': 'scheduling' });
    expect(json(events)).toEqual([expect.objectContaining({ 'Request ID': reqId, Action: 'create', 'Server ID': server.id })]);
    expect(novaList.code, novaList.err).toBe(0);
    expect(novaList.out).toMatch(new RegExp(`${server.id} \\| vm1 +\\| BUILD +\\| scheduling`));
  }, 60_000);
});
