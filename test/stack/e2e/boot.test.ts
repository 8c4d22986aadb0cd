// The whole product on its own stack: boot a server with the unmodified Debian `openstack`
// CLI, check the API's request id reaches every service's log, and trace it with nova-trace.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(() => { stack = stackUp(2); }, 150_000);
afterAll(() => stack?.down(), 90_000);

function requestIdOf(debugErr: string, method: string, pathEnd: string): string {
  const m = new RegExp(`${method} call to compute for \\S*${pathEnd} used request id (req-[0-9a-f-]{36})`).exec(debugErr);
  if (!m) throw new Error(`no request id for ${method} ${pathEnd} in:\n${debugErr.slice(-2000)}`);
  return m[1];
}

describe('a stack driven by the real openstack CLI', () => {
  it('answers the read-only commands', () => {
    for (const args of [['token', 'issue'], ['catalog', 'list'], ['image', 'list'], ['network', 'list'], ['flavor', 'list'], ['compute', 'service', 'list'], ['hypervisor', 'list']]) {
      const r = stack.openstack(...args, '-f', 'json');
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
    }
    const services = JSON.parse(stack.openstack('compute', 'service', 'list', '-f', 'json').out) as { Binary: string; Host: string; State: string }[];
    expect(services.filter((s) => s.Binary === 'nova-compute').map((s) => `${s.Host}:${s.State}`).sort()).toEqual(['cmp1:up', 'cmp2:up']);
  });

  it('boots a server to ACTIVE, logs its request id in every service, and nova-trace rebuilds the boot', () => {
    const create = stack.openstack('--debug', 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'vm1', '--wait', '-f', 'json');
    expect(create.code, create.err.slice(-3000)).toBe(0);
    const server = JSON.parse(create.out) as { id: string; status: string; 'OS-EXT-SRV-ATTR:host': string };
    expect(server.status).toBe('ACTIVE');
    const reqId = requestIdOf(create.err, 'POST', '/servers');

    const events = JSON.parse(stack.openstack('server', 'event', 'list', 'vm1', '-f', 'json').out) as { 'Request ID': string; Action: string }[];
    expect(events).toContainEqual(expect.objectContaining({ 'Request ID': reqId, Action: 'create' }));

    const host = server['OS-EXT-SRV-ATTR:host'];
    for (const file of ['nova-api.log', 'nova-conductor.log', 'nova-scheduler.log', `nova-compute-${host}.log`]) {
      expect(fs.readFileSync(path.join(stack.logDir, file), 'utf8'), file).toContain(reqId);
    }

    const t = stack.trace(reqId, '--log-dir', stack.logDir, '--json');
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

    const del = stack.openstack('server', 'delete', 'vm1', '--wait');
    expect(del.code, del.err).toBe(0);
    expect(stack.openstack('server', 'show', 'vm1').err).toContain("No server with a name or ID of 'vm1' exists.");
  });
});
