// The stack at INFO (`nova-stack up --no-debug`), as most clouds log: no 'Starting instance...'
// (DEBUG since Mitaka), no scheduler filter lines, no 'Instance disappeared during build.'. Boots
// made with the real CLI are traced on the whole log directory and on the compute hosts' logs
// alone (what an operator has who was handed one host's files): the same verdicts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type Cloud } from '../../../core/cli/demo-cloud-client.js';
import { bootAndTrace, type TraceJson } from './fault-boot.js';
import { withFault } from './fault-harness.js';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
let cloud: Cloud;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-info-'));
beforeAll(async () => {
  stack = await stackUp(2, ['--delays', 'zero', '--no-debug', '--vif-timeout', '2']);
  cloud = await login(stack.env.OS_AUTH_URL, stack.env.OS_PASSWORD);
}, 240_000);
afterAll(async () => {
  await stack?.down();
  fs.rmSync(tmp, { recursive: true, force: true });
}, 90_000);

/** The trace of `requestId` on a copy of the compute hosts' logs only. */
async function traceComputeOnly(name: string, requestId: string): Promise<{ code: number | null; trace: TraceJson & { operation: string } }> {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(stack.logDir).filter((x) => x.startsWith('nova-compute'))) fs.copyFileSync(path.join(stack.logDir, f), path.join(dir, f));
  const r = await stack.trace(requestId, '--log-dir', dir, '--json');
  return { code: r.code, trace: JSON.parse(r.out) };
}

describe('traces on INFO logs', () => {
  it('the logs hold no DEBUG line', () => {
    const compute = fs.readdirSync(stack.logDir).filter((f) => f.startsWith('nova-compute'));
    expect(compute.length).toBe(2);
    for (const f of compute) expect(fs.readFileSync(path.join(stack.logDir, f), 'utf8')).not.toMatch(/^\S+ \S+ \d+ DEBUG /m);
  });

  it('an ACTIVE boot: ACTIVE on its host, from every log and from the compute logs alone', async () => {
    const b = await bootAndTrace(stack, cloud, 'info-ok', { exitCode: 0 });
    expect(b.status).toBe('ACTIVE');
    expect(b.trace.verdict.status).toBe('ACTIVE');
    const only = await traceComputeOnly('ok', b.requestId);
    expect(only.code).toBe(0);
    expect(only.trace.operation).toBe('boot');
    expect(only.trace.verdict.status).toBe('ACTIVE');
    expect(only.trace.hosts).toEqual(b.trace.hosts);
  }, 90_000);

  it('a vif-plug timeout: the same cause and stage, from every log and from the compute logs alone (not a delete)', async () => {
    await withFault(stack, ['vif-plug-timeout'], async () => {
      const b = await bootAndTrace(stack, cloud, 'info-vif');
      expect(b.status).toBe('ERROR');
      expect(b.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.network', cause: { id: 'vif-plug-timeout' } });
      const only = await traceComputeOnly('vif', b.requestId);
      expect(only.code).toBe(1);
      expect(only.trace.operation).toBe('boot');
      expect(only.trace.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.network', cause: { id: 'vif-plug-timeout' } });
    });
  }, 90_000);
});
