// A request that is no boot or move (an API listing, a periodic task) and failed on an error a
// service logged: the catalogue's text causes name why, as they do for a boot's line. A
// refusal without an error line (a 4xx access line) names no cause.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';

const REAL = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../shared/real-logs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-generic-cause-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const REQ = 'req-5d1e0c7a-2b44-4f0e-9a51-7c3d2e1f0a9b';
const API = 'nova.api.openstack';

function apiLog(lines: string[]): string {
  const dir = fs.mkdtempSync(path.join(tmp, 'api-'));
  fs.writeFileSync(path.join(dir, 'nova-api.log'), `${lines.join('\n')}\n`);
  return dir;
}

describe('the cause of a failed request that is not a boot', () => {
  it('a server listing that failed because neutron was down (Kilo, real logs): neutron-unreachable', async () => {
    const t = (await traceRequest([path.join(REAL, 'rdo-kilo-boots')], 'req-0e6f819a-78c2-4e5f-8e38-9fe6914d11b4')).trace!;
    expect(t.operation).toBe('api-request');
    expect(t.verdict).toMatchObject({ status: 'ERROR', failed_stage: null, cause: { id: 'neutron-unreachable' } });
  });

  it('a periodic task that could not refresh the network cache (Kilo, real logs): neutron-unreachable', async () => {
    const t = (await traceRequest([path.join(REAL, 'rdo-kilo-boots')], 'req-229f7a53-4b92-4988-abcb-ed56d9c537dd')).trace!;
    expect(t.operation).toBe('periodic-task');
    expect(t.verdict).toMatchObject({ status: 'ERROR', cause: { id: 'neutron-unreachable' } });
  });

  it('an API 500 from a lost message bus names bus-down', async () => {
    const dir = apiLog([
      `2024-05-02 09:14:07.100 2211 DEBUG ${API}.wsgi [${REQ} a1 p1 - default default] Calling method '<bound method ServersController.detail>' _process_stack /usr/lib/python3/dist-packages/nova/api/openstack/wsgi.py:513`,
      `2024-05-02 09:14:09.300 2211 ERROR ${API}.wsgi [${REQ} a1 p1 - default default] Unexpected exception in API method: oslo_messaging.exceptions.MessageDeliveryFailure: Unable to connect to AMQP server on 10.0.0.5:5672 after inf tries: [Errno 111] ECONNREFUSED`,
      `2024-05-02 09:14:09.305 2211 INFO nova.api.openstack.requestlog [${REQ} a1 p1 - default default] 10.0.0.9 "GET /v2.1/servers/detail" status: 500 len: 216 microversion: 2.1 time: 2.210000`,
    ]);
    const t = (await traceRequest([dir], REQ)).trace!;
    expect(t.verdict).toMatchObject({ status: 'ERROR', cause: { id: 'bus-down' } });
  });

  it('a refusal with only its access line names none', async () => {
    const dir = apiLog([
      `2024-05-02 09:20:01.000 2211 INFO nova.api.openstack.requestlog [${REQ} a1 p1 - default default] 10.0.0.9 "DELETE /v2.1/os-keypairs/k1" status: 404 len: 84 microversion: 2.1 time: 0.010000`,
    ]);
    const t = (await traceRequest([dir], REQ)).trace!;
    expect(t.verdict).toMatchObject({ status: 'ERROR', cause: null });
  });
});

describe("neutronclient's own words for an unreachable neutron", () => {
  it('a Juno listing of floating IPs that failed with "Connection to neutron failed: …" (real logs): neutron-unreachable', async () => {
    const t = (await traceRequest([path.join(REAL, 'osp6-juno-live-migration')], 'req-e4f91dbb-6b8f-4240-8a23-f424f1900e54')).trace!;
    expect(t.operation).toBe('api-request');
    expect(t.verdict.root_cause?.message).toContain('Connection to neutron failed:');
    expect(t.verdict).toMatchObject({ status: 'ERROR', cause: { id: 'neutron-unreachable' } });
  });
});
