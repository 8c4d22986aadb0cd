// The API under uwsgi (devstack since Pike, most current deployments) writes its access line
// through nova.api.openstack.requestlog without the protocol: `"POST /compute/v2.1/servers"
// status: 403 …`. A refusal written that way alone is still the API refusing the boot.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-uwsgi-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

it('reads a refused boot from the requestlog line alone', async () => {
  const id = 'req-7c7c7c7c-3d3d-4e4e-8f8f-a1a1a1a1a1a1';
  fs.writeFileSync(path.join(tmp, 'screen-n-api.txt'), [
    `Mar 05 09:00:00.100401 devstack devstack@n-api.service[21001]: DEBUG nova.api.openstack.wsgi [None ${id} demo demo] Action: 'create', calling method: <bound method ServersController.create of <nova.api.openstack.compute.servers.ServersController object at 0x7f00>>, body: {"server": {"name": "vm1"}} {{(pid=21001) _process_stack /opt/stack/nova/nova/api/openstack/wsgi.py:511}}`,
    `Mar 05 09:00:00.180933 devstack devstack@n-api.service[21001]: INFO nova.api.openstack.requestlog [None ${id} demo demo] 10.0.0.5 "POST /compute/v2.1/servers" status: 403 len: 121 microversion: 2.95 time: 0.081022`,
    `Mar 05 09:00:01.001200 devstack devstack@n-api.service[21001]: INFO nova.api.openstack.requestlog [None req-8d8d8d8d-4e4e-4f5f-9a0a-b2b2b2b2b2b2 demo demo] 10.0.0.5 "GET /compute/v2.1/servers/detail" status: 200 len: 15 microversion: 2.95 time: 0.020011`,
  ].join('\n') + '\n');
  const t = (await traceRequest([tmp], id)).trace!;
  expect(t.operation).toBe('boot');
  expect(t.verdict.status).toBe('ERROR');
  expect(t.verdict.signature).toBe('api-refused');
  expect(t.verdict.http_status).toBe(403);
});
