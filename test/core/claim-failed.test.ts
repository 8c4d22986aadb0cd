// A NoValidHost no filter explains: placement offered hosts, the scheduler's claim got 409
// "would exceed the capacity" for each, so the scheduler's own warning is the root cause.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';

const REQ = 'req-5f1e0c3a-9d3e-4a8b-8c55-1f0e2d3c4b5a';
const INST = '3f8e2a1c-9b7d-4e6f-a5c4-d3b2a1908f7e';
const CTX = `[${REQ} 9f2c7d1e8a4b4c3d9e0f1a2b3c4d5e6f 4b1e9d2c7a8f4e3b9c0d1e2f3a4b5c6d - default default]`;
const line = (t: string, level: string, logger: string, msg: string) => `2025-03-12 10:15:${t} 2931 ${level} ${logger} ${CTX} ${msg}`;
const conflict = (rp: string) => `Unable to submit allocation for instance ${INST} (409 {"errors": [{"status": 409, "title": "Conflict", "detail": "There was a conflict when trying to complete your request.\\n\\n Unable to allocate inventory: Unable to create allocation for 'MEMORY_MB' on resource provider '${rp}'. The requested amount would exceed the capacity.  ", "code": "placement.undefined_code", "request_id": "req-0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"}]})`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nt-claim-'));
  fs.writeFileSync(path.join(dir, 'nova-api.log'), [
    line('00.900', 'INFO', 'nova.api.openstack.requestlog', '127.0.0.1 "POST /v2.1/servers" status: 202 len: 411 microversion: 2.1 time: 0.210000'),
  ].join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'nova-scheduler.log'), [
    line('01.010', 'DEBUG', 'nova.scheduler.manager', 'Starting to schedule for instances: [\'' + INST + '\']'),
    line('01.100', 'WARNING', 'nova.scheduler.client.report', conflict('7d3e1f2a-4b5c-4d6e-8f7a-9b0c1d2e3f4a')),
    line('01.120', 'WARNING', 'nova.scheduler.client.report', conflict('8e4f2a3b-5c6d-4e7f-9a8b-0c1d2e3f4a5b')),
    line('01.121', 'DEBUG', 'nova.scheduler.manager', 'Unable to successfully claim against any host.'),
  ].join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'nova-conductor.log'), [
    line('01.200', 'WARNING', 'nova.scheduler.utils', 'Failed to compute_task_build_instances: No valid host was found. There are not enough hosts available.'),
    line('01.201', 'WARNING', 'nova.scheduler.utils', `[instance: ${INST}] Setting instance to ERROR state.`),
  ].join('\n') + '\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('NoValidHost after failed claims', () => {
  it('names claim-failed, with the scheduler\'s 409 warning as the root cause', async () => {
    const t = (await traceRequest([dir], REQ)).trace!;
    expect(t.verdict).toMatchObject({ status: 'ERROR', signature: 'no-valid-host', failed_stage: 'scheduler.select_destinations', cause: { id: 'claim-failed' } });
    expect(JSON.stringify(t.verdict)).toContain('would exceed the capacity');
  });
});
