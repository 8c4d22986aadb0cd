// The whole product on its own stack: boot a server with the unmodified Debian `openstack`
// CLI, check the API's request id reaches every service's log, and trace it with nova-trace.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => { stack = await stackUp(2); }, 240_000);
afterAll(() => stack?.down(), 90_000);

function requestIdOf(debugErr: string, method: string, pathEnd: string): string {
  const m = new RegExp(`${method} call to compute for \\S*${pathEnd} used request id (req-[0-9a-f-]{36})`).exec(debugErr);
  if (!m) throw new Error(`no request id for ${method} ${pathEnd} in:\n${debugErr.slice(-2000)}`);
  return m[1];
}

describe('a stack driven by the real openstack CLI', () => {
  it('answers the read-only commands', async () => {
    for (const args of [['token', 'issue'], ['catalog', 'list'], ['image', 'list'], ['network', 'list'], ['flavor', 'list'], ['compute', 'service', 'list'], ['hypervisor', 'list']]) {
      const r = await stack.openstack(...args, '-f', 'json');
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
    }
    const services = JSON.parse((await stack.openstack('compute', 'service', 'list', '-f', 'json')).out) as { Binary: string; Host: string; State: string }[];
    expect(services.filter((s) => s.Binary === 'nova-compute').map((s) => `${s.Host}:${s.State}`).sort()).toEqual(['cmp1:up', 'cmp2:up']);
  });

  it('boots a server to ACTIVE, logs its request id in every service, and nova-trace rebuilds the boot', async () => {
    const create = await stack.openstack('--debug', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'vm1', '--wait', '-f', 'json');
    expect(create.code, create.err.slice(-3000)).toBe(0);
    const server = JSON.parse(create.out) as { id: string; status: string; 'OS-EXT-SRV-ATTR:host': string };
    expect(server.status).toBe('ACTIVE');
    const reqId = requestIdOf(create.err, 'POST', '/servers');

    const events = JSON.parse((await stack.openstack('server', 'event', 'list', 'vm1', '-f', 'json')).out) as { 'Request ID': string; Action: string }[];
    expect(events).toContainEqual(expect.objectContaining({ 'Request ID': reqId, Action: 'create' }));

    const host = server['OS-EXT-SRV-ATTR:host'];
    for (const file of ['nova-api.log', 'nova-conductor.log', 'nova-scheduler.log', `nova-compute-${host}.log`]) {
      expect(fs.readFileSync(path.join(stack.logDir, file), 'utf8'), file).toContain(reqId);
    }

    const t = await stack.trace(reqId, '--log-dir', stack.logDir, '--json');
    expect(t.code, t.err).toBe(0);
    const trace = JSON.parse(t.out);
    expect(trace.operation).toBe('boot');
    expect(trace.verdict.status).toBe('ACTIVE');
    expect(trace.hosts).toEqual([host]);
    expect(trace.instances).toEqual([server.id]);
    const status = Object.fromEntries(trace.stages.map((s: { stage: string; status: string }) => [s.stage, s.status]));
    expect(status).toEqual({
      'api.accepted': 'ok', 'conductor.build_request': 'ok', 'scheduler.select_destinations': 'ok', 'placement.claim': 'ok',
      'conductor.cast_to_compute': 'ok', 'compute.claim': 'ok', 'compute.network': 'ok', 'compute.image': 'ok',
      'compute.spawn': 'ok', 'instance.active': 'ok',
    });

    const shown = JSON.parse((await stack.openstack('server', 'event', 'show', 'vm1', reqId, '-f', 'json')).out) as { request_id: string; events: { event: string; result: string }[] };
    expect(shown.request_id).toBe(reqId);
    expect(shown.events).toContainEqual(expect.objectContaining({ event: 'compute_build_and_run_instance', result: 'Success' }));
    const consoleLog = await stack.openstack('console', 'log', 'show', 'vm1');
    expect(consoleLog.code, consoleLog.err).toBe(0);
    expect(consoleLog.out).toContain('login:');
    const novaList = await stack.nova('list');
    expect(novaList.code, novaList.err).toBe(0);
    expect(novaList.out).toMatch(/vm1\s+\|\s+ACTIVE/);
    expect((await stack.nova('show', 'vm1')).out).toContain(server.id);
    expect((await stack.nova('service-list')).out).toMatch(/nova-compute\s+\|\s+cmp1/);

    const del = await stack.openstack('server', 'delete', 'vm1', '--wait');
    expect(del.code, del.err).toBe(0);
    expect((await stack.openstack('server', 'show', 'vm1')).err).toContain("No server with a name or ID of 'vm1' exists.");
  });
});

describe('a crashed service', () => {
  it('is restarted by the supervisor and loses no instance', async () => {
    const create = await stack.openstack('server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'vm2', '--wait', '-f', 'json');
    expect(create.code, create.err.slice(-2000)).toBe(0);
    const server = JSON.parse(create.out) as { id: string; 'OS-EXT-SRV-ATTR:host': string };
    const host = server['OS-EXT-SRV-ATTR:host'];
    const state = () => JSON.parse(fs.readFileSync(path.join(stack.stateDir, 'run', 'state.json'), 'utf8')) as { processes: { id: string; pid: number | null; ready: boolean; restarts: number }[] };
    const before = state().processes.find((p) => p.id === `compute-${host}`)!;
    process.kill(before.pid!, 'SIGKILL');
    await expect.poll(() => {
      const now = state().processes.find((p) => p.id === `compute-${host}`)!;
      return now.ready && now.restarts === before.restarts + 1;
    }, { timeout: 30_000, interval: 200 }).toBe(true);

    const shown = JSON.parse((await stack.openstack('server', 'show', 'vm2', '-f', 'json')).out) as { status: string };
    expect(shown.status).toBe('ACTIVE');
    const consoleLog = await stack.openstack('console', 'log', 'show', 'vm2');
    expect(consoleLog.code, consoleLog.err).toBe(0);
    expect(consoleLog.out).toContain('login:');
    const del = await stack.openstack('server', 'delete', 'vm2', '--wait');
    expect(del.code, del.err).toBe(0);
  });
});
