// Nova's instance_build_timeout: a build stalled on its compute host is set to ERROR by a
// periodic task an hour later, under the periodic task's context, with the instance in the
// line. The trace joins that line however late it comes, names the stage the build stalled
// in as the failed one, and does not take a user's later request on the instance (a delete)
// for part of the build.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';
import { copyCutAfter } from '../helpers/sample-cut.js';

const SAMPLE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../samples/boot-success');
const REQ = 'req-1257f203-f021-4d6f-b6f2-7ed155460441';
const INSTANCE = '93922371-2c67-4c94-98e4-76d4945efb9a';
const USER_CTX = '9dc400a7cacf1891db12ec5f929d5eaa dd313fbef57732ab3fcb68356b9fd8c5 - - -';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-build-timeout-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The sample with cmp1's build stopped after "Creating image", then `later` lines on cmp1. */
const stalled = (name: string, later: string[]) => copyCutAfter(SAMPLE, path.join(tmp, name), 'cmp1/nova-compute.log', 'Creating image', later);

const line = (ts: string, level: string, ctx: string, msg: string) => `2026-11-23 ${ts} 2415 ${level} nova.compute.manager [${ctx}] [instance: ${INSTANCE}] ${msg}`;
const TIMEOUT = line('11:15:02.118', 'WARNING', 'req-aaaaaaaa-1111-4222-8333-444455556666 - - - - -', 'Instance build timed out. Set to error state.');
const PERIODIC = '2026-11-23 12:40:00.000 2415 DEBUG nova.compute.manager [req-aaaaaaaa-1111-4222-8333-444455556666 - - - - -] Running periodic task ComputeManager._poll_rebooting_instances run_periodic_tasks /usr/lib/python3/dist-packages/oslo_service/periodic_task.py:210';
const DELETE = [
  line('12:30:00.000', 'INFO', `req-bbbbbbbb-1111-4222-8333-444455556666 ${USER_CTX}`, 'Terminating instance'),
  line('12:30:01.000', 'INFO', `req-bbbbbbbb-1111-4222-8333-444455556666 ${USER_CTX}`, 'Took 1.00 seconds to deallocate network for instance.'),
];

describe('instance_build_timeout', () => {
  it('an hour later: ERROR build-timed-out, failed in the stage the build stopped in, the periodic line as root cause', async () => {
    const { trace } = await traceRequest([stalled('timeout', [TIMEOUT, PERIODIC])], REQ);
    expect(trace!.verdict).toMatchObject({ status: 'ERROR', signature: 'build-timed-out', failed_stage: 'compute.image' });
    expect(trace!.verdict.root_cause?.message).toBe('Instance build timed out. Set to error state.');
    const spans = Object.fromEntries(trace!.stages.map((s) => [s.stage, s.status]));
    expect(spans).toMatchObject({ 'compute.image': 'failed', 'compute.spawn': 'not_reached' });
  });

  it('without the timeout, a user\'s delete two hours later is not the build: STUCK after compute.image', async () => {
    const { trace } = await traceRequest([stalled('deleted', [...DELETE, PERIODIC])], REQ);
    expect(trace!.verdict.status).toBe('STUCK');
    expect(trace!.records.some((r) => r.message === 'Terminating instance')).toBe(false);
    // "Creating image(s)" ends the image stage in the stage model: the build waits in the next.
    expect(trace!.stages.find((s) => s.stage === 'compute.spawn')?.status).toBe('stalled');
    expect(trace!.verdict.summary).toMatch(/^stalled on cmp1 after its last line in compute\.image: no line about the build for \d+ min/);
  });
});
