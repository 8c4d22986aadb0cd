// Volume and interface attach/detach as operations: the API's request on
// …/os-volume_attachments or …/os-interface, the compute host's lines, what proves it done
// ('Successfully detached device …', the attach lock released), what says it failed. A detach
// is not the server's delete although its URL begins the same.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';

const SAMPLE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../samples/boot-success');
const INSTANCE = '93922371-2c67-4c94-98e4-76d4945efb9a';
const PROJECT = 'dd313fbef57732ab3fcb68356b9fd8c5';
const USER = `9dc400a7cacf1891db12ec5f929d5eaa ${PROJECT} - - -`;
const VOLUME = '0e6b3a7c-5d41-4f2a-9b8e-1c2d3e4f5a6b';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-devices-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const api = (ts: string, req: string, request: string, status: number) => `2026-11-23 ${ts} 2101 INFO nova.osapi_compute.wsgi.server [${req} ${USER}] 10.0.0.5 "${request} HTTP/1.1" status: ${status} len: 388 time: 0.4120390`;
const cmp = (ts: string, level: string, logger: string, req: string, msg: string) => `2026-11-23 ${ts} 2415 ${level} ${logger} [${req} ${USER}] [instance: ${INSTANCE}] ${msg}`;

function withLines(name: string, apiLines: string[], computeLines: string[]): string {
  const dir = path.join(tmp, name);
  fs.cpSync(SAMPLE, dir, { recursive: true });
  fs.appendFileSync(path.join(dir, 'ctl1/nova-api.log'), apiLines.join('\n') + '\n');
  fs.appendFileSync(path.join(dir, 'cmp1/nova-compute.log'), computeLines.join('\n') + '\n');
  return dir;
}

describe('volume and interface attach/detach', () => {
  it('a failed volume attach: ERROR in compute.attach_volume on the host, with the device cause', async () => {
    const req = 'req-c1c1c1c1-1111-4222-8333-444455556666';
    const dir = withLines('attach-failed', [api('10:20:00.500', req, `POST /v2.1/${PROJECT}/servers/${INSTANCE}/os-volume_attachments`, 200)], [
      cmp('10:20:00.610', 'INFO', 'nova.compute.manager', req, `Attaching volume ${VOLUME} to /dev/vdb`),
      cmp('10:20:03.902', 'ERROR', 'nova.virt.block_device', req, `Driver failed to attach volume ${VOLUME} at /dev/vdb: os_brick.exception.VolumeDeviceNotFound: Volume device not found at .`),
      cmp('10:20:03.950', 'ERROR', 'nova.compute.manager', req, `Failed to attach ${VOLUME} at /dev/vdb: os_brick.exception.VolumeDeviceNotFound: Volume device not found at .`),
    ]);
    const t = (await traceRequest([dir], req)).trace!;
    expect(t.operation).toBe('volume-attach');
    expect(t.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.attach_volume' });
    expect(t.verdict.summary).toMatch(/^ERROR: volume-attach on cmp1 failed in compute\.attach_volume on cmp1: Driver failed to attach volume/);
  });

  it('an attach whose end is not logged (INFO, no DEBUG lock line) is not called completed', async () => {
    const req = 'req-c2c2c2c2-1111-4222-8333-444455556666';
    const dir = withLines('attach-unproven', [api('10:20:00.500', req, `POST /v2.1/${PROJECT}/servers/${INSTANCE}/os-volume_attachments`, 200)], [
      cmp('10:20:00.610', 'INFO', 'nova.compute.manager', req, `Attaching volume ${VOLUME} to /dev/vdb`),
    ]);
    const t = (await traceRequest([dir], req)).trace!;
    expect(t.verdict.status).toBe('IN_PROGRESS');
  });

  it('a volume detach is a detach, not a delete, and completes on the live domain line', async () => {
    const req = 'req-c3c3c3c3-1111-4222-8333-444455556666';
    const dir = withLines('detach', [api('10:21:00.500', req, `DELETE /v2.1/${PROJECT}/servers/${INSTANCE}/os-volume_attachments/${VOLUME}`, 202)], [
      cmp('10:21:00.610', 'INFO', 'nova.compute.manager', req, `Detaching volume ${VOLUME}`),
      cmp('10:21:00.700', 'INFO', 'nova.virt.block_device', req, `Attempting to driver detach volume ${VOLUME} from mountpoint /dev/vdb`),
      cmp('10:21:01.921', 'INFO', 'nova.virt.libvirt.driver', req, `Successfully detached device vdb from instance ${INSTANCE} from the live domain config.`),
    ]);
    const t = (await traceRequest([dir], req)).trace!;
    expect(t.operation).toBe('volume-detach');
    expect(t.verdict.status).toBe('COMPLETED');
  });
});
