// Nova allocates the network in a greenthread beside the image and spawn steps: when that
// greenthread logs 'Instance failed network setup', the image and spawn lines logged after it do
// not make the network stage "ok" — it started and never completed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';

const REQ = 'req-2e4a6c8f-0b1d-4f35-a7c9-e1b3d5f7a9c2';
const INST = '9d1f3b5a-7c2e-4e84-a6b0-c8e2a4f6b8d1';
const IMG = '4b6d8f0a-2c1e-4a37-b9d1-f3a5c7e9b1d4';
const CTX = `[${REQ} 5c7e9a1b3d2f4f60b8d0a2c4e6f8b0d2 e2a4c6f8b0d14b73a5c7e9f1b3d5f7a9 - default default]`;
const line = (t: string, level: string, logger: string, msg: string) => `2022-03-08 12:00:${t} 2617 ${level} ${logger} ${CTX} ${msg}`;
const I = `[instance: ${INST}] `;
const NOT_AUTH = 'nova.exception.Unauthorized: Not authorized.';
const IMG_EXC = `nova.exception.ImageNotAuthorized: Not authorized for image ${IMG}.`;

function compute(withNetworkFailure: boolean): string[] {
  const rows = [
    line('45.398', 'INFO', 'nova.compute.claims', `${I}Claim successful on node cmp1`),
    line('46.012', 'INFO', 'nova.virt.libvirt.driver', `${I}Creating image`),
  ];
  if (withNetworkFailure) rows.push(
    line('46.187', 'ERROR', 'nova.compute.manager', `Instance failed network setup after 1 attempt(s): ${NOT_AUTH}`),
    `2022-03-08 12:00:46.187 2617 ERROR nova.compute.manager Traceback (most recent call last):`,
    `2022-03-08 12:00:46.187 2617 ERROR nova.compute.manager ${NOT_AUTH}`,
  );
  rows.push(
    line('46.203', 'ERROR', 'nova.compute.manager', `${I}Instance failed to spawn: ${IMG_EXC}`),
    `2022-03-08 12:00:46.203 2617 ERROR nova.compute.manager ${I}Traceback (most recent call last):`,
    `2022-03-08 12:00:46.203 2617 ERROR nova.compute.manager ${I}${IMG_EXC}`,
    line('46.210', 'INFO', 'nova.compute.manager', `${I}Terminating instance`),
    line('46.731', 'ERROR', 'nova.compute.manager', `${I}Build of instance ${INST} aborted: Not authorized for image ${IMG}.: nova.exception.BuildAbortException: Build of instance ${INST} aborted: Not authorized for image ${IMG}.`),
  );
  return rows;
}

const dirs: string[] = [];
function set(rows: string[]): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'nt-net-'));
  dirs.push(d);
  fs.mkdirSync(path.join(d, 'ctl1')); fs.mkdirSync(path.join(d, 'cmp1'));
  fs.writeFileSync(path.join(d, 'ctl1', 'nova-api.log'), line('12.771', 'INFO', 'nova.api.openstack.requestlog', '10.10.0.61 "POST /v2.1/servers" status: 202 len: 405 microversion: 2.1 time: 0.962391').replace('12:00:12', '10:48:12') + '\n');
  fs.writeFileSync(path.join(d, 'cmp1', 'nova-compute.log'), rows.join('\n') + '\n');
  return d;
}
let failed: string; let quiet: string;
beforeAll(() => { failed = set(compute(true)); quiet = set(compute(false)); });
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

const networkStage = async (dir: string) => (await traceRequest([dir], REQ)).trace!.stages.find((s) => s.stage === 'compute.network');

describe('the network stage beside a failed image step', () => {
  it('is aborted, not ok, when the allocation greenthread logged its failure', async () => {
    expect(await networkStage(failed)).toMatchObject({ status: 'aborted', records: 1 });
  });
  it('is not logged when the network wrote nothing', async () => {
    expect((await networkStage(quiet))?.status).toBe('not_logged');
  });
});
