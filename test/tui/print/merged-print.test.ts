// The print mode: every file of a directory (rotated and .gz included) merged by time, filtered,
// as text or JSON lines — checked against files written here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFilterInput } from '../../../tui/model/filter-input.js';
import { NO_FILTER, type ViewFilter } from '../../../tui/model/types.js';
import { printMergedView } from '../../../tui/print/merged-print.js';

const REQ = 'req-5a5a5a5a-0000-4000-8000-000000000001';
const INST = '93922371-2c67-4c94-98e4-76d4945efb9a';
const l = (t: string, pid: number, level: string, logger: string, ctx: string, msg: string) => `2026-11-23 10:00:${t} ${pid} ${level} ${logger} [${ctx}] ${msg}\n`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-print-'));
  fs.mkdirSync(path.join(dir, 'cmp1'));
  fs.writeFileSync(path.join(dir, 'nova-api.log'),
    l('01.000', 10, 'INFO', 'nova.api.openstack.wsgi', `${REQ} admin demo`, 'POST /v2.1/servers') +
    l('04.000', 10, 'INFO', 'nova.api.openstack.wsgi', 'req-00000000-0000-4000-8000-00000000000f admin demo', 'GET /v2.1/servers'));
  fs.writeFileSync(path.join(dir, 'cmp1/nova-compute.log'),
    l('02.000', 20, 'ERROR', 'nova.compute.manager', `${REQ} admin demo`, `[instance: ${INST}] Instance failed to spawn`) +
    l('02.000', 20, 'ERROR', 'nova.compute.manager', '-', `[instance: ${INST}] Traceback (most recent call last):`).replace(' [-] ', ' ') +
    l('02.000', 20, 'ERROR', 'nova.compute.manager', '-', `[instance: ${INST}] libvirt.libvirtError: Permission denied`).replace(' [-] ', ' ') +
    l('03.000', 20, 'WARNING', 'nova.compute.manager', '-', `[instance: ${INST}] Instance shutdown by itself.`));
  fs.writeFileSync(path.join(dir, 'nova-api.log.1.gz'), zlib.gzipSync(l('00.500', 10, 'INFO', 'nova.api.openstack.wsgi', '-', 'from the rotated, compressed file')));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function print(filter: ViewFilter, output: 'text' | 'json' = 'text'): Promise<string[]> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await printMergedView({ dir, filter, output, timestamps: true, out });
  return Buffer.concat(chunks).toString('utf8').split('\n').filter((x) => x !== '');
}

const f = (text: string): ViewFilter => {
  const r = applyFilterInput(text, NO_FILTER);
  if ('error' in r) throw new Error(r.error);
  return r.filter;
};

describe('printMergedView', () => {
  it('merges every file by time, .gz rotation included, with the traceback under its record', async () => {
    const lines = await print(NO_FILTER);
    expect(lines[0]).toMatch(/^10:00:00\.500 api .*from the rotated, compressed file/);
    expect(lines[1]).toMatch(/^10:00:01\.000 api .*POST \/v2\.1\/servers/);
    expect(lines[2]).toMatch(/^10:00:02\.000 cpu@cmp1 +ERROR .*Instance failed to spawn/);
    expect(lines[3]).toMatch(/^\s+Traceback \(most recent call last\):/);
    expect(lines[4]).toMatch(/^\s+libvirt\.libvirtError: Permission denied/);
    expect(lines[5]).toMatch(/^10:00:03\.000 cpu@cmp1 +WARN/);
    expect(lines[6]).toMatch(/^10:00:04\.000 api /);
    expect(lines).toHaveLength(7);
  });

  it.each([
    ['warning+', [/Instance failed to spawn/, /Instance shutdown by itself/]],
    ['-cpu', [/rotated, compressed/, /POST/, /GET/]],
    [REQ, [/POST/, /Instance failed to spawn/]],
    [INST, [/Instance failed to spawn/, /Instance shutdown by itself/]],
    ['/servers/ !/GET/', [/POST/]],
  ])('filters with %s', async (expr, want) => {
    const heads = (await print(f(expr))).filter((x) => /^\d\d:/.test(x));
    expect(heads).toHaveLength(want.length);
    want.forEach((re, i) => expect(heads[i]).toMatch(re));
  });

  it('writes one JSON object per record with -o json', async () => {
    const recs = (await print(f('error+'), 'json')).map((x) => JSON.parse(x));
    expect(recs).toEqual([expect.objectContaining({
      ts: '2026-11-23 10:00:02.000', service: 'compute', host: 'cmp1', file: path.join('cmp1', 'nova-compute.log'), offset: 0,
      level: 'ERROR', request_id: REQ, instance: INST, message: 'Instance failed to spawn',
      continuation: ['Traceback (most recent call last):', 'libvirt.libvirtError: Permission denied'], unparsed: false,
    })]);
  });
});
