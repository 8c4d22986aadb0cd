// A boot's access line in every form Nova wrote it: eventlet's wsgi server (with the
// protocol), the requestlog under uwsgi or mod_wsgi (without), novaclient's block-device boot
// on …/os-volumes_boot (Icehouse to Mitaka). The tracer takes each for a boot, and the index
// lists each among its boots (incidents and stats start from that list).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BOOT_ACCESS, BOOT_ACCESS_PARTS } from '../../core/boot-access.js';
import { buildIndex } from '../../core/index/index-build.js';
import { IndexReader } from '../../core/index/index-reader.js';
import { traceRequest } from '../../core/trace/trace-request.js';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../samples');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-boot-access-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function bootsOf(dir: string, name: string) {
  return buildIndex({ paths: [dir], indexFile: path.join(tmp, `${name}.sqlite`) }).then(() => {
    const r = IndexReader.open(path.join(tmp, `${name}.sqlite`))!;
    try { return r.boots(); } finally { r.close(); }
  });
}

describe("a boot's access line", () => {
  it.each([
    ['10.0.0.5 "POST /v2/dd313fbef57732ab3fcb68356b9fd8c5/servers HTTP/1.1" status: 202 len: 763 time: 0.2353477', '/v2/dd313fbef57732ab3fcb68356b9fd8c5/servers'],
    ['10.209.34.117 "POST /compute/v2.1/servers" status: 202 len: 399 microversion: 2.1 time: 0.853621', '/compute/v2.1/servers'],
    ['10.0.0.5 "POST /v2/dd313fbef57732ab3fcb68356b9fd8c5/os-volumes_boot HTTP/1.1" status: 202 len: 770 time: 1.0135119', '/v2/dd313fbef57732ab3fcb68356b9fd8c5/os-volumes_boot'],
    ['10.0.0.5 "POST /v2.1/servers?x=1 HTTP/1.1" status: 400 len: 120 time: 0.01', '/v2.1/servers'],
  ])('%s', (line, pathPart) => {
    expect(BOOT_ACCESS.test(line)).toBe(true);
    expect(BOOT_ACCESS_PARTS.exec(line)?.[1]).toBe(pathPart);
  });

  it.each([
    '10.0.0.5 "GET /v2.1/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829',
    '10.0.0.5 "POST /v2.1/servers/93922371-2c67-4c94-98e4-76d4945efb9a/action HTTP/1.1" status: 202 len: 0 time: 0.1',
    '10.0.0.5 "POST /v2.1/os-server-external-events" status: 200 len: 183 time: 0.05',
  ])('not: %s', (line) => {
    expect(BOOT_ACCESS.test(line)).toBe(false);
  });

  it("the index lists devstack's uwsgi boot (no protocol in the line)", async () => {
    const boots = await bootsOf(path.join(SAMPLES, 'volume-boot-failure'), 'uwsgi');
    expect(boots.map((b) => [b.request, b.status])).toEqual([['req-d81f3b6a-0c2e-4f97-a5b3-6e9c1d4a7f20', 202]]);
  });

  it('a boot on …/os-volumes_boot is traced as the same boot and listed by the index', async () => {
    const dir = path.join(tmp, 'volumes-boot');
    fs.cpSync(path.join(SAMPLES, 'boot-success'), dir, { recursive: true });
    const api = path.join(dir, 'ctl1/nova-api.log');
    fs.writeFileSync(api, fs.readFileSync(api, 'latin1').replaceAll('/servers HTTP/1.1" status: 202', '/os-volumes_boot HTTP/1.1" status: 202'), 'latin1');
    const req = 'req-1257f203-f021-4d6f-b6f2-7ed155460441';
    const original = (await traceRequest([path.join(SAMPLES, 'boot-success')], req)).trace!;
    const t = (await traceRequest([dir], req)).trace!;
    expect(t.operation).toBe('boot');
    expect(t.verdict.summary).toBe(original.verdict.summary);
    expect(t.stages.map((s) => s.status)).toEqual(original.stages.map((s) => s.status));
    const boots = await bootsOf(dir, 'volumes-boot');
    expect(boots.find((b) => b.request === req)?.status).toBe(202);
  });
});
