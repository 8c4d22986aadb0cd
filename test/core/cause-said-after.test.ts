// A compute error whose exception no cause names (one of Nova's own) takes its cause from the
// lines Nova logs while handling it on the same host and attempt: the abort that says
// 'Failed to allocate the network(s)'. Without such a line the verdict names no cause.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';

const REQ = 'req-a62f0d94-3c7e-4b18-9e5a-d1b7c4f8e203';
const INST = 'c47e19b2-8d5a-4f36-b0e2-5a9d3c7f1e84';
const CTX = `[None ${REQ} 7a1c3e5f9b2d4f68a0c2e4f6b8d0a2c4 3d5f7b9c1e2a4c86b0d2f4a6c8e0b2d4 - default default]`;
const EXC = 'nova.exception.NetworkNotFound: Network e9b3f5a1-2c7d-4e60-8f14-6a0d2b8c4e97 could not be found.';
const ABORT = `Build of instance ${INST} aborted: Failed to allocate the network(s), not rescheduling.`;
const line = (t: string, level: string, logger: string, msg: string) => `2024-02-20 15:03:${t} 1893 ${level} ${logger} ${CTX} ${msg}`;
const api = line('30.748', 'INFO', 'nova.api.openstack.requestlog', '10.0.0.11 "POST /v2.1/servers" status: 202 len: 398 microversion: 2.95 time: 1.284613');
const head = [
  line('31.264', 'INFO', 'nova.compute.claims', `[instance: ${INST}] Claim successful on node cmp2`),
  line('31.871', 'INFO', 'nova.virt.libvirt.driver', `[instance: ${INST}] Creating image`),
  line('31.902', 'ERROR', 'nova.compute.manager', `Instance failed network setup after 1 attempt(s): ${EXC}`),
  `2024-02-20 15:03:31.902 1893 ERROR nova.compute.manager Traceback (most recent call last):`,
  `2024-02-20 15:03:31.902 1893 ERROR nova.compute.manager ${EXC}`,
];

let withAbort: string; let without: string;
function set(lines: string[]): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'nt-said-'));
  fs.mkdirSync(path.join(d, 'ctl1')); fs.mkdirSync(path.join(d, 'cmp2'));
  fs.writeFileSync(path.join(d, 'ctl1', 'nova-api.log'), api + '\n');
  fs.writeFileSync(path.join(d, 'cmp2', 'nova-compute.log'), lines.join('\n') + '\n');
  return d;
}
beforeAll(() => {
  withAbort = set([...head,
    line('32.739', 'ERROR', 'nova.compute.manager', `[instance: ${INST}] Failed to allocate network(s): ${EXC}`),
    line('32.781', 'ERROR', 'nova.compute.manager', `[instance: ${INST}] ${ABORT}: nova.exception.BuildAbortException: ${ABORT}`)]);
  without = set([...head,
    line('32.781', 'ERROR', 'nova.compute.manager', `[instance: ${INST}] Build of instance ${INST} aborted: Network gone: nova.exception.BuildAbortException: Build of instance ${INST} aborted: Network gone`)]);
});
afterAll(() => { for (const d of [withAbort, without]) fs.rmSync(d, { recursive: true, force: true }); });

describe('a cause said by the lines after an unnamed error', () => {
  it('names network-allocation-failed and keeps the first error as the root cause', async () => {
    const t = (await traceRequest([withAbort], REQ)).trace!;
    expect(t.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.network', cause: { id: 'network-allocation-failed' }, root_cause: { line: 3 } });
  });
  it('names no cause when no later line says one', async () => {
    const t = (await traceRequest([without], REQ)).trace!;
    expect(t.verdict.status).toBe('ERROR');
    expect(t.verdict.cause ?? null).toBeNull();
  });
});
