// volume-boot-failure end to end (issue 14 §2): cinder-lite's backend fails the new volume
// (`error`) or never finishes it (`creating`); a boot from volume with the real `openstack` CLI
// ends in ERROR with Nova's "Instance failed block device setup" and "Volume … did not finish
// being created even after we waited …", and nova-trace names volume-boot-failure, the failing
// stage and the host from the logs alone.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, waitForServer, type Cloud } from '../../../core/cli/demo-cloud-client.js';
import { stackUp, type Stack } from './stack-harness.js';
import { withFault } from './fault-harness.js';

let stack: Stack;
let cloud: Cloud;
beforeAll(async () => {
  // Short waits for a volume ([DEFAULT] block_device_allocate_retries=3, _interval=0.5 s) so the 'creating' case ends soon.
  stack = await stackUp(2, ['--delays', 'zero'], { blockDeviceAllocate: { retries: 3, intervalMs: 500 } });
  cloud = await login(stack.env.OS_AUTH_URL, stack.env.OS_PASSWORD);
}, 240_000);
afterAll(() => stack?.down(), 90_000);

interface TraceJson { verdict: { status: string; failed_stage: string | null; cause: { id: string } | null; signature: string | null; host?: string | null } }

async function bootFromVolume(name: string): Promise<{ id: string; status: string; requestId: string; trace: TraceJson; text: string }> {
  const create = await stack.openstack('server', 'create', '--boot-from-volume', '1', '--image', 'cirros', '--flavor', 'm1.tiny', '--network', 'private', name, '-f', 'json');
  expect(create.code, create.err).toBe(0);
  const id = (JSON.parse(create.out) as { id: string }).id;
  await new Promise((r) => setTimeout(r, 50));
  const status = await waitForServer(cloud, id, 60_000);
  const events = JSON.parse((await stack.openstack('server', 'event', 'list', id, '-f', 'json')).out) as { 'Request ID': string; Action: string }[];
  const requestId = events.find((e) => e.Action === 'create')!['Request ID'];
  await new Promise((r) => setTimeout(r, 300));
  const t = await stack.trace(requestId, '--log-dir', stack.logDir, '--json');
  const text = (await stack.trace(requestId, '--log-dir', stack.logDir, '--no-color')).out;
  expect(t.code, t.err).toBe(1);
  if (process.env.NOVA_FAULT_TEXT) fs.appendFileSync(process.env.NOVA_FAULT_TEXT, `=== ${name}\n${text}\n`);
  return { id, status, requestId, trace: JSON.parse(t.out) as TraceJson, text };
}

describe('volume-boot-failure, recognised by nova-trace from the logs alone', () => {
  it.each([
    ['error', 'error', /did not finish being created even after we waited [0-9]+ seconds or 1 attempts\. And its status is error\./],
    ['creating', 'creating', /did not finish being created even after we waited [0-9]+ seconds or 4 attempts\. And its status is creating\./],
  ])('mode %s: the volume is %s → Instance failed block device setup, build aborted → volume-boot-failure', async (mode, status, evidence) => {
    await withFault(stack, ['volume-boot-failure', '--mode', mode], async () => {
      const b = await bootFromVolume(`vm-vol-${mode}`);
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', cause: { id: 'volume-boot-failure' }, signature: 'build-aborted' });
      // The root disk's stage: for a volume-backed instance its volume takes the place of the image.
      expect(b.trace.verdict.failed_stage).toBe('compute.image');
      const host = /volume-boot-failure on (cmp\d)/.exec(b.text)?.[1];
      expect(host).toMatch(/^cmp[12]$/);
      expect(b.text).toMatch(evidence);
      const computeLog = fs.readFileSync(path.join(stack.logDir, `nova-compute-${host}.log`), 'utf8');
      expect(computeLog).toMatch(new RegExp(`ERROR nova.compute.manager \\[.*\\] \\[instance: ${b.id}\\] Instance failed block device setup\n`));
      if (mode === 'error') expect(computeLog).toMatch(/WARNING nova.compute.manager \[.*\] Volume id: [0-9a-f-]{36} finished being created but its status is error\.\n/);
      const vols = JSON.parse((await stack.openstack('volume', 'list', '-f', 'json')).out) as { ID: string; Status: string }[];
      expect(vols.map((v) => v.Status)).toContain(status);
      const server = JSON.parse((await stack.openstack('server', 'show', b.id, '-f', 'json')).out) as { fault: { message: string } };
      expect(server.fault.message).toMatch(new RegExp(`^Build of instance ${b.id} aborted: Volume [0-9a-f-]{36} did not finish being created`));
    });
  }, 90_000);
});
