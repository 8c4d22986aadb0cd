// The no-index search looks at the other services only up to a horizon after the API received
// the request, and past it only for a boot that had not ended by then. A build that fails
// 45 minutes later (a slow image download) is still found whole; a boot that went ACTIVE is
// not searched for hours later (a line under its id there is a periodic task's leaked context).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';
import { HORIZON_MS } from '../../core/trace/request-search.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-horizon-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const stamp = (ms: number) => { const d = new Date(ms); return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`; };
const T0 = Date.parse('2024-03-05T09:00:00Z');
const USER = 'f3a1c2d4e5b64a7f8e9d0c1b2a3f4e5d 6b7c8d9e0f1a4b2c9d3e4f5a6b7c8d9e - default default';
const line = (ms: number, pid: number, level: string, logger: string, ctx: string, msg: string) => `${stamp(ms)} ${pid} ${level} ${logger} [${ctx}] ${msg}`;

/** 3 hours of a compute host's periodic lines (over 8 MiB, so it is cut by time), with `events` placed in time. */
function computeLog(events: [number, string][]): string {
  const out: string[] = [];
  const sorted = [...events].sort((a, b) => a[0] - b[0]);
  let e = 0;
  for (let ms = T0 - 3_600_000; ms < T0 + 7_200_000; ms += 200) {
    while (e < sorted.length && sorted[e][0] <= ms) out.push(sorted[e++][1]);
    out.push(line(ms, 4242, 'DEBUG', 'oslo_service.periodic_task', 'req-0c0c0c0c-1111-4222-8333-444444444444 - - - - -', 'Running periodic task ComputeManager._poll_volume_usage run_periodic_tasks /usr/lib/python3/dist-packages/oslo_service/periodic_task.py:210'));
  }
  return out.join('\n') + '\n';
}

function writeSet(dir: string, id: string, inst: string, events: [number, string][]): void {
  fs.mkdirSync(path.join(dir, 'ctl'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'cmp1'), { recursive: true });
  const ctx = `${id} ${USER}`;
  fs.writeFileSync(path.join(dir, 'ctl/nova-api.log'), [
    line(T0, 100, 'INFO', 'nova.api.openstack.requestlog', ctx, `10.0.0.5 "POST /compute/v2.1/servers" status: 202 len: 416 microversion: 2.1 time: 0.412345`),
  ].join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'ctl/nova-conductor.log'), [
    line(T0 + 300, 200, 'INFO', 'nova.conductor.manager', ctx, `[instance: ${inst}] Selected host: cmp1; Selected node: cmp1; Alternates: []`),
  ].join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'cmp1/nova-compute.log'), computeLog([
    [T0 + 600, line(T0 + 600, 4242, 'INFO', 'nova.compute.claims', ctx, `[instance: ${inst}] Claim successful on node cmp1`)],
    ...events,
  ]));
}

it('finds a build that ends long past the horizon', async () => {
  const dir = path.join(tmp, 'slow');
  const id = 'req-5a5a5a5a-1b1b-4c2c-8d3d-9e9e9e9e9e9e';
  const inst = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
  const late = T0 + HORIZON_MS + 25 * 60_000;
  const ctx = `${id} ${USER}`;
  writeSet(dir, id, inst, [
    [late, line(late, 4242, 'ERROR', 'nova.compute.manager', ctx, `[instance: ${inst}] Instance failed to spawn: nova.exception.ImageNotFound: Image 3f1e2d4c-5b6a-4789-8a0b-1c2d3e4f5a6b could not be found.`)],
    [late + 50, line(late + 50, 4242, 'ERROR', 'nova.compute.manager', ctx, `[instance: ${inst}] Build of instance ${inst} aborted: Image 3f1e2d4c-5b6a-4789-8a0b-1c2d3e4f5a6b could not be found.`)],
  ]);
  const t = (await traceRequest([dir], id)).trace!;
  expect(t.verdict.status).toBe('ERROR');
  expect(t.records.some((r) => /aborted: Image/.test(r.message))).toBe(true);
});

it('does not search hours past a boot that went ACTIVE', async () => {
  const dir = path.join(tmp, 'done');
  const id = 'req-6b6b6b6b-2c2c-4d3d-8e4e-0f0f0f0f0f0f';
  const inst = 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e';
  const ctx = `${id} ${USER}`;
  const leak = T0 + 2 * 3_600_000 - 60_000;
  writeSet(dir, id, inst, [
    [T0 + 20_000, line(T0 + 20_000, 4242, 'INFO', 'nova.compute.manager', ctx, `[instance: ${inst}] Took 19.20 seconds to build instance.`)],
    [leak, line(leak, 4242, 'INFO', 'nova.compute.manager', ctx, `[instance: ${inst}] During sync_power_state the instance has a pending task (spawning). Skip.`)],
  ]);
  const t = (await traceRequest([dir], id)).trace!;
  expect(t.verdict.status).toBe('ACTIVE');
  expect(t.records.some((r) => /Took 19\.20 seconds/.test(r.message))).toBe(true);
  expect(t.records.some((r) => /During sync_power_state/.test(r.message))).toBe(false);
  // A full scan (--full-scan) still sees every line under the id.
  const full = (await traceRequest([dir], id, { fullScan: true })).trace!;
  expect(full.records.some((r) => /During sync_power_state/.test(r.message))).toBe(true);
});
