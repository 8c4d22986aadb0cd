// A server deleted while it builds: the user's DELETE (the API's access line naming the
// server) came before the build ended, the compute host stopped the build ('Instance
// disappeared during build.', DEBUG) or the conductor found the build request gone. That boot
// did not fail and is not stuck: DELETED, with the delete named. A build that had stalled long
// before the delete stays STUCK (test/core/build-timeout.test.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';
import { copyCutAfter } from '../helpers/sample-cut.js';

const SAMPLE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../samples/boot-success');
const REQ = 'req-1257f203-f021-4d6f-b6f2-7ed155460441';
const INSTANCE = '93922371-2c67-4c94-98e4-76d4945efb9a';
const PROJECT = 'dd313fbef57732ab3fcb68356b9fd8c5';
const USER_CTX = `9dc400a7cacf1891db12ec5f929d5eaa ${PROJECT} - - -`;
const DEL = 'req-bbbbbbbb-1111-4222-8333-444455556666';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-deleted-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const compute = (ts: string, level: string, ctx: string, msg: string) => `2026-11-23 ${ts} 2415 ${level} nova.compute.manager [${ctx}] [instance: ${INSTANCE}] ${msg}`;
const DELETE_ACCESS = `2026-11-23 10:15:04.402 2101 INFO nova.osapi_compute.wsgi.server [${DEL} ${USER_CTX}] 10.0.0.5 "DELETE /v2/${PROJECT}/servers/${INSTANCE} HTTP/1.1" status: 204 len: 0 time: 0.1210390`;
const TERMINATE = [
  compute('10:15:04.330', 'INFO', `${DEL} ${USER_CTX}`, 'Terminating instance'),
  compute('10:15:04.871', 'INFO', `${DEL} ${USER_CTX}`, 'Took 0.52 seconds to destroy the instance on the hypervisor.'),
];
const DISAPPEARED = compute('10:15:04.905', 'DEBUG', `${REQ} ${USER_CTX}`, 'Instance disappeared during build. _do_build_and_run_instance /usr/lib/python3/dist-packages/nova/compute/manager.py:2559');
const LATER = '2026-11-23 10:45:00.000 2415 DEBUG nova.compute.manager [req-aaaaaaaa-1111-4222-8333-444455556666 - - - - -] Running periodic task ComputeManager._poll_rebooting_instances run_periodic_tasks /usr/lib/python3/dist-packages/oslo_service/periodic_task.py:210';

/** The sample with cmp1's build cut after "Creating image", `later` lines on cmp1, and the API's `api` lines added. */
function deleted(name: string, later: string[], api: string[] | null): string {
  const dir = copyCutAfter(SAMPLE, path.join(tmp, name), 'cmp1/nova-compute.log', 'Creating image', later);
  const apiLog = path.join(dir, 'ctl1/nova-api.log');
  if (api === null) fs.rmSync(apiLog);
  else fs.appendFileSync(apiLog, api.join('\n') + '\n');
  return dir;
}

describe('a server deleted while it builds', () => {
  it('the API logged the DELETE, compute stopped the build: DELETED, not failed, the delete named', async () => {
    const { trace } = await traceRequest([deleted('api', [...TERMINATE, DISAPPEARED, LATER], [DELETE_ACCESS])], REQ);
    expect(trace!.verdict.status).toBe('DELETED');
    expect(trace!.verdict.failed_stage).toBeNull();
    expect(trace!.verdict.summary).toMatch(/^DELETED during the build on cmp1: the server was deleted at 10:15:04\.28\d \(req-bbbbbbbb-1111-4222-8333-444455556666\) while in compute\.image/);
    expect(trace!.records.some((r) => r.message === 'Terminating instance')).toBe(false);
    expect(trace!.records.some((r) => r.message.startsWith('Instance disappeared during build.'))).toBe(true);
    expect(trace!.stages.find((s) => s.stage === 'instance.active')?.status).toBe('not_reached');
  });

  it('no API log: compute\'s own line says so', async () => {
    const { trace } = await traceRequest([deleted('no-api', [...TERMINATE, DISAPPEARED, LATER], null)], REQ);
    expect(trace!.verdict.status).toBe('DELETED');
    expect(trace!.verdict.summary).toMatch(/^DELETED during the build on cmp1: /);
  });

  it('at INFO, without the DEBUG line: the DELETE before the build ended is enough', async () => {
    const { trace } = await traceRequest([deleted('info', [...TERMINATE, LATER], [DELETE_ACCESS])], REQ);
    expect(trace!.verdict.status).toBe('DELETED');
  });
});
