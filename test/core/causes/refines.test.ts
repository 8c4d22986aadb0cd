// A cause another line of the trace explains better: a timeout under a message bus that was
// down is the bus (the catalogue's `refines`), not "an RPC call got no answer".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { traceRequest } from '../../../core/trace/trace-request.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-refines-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const R = 'req-7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
const C = `[${R} 9f2c7d1e8a4b4c3d9e0f1a2b3c4d5e6f 4b1e9d2c7a8f4e3b9c0d1e2f3a4b5c6d - default default]`;
const U = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';

type Bus = 'in-request' | 'connection-thread' | 'none';

function write(bus: Bus, name = bus): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, 'ctl1'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'ctl1/nova-api.log'), `2025-03-12 10:15:00.500 1201 INFO nova.api.openstack.requestlog ${C} 10.0.0.5 "POST /v2.1/servers" status: 202 len: 411 microversion: 2.1 time: 0.41\n`);
  fs.writeFileSync(path.join(dir, 'ctl1/nova-conductor.log'), [
    ...(bus === 'in-request' ? [`2025-03-12 10:15:01.200 1505 ERROR oslo.messaging._drivers.impl_rabbit ${C} [5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d] AMQP server on 10.0.0.10:5672 is unreachable: [Errno 111] ECONNREFUSED. Trying again in 1 seconds.: ConnectionRefusedError: [Errno 111] ECONNREFUSED`] : []),
    // oslo.messaging's own connection thread: no request context
    ...(bus === 'connection-thread' ? [`2025-03-12 10:15:02.311 1505 ERROR oslo.messaging._drivers.impl_rabbit [-] [5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d] AMQP server on 10.0.0.10:5672 is unreachable: [Errno 111] ECONNREFUSED. Trying again in 3 seconds.: ConnectionRefusedError: [Errno 111] ECONNREFUSED`] : []),
    `2025-03-12 10:15:30.002 1505 ERROR nova.servicegroup.drivers.db [-] Unexpected error while reporting service status: oslo_messaging.exceptions.MessagingTimeout: Timed out waiting for a reply to message ID 0a1b2c3d4e5f46a7b8c9d0e1f2a3b4c5`,
    `2025-03-12 10:16:01.131 1505 WARNING nova.scheduler.utils ${C} [instance: ${U}] Failed to compute_task_build_instances: Timed out waiting for a reply to message ID 1f2e3d4c5b6a47988a7b6c5d4e3f2a1b: oslo_messaging.exceptions.MessagingTimeout: Timed out waiting for a reply to message ID 1f2e3d4c5b6a47988a7b6c5d4e3f2a1b`,
    `2025-03-12 10:16:01.140 1505 WARNING nova.scheduler.utils ${C} [instance: ${U}] Setting instance to ERROR state.: oslo_messaging.exceptions.MessagingTimeout: Timed out waiting for a reply to message ID 1f2e3d4c5b6a47988a7b6c5d4e3f2a1b`,
  ].join('\n') + '\n');
  return dir;
}

it('names the message bus when its outage shows beside the timeout (in the request or in the connection thread, [-]), the timeout alone otherwise', async () => {
  const bus = (await traceRequest([write('in-request')], R)).trace!;
  expect(bus.verdict).toMatchObject({ status: 'ERROR', signature: 'scheduling-failed', cause: { id: 'bus-down' } });
  const thread = (await traceRequest([write('connection-thread')], R)).trace!;
  expect(thread.verdict).toMatchObject({ status: 'ERROR', signature: 'scheduling-failed', cause: { id: 'bus-down' } });
  expect(thread.records.some((r) => r.message.includes('AMQP server'))).toBe(false);
  const plain = (await traceRequest([write('none')], R)).trace!;
  expect(plain.verdict).toMatchObject({ status: 'ERROR', signature: 'scheduling-failed', cause: { id: 'rpc-timeout' } });
});
