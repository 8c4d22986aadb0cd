// The merged print's fast path (records framed and written as bytes by the record scanner,
// merged per batch) against the parsing path it replaced, kept as the reference: the output
// must be the same byte for byte — on every sample, every real-log set, and on files built here
// with every shape a line can take (journald, syslog, CRI, JSON, colours, NULs, invalid UTF-8,
// lines over the length limit, CRLF, a torn last line, .gz rotation, devstack suffixes, and
// traceback lines arriving after their record was already printed). The built CLI, which frames
// on worker threads, is held to the same.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFilterInput } from '../../../tui/model/filter-input.js';
import { NO_FILTER, type ViewFilter } from '../../../tui/model/types.js';
import { printMergedView } from '../../../tui/print/merged-print.js';
import { REAL_LOGS } from '../../helpers/real-logs.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(ROOT, 'dist/nova-trace.js');
const SAMPLES = path.join(ROOT, 'samples');
/** The CLI on worker threads however small the directory. */
const WORKERS = { ...process.env, NOVA_TRACE_PRINT: 'workers' };
const dirsIn = (root: string) => fs.readdirSync(root).map((d) => path.join(root, d)).filter((d) => fs.statSync(d).isDirectory());

async function print(dir: string, reference: boolean, timestamps = true, filter: ViewFilter = NO_FILTER): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  const r = await printMergedView({ dir, filter, output: 'text', timestamps, out, reference });
  const text = Buffer.concat(chunks);
  // Every printed record is one line that does not start with the continuation indent.
  expect(r.printed).toBe(text.toString('utf8').split('\n').filter((l) => l !== '' && !l.startsWith('    ')).length);
  return text;
}

/** Where two outputs first differ, as lines, for a readable failure. */
function firstDifference(a: Buffer, b: Buffer): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = a.lastIndexOf(10, i - 1) + 1;
  const line = (x: Buffer) => JSON.stringify(x.subarray(from, Math.min(x.length, from + 300)).toString('utf8').split('\n')[0]);
  return `at byte ${i}:\n  reference ${line(a)}\n  fast      ${line(b)}`;
}

async function expectSame(dir: string, timestamps = true, filter: ViewFilter = NO_FILTER): Promise<Buffer> {
  const ref = await print(dir, true, timestamps, filter);
  const fast = await print(dir, false, timestamps, filter);
  if (!ref.equals(fast)) expect.fail(`${dir}: ${firstDifference(ref, fast)}`);
  return ref;
}

const filterOf = (text: string): ViewFilter => {
  const r = applyFilterInput(text, NO_FILTER);
  if ('error' in r) throw new Error(r.error);
  return r.filter;
};

// --- files with every shape ---

const T = (s: number) => `2026-11-23 10:${String(Math.floor(s / 60)).padStart(2, '0')}:${(s % 60).toFixed(3).padStart(6, '0')}`;
const REQ = 'req-5a5a5a5a-0000-4000-8000-000000000001';
const REQ2 = 'req-9b9b9b9b-0000-4000-8000-000000000002';
const INST = '93922371-2c67-4c94-98e4-76d4945efb9a';
const oslo = (s: number, pid: number | string, level: string, logger: string, ctx: string | null, msg: string) =>
  `${T(s)} ${pid} ${level} ${logger} ${ctx === null ? '' : `[${ctx}] `}${msg}`;
const DEBUG_SUFFIX = ' _do_build /usr/lib/python3/dist-packages/nova/compute/manager.py:2210';

let tmp: string;
const put = (rel: string, data: string | Buffer) => {
  const f = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, data);
};

function shapes(): string[] {
  const big = 'x'.repeat((1 << 20) + 500);
  return [
    'a first line no format starts',
    '',
    oslo(1, 10, 'INFO', 'nova.compute.manager', `${REQ} admin demo`, `[instance: ${INST}] Starting instance...`),
    oslo(1.1, 10, 'DEBUG', 'nova.compute.manager', `${REQ} admin demo`, `Lock acquired${DEBUG_SUFFIX}`),
    oslo(1.2, 10, 'DEBUG', 'nova.network.neutron', `${REQ} admin demo`, 'deallocate_for_instance() deallocate_for_instance /usr/lib/python3/dist-packages/nova/network/neutron.py:1711'),
    oslo(1.3, 0, 'DEBUG', 'nova.compute.manager', `${REQ} admin demo`, 'Claim successful from (pid=4242) _claim /opt/stack/nova/nova/compute/manager.py:1310'),
    oslo(1.4, 10, 'DEBUG', 'nova.compute.manager', `${REQ} admin demo`, 'Creating image {{(pid=4242) _create_image /opt/stack/nova/nova/virt/libvirt/driver.py:3090}}'),
    oslo(1.5, 10, 'INFO', 'nova.compute.manager', '-', 'a message that ends in braces {{x}}'),
    oslo(1.6, 10, 'DEBUG', 'nova.compute.manager', `None ${REQ} admin demo`, 'a DEBUG line without a suffix: /tmp/x:12'),
    oslo(1.7, 10, 'INFO', 'nova.compute.manager', `${REQ2} ${REQ} admin demo - - -`, '[instance: ] empty instance'),
    oslo(1.8, 10, 'INFO', 'nova.compute.manager', 'not a context at all', 'message after a bracket that is no context'),
    oslo(1.9, 'abc', 'INFO', 'nova.compute.manager', '-', 'a pid that is no number (the lenient header)'),
    `${T(2)} 10 INFO nova.compute.manager\t[-] a tab where a space goes`,
    '2026-11-23 10:00:0x.000 10 INFO a torn header, kept as unparsed',
    oslo(2.1, 20, 'ERROR', 'nova.compute.manager', `${REQ} admin demo`, `[instance: ${INST}] Instance failed to spawn: caf\u00e9 \u65e5\u672c`),
    oslo(2.1, 30, 'INFO', 'nova.compute.manager', `${REQ2} admin demo`, 'another process in between'),
    oslo(2.2, 20, 'ERROR', 'nova.compute.manager', null, `[instance: ${INST}] Traceback (most recent call last):`),
    oslo(2.2, 20, 'ERROR', 'nova.compute.manager', null, `[instance: ${INST}]   File "x.py", line 1, in f {{(pid=20) f x.py:1}}`),
    '  a headerless line under the traceback',
    '',
    oslo(2.3, 20, 'ERROR', 'nova.compute.manager', null, `[instance: ${INST}] libvirt.libvirtError: Permission denied`),
    oslo(2.4, 40, 'ERROR', 'nova.compute.manager', null, 'a traceback line with no record to join'),
    `\u001b[00;32m${T(3)} 10 DEBUG nova.compute.manager [\u001b[01;36m${REQ} admin demo\u001b[00;32m] \u001b[01;35m\u001b[00;32mcoloured\u001b[00m`,
    `\u0000\u0000\u0000${oslo(3.1, 10, 'INFO', 'nova.compute.manager', '-', 'after NUL bytes')}`,
    oslo(3.2, 10, 'INFO', 'nova.compute.manager', `${REQ} admin demo`, `a long record ${big}`),
    `a long headerless line ${big}`,
    oslo(3.3, 10, 'INFO', 'nova.compute.manager', '\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9 admin demo', 'a request id that is not ASCII'),
    `nova-compute.log:${oslo(3.4, 10, 'INFO', 'nova.compute.manager', '-', 'behind a grep -H prefix')}`,
  ];
}

/** An ERROR record handed out before its traceback line arrives (records 2 s newer came between, past a read chunk). */
function lateTraceback(): string {
  const lines = [oslo(10, 50, 'ERROR', 'nova.api.openstack.wsgi', `${REQ} admin demo`, 'Unexpected exception in API method')];
  const filler = 'y'.repeat(400);
  let size = 0;
  for (let k = 0; size < 1.5 * (1 << 20); k++) {
    const l = oslo(12.2 + k / 10_000, 51, 'INFO', 'nova.api.openstack.wsgi', `${REQ2} admin demo`, `GET /v2.1/servers ${k} ${filler}`);
    lines.push(l);
    size += l.length + 1;
  }
  lines.push(oslo(10.5, 50, 'ERROR', 'nova.api.openstack.wsgi', null, 'Traceback (most recent call last): (its record is already out)'));
  lines.push('  and a headerless line after it');
  // More than 4096 records of one time: the oldest are handed out while their traceback may come.
  lines.push(oslo(20, 52, 'ERROR', 'nova.api.openstack.wsgi', `${REQ} admin demo`, 'stuck clock'));
  for (let k = 0; k < 5000; k++) lines.push(oslo(20, 53, 'INFO', 'nova.api.openstack.wsgi', `${REQ2} admin demo`, `same time ${k}`));
  lines.push(oslo(20, 52, 'ERROR', 'nova.api.openstack.wsgi', null, 'late traceback of the stuck clock'));
  return lines.join('\n') + '\n';
}

const journalShort = (s: number, host: string, program: string, pid: number, line: string) => `Nov 23 10:00:${String(s).padStart(2, '0')} ${host} ${program}[${pid}]: ${line}`;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-fast-print-'));
  const s = shapes();
  put('shapes/cmp1/nova-compute.log', s.join('\n') + '\n');
  put('shapes/cmp2/nova-compute.log', s.join('\r\n') + '\r\n' + oslo(5, 10, 'INFO', 'nova.compute.manager', '-', 'torn last line\r'));
  put('shapes/cmp3/nova-compute.log', Buffer.concat([Buffer.from(oslo(2, 10, 'INFO', 'nova.compute.manager', '-', 'invalid UTF-8: ')), Buffer.from([0xff, 0xc3, 0x28, 0x0a]), Buffer.from(s.slice(2, 8).join('\n') + '\n')]));
  put('late/nova-api.log', lateTraceback());
  put('rotated/nova-api.log.2.gz', zlib.gzipSync(s.slice(2, 12).join('\n') + '\n'));
  put('rotated/nova-api.log.1', s.slice(2, 14).join('\n') + '\n');
  put('rotated/nova-api.log', s.slice(2, 16).join('\n'));
  // A .gz cut short (a copy that did not finish): what it held up to the cut is printed, then a warning.
  const many = Array.from({ length: 40_000 }, (_, k) => oslo(k / 1000, 10, 'INFO', 'nova.api.openstack.wsgi', `${REQ} admin demo`, `GET /v2.1/servers/${k} ${'z'.repeat(k % 97)}`)).join('\n') + '\n';
  const gz = zlib.gzipSync(many);
  put('corrupt/nova-api.log.1.gz', gz.subarray(0, Math.floor(gz.length * 0.7)));
  put('corrupt/nova-api.log', s.slice(2, 12).join('\n') + '\n');
  put('syslog/journal/cmp9.txt', [
    journalShort(1, 'cmp9', 'nova-compute', 10, oslo(1, 10, 'INFO', 'nova.compute.manager', `${REQ} admin demo`, `[instance: ${INST}] Starting instance...`)),
    journalShort(2, 'cmp9', 'nova-compute', 10, `ERROR nova.compute.manager [${REQ} admin demo] journald's own shape`),
    journalShort(2, 'cmp9', 'nova-compute', 10, 'ERROR nova.compute.manager Traceback (most recent call last):'),
    journalShort(3, 'ctl1', 'devstack@n-api.service', 11, `DEBUG nova.api [${REQ} admin demo] GET /${DEBUG_SUFFIX}`),
    '2026-11-23T10:00:04.000000+00:00 ctl1 nova-scheduler: ' + oslo(4, 12, 'INFO', 'nova.scheduler.manager', `${REQ} admin demo`, 'rsyslog RFC 3339'),
    JSON.stringify({ __REALTIME_TIMESTAMP: '1795428005000000', MESSAGE: oslo(5, 13, 'INFO', 'nova.conductor.manager', `${REQ} admin demo`, 'journalctl -o json'), _HOSTNAME: 'ctl1', SYSLOG_IDENTIFIER: 'nova-conductor' }),
  ].join('\n') + '\n');
  put('kube/nova-compute-0/nova-compute/0.log', s.slice(2, 10).map((l) => `2026-11-23T10:00:00.123456789Z stderr F ${l}`).join('\n') + '\n');
  put('kube/nova-api-0/nova-api/0.log', s.slice(2, 10).map((l) => JSON.stringify({ log: `${l}\n`, stream: 'stderr', time: '2026-11-23T10:00:00.123456789Z' })).join('\n') + '\n');
  put('json/nova-compute.log', [
    '{"message": "Instance failed to spawn", "asctime": "2026-11-23 10:00:02,004", "name": "nova.compute.manager", "levelname": "ERROR", "process": 7, "traceback": "Traceback (most recent call last):\\nnova.exception.PortBindingFailed: Binding failed", "hostname": "cmp1", "context": {"request_id": "req-0d6f1e2a-7b3c-4d5e-8f90-a1b2c3d4e5f6", "global_request_id": null, "user": "u1", "project_id": "p1"}, "extra": {"instance": {"uuid": "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"}}}',
    oslo(3, 7, 'INFO', 'nova.compute.manager', '-', 'a plain line among JSON ones'),
  ].join('\n') + '\n');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the fast merged print is the parsing print, byte for byte', () => {
  it.each(['shapes', 'late', 'rotated', 'corrupt', 'syslog', 'kube', 'json'])('built: %s', async (name) => {
    const out = await expectSame(path.join(tmp, name));
    expect(out.length).toBeGreaterThan(0);
  });

  it('the built files without the time column', async () => {
    for (const name of ['shapes', 'late', 'syslog']) await expectSame(path.join(tmp, name), false);
  });

  it.each([
    'warning+', 'error+', '-cpu', '-api -cpu', REQ, INST, `${REQ} warning+`,
    '/Traceback/', '/Permission denied|headerless line under/', '!/servers/', '/caf\u00e9/', '/GET/ !/servers\\/1/', '/not kept\\]/', '/PortBindingFailed/ error+',
  ])('with the filter %s', async (expr) => {
    let shown = 0;
    for (const dir of [path.join(tmp, 'shapes'), path.join(tmp, 'late'), path.join(tmp, 'syslog'), path.join(tmp, 'json'), path.join(tmp, 'corrupt'), path.join(SAMPLES, 'reschedule')]) {
      shown += (await expectSame(dir, true, filterOf(expr))).length;
    }
    expect(shown).toBeGreaterThan(0);
  });

  it('shows what the built files are there for (the comparison is not of two empty outputs)', async () => {
    const shapesOut = (await print(path.join(tmp, 'shapes'), false)).toString('utf8');
    expect(shapesOut).toMatch(/^\?\?:\?\?:\?\?\.\?\?\? .*a first line no format starts$/m);
    expect(shapesOut).toMatch(/cpu@cmp1 +ERROR +req-5a5a5a5a \[93922371\] Instance failed to spawn: café 日本\n {4}Traceback/);
    expect(shapesOut).toMatch(/more bytes of this line not kept\]/);
    const late = (await print(path.join(tmp, 'late'), false)).toString('utf8');
    expect(late).toContain('Unexpected exception in API method\n');
    expect(late).not.toContain('its record is already out');
    const corrupt = (await print(path.join(tmp, 'corrupt'), false)).toString('utf8');
    expect(corrupt).toContain('GET /v2.1/servers/20000 ');
    expect(corrupt).not.toContain('GET /v2.1/servers/39999 ');
  });

  it.each(dirsIn(SAMPLES).map((d) => path.basename(d)))('sample %s', async (name) => {
    await expectSame(path.join(SAMPLES, name));
  });

  it.each(fs.existsSync(REAL_LOGS) ? dirsIn(REAL_LOGS).map((d) => path.basename(d)) : [])('real logs %s', async (name) => {
    await expectSame(path.join(REAL_LOGS, name));
  });

  it.each([false, true])('into a slow reader (reference path: %s), waits for it without piling up listeners', async (reference) => {
    const got: Buffer[] = [];
    const out = new Writable({ highWaterMark: 1024, write(c: Buffer, _e, cb) { got.push(Buffer.from(c)); setImmediate(cb); } });
    const before = out.listenerCount('close');
    await printMergedView({ dir: path.join(tmp, 'late'), filter: NO_FILTER, output: 'text', timestamps: true, out, reference });
    expect(Buffer.concat(got).equals(await print(path.join(tmp, 'late'), true))).toBe(true);
    expect(out.listenerCount('drain')).toBe(0);
    expect(out.listenerCount('close')).toBe(before);
  });

  it('the built CLI (files framed on worker threads) prints the same', async () => {
    expect(fs.existsSync(CLI)).toBe(true);
    for (const dir of [path.join(tmp, 'shapes'), path.join(tmp, 'late'), path.join(tmp, 'rotated'), path.join(tmp, 'corrupt'), path.join(SAMPLES, 'reschedule')]) {
      const r = spawnSync(process.execPath, [CLI, 'tail', '--no-follow', '--log-dir', dir], { timeout: 30_000, maxBuffer: 64 << 20, env: WORKERS });
      expect(r.status).toBe(0);
      // The worker's warning reaches stderr before the program ends.
      if (dir.endsWith('corrupt')) expect(r.stderr.toString()).toMatch(/skipped the rest of .*nova-api\.log\.1\.gz: unexpected end of file/);
      const ref = await print(dir, true);
      if (!ref.equals(r.stdout)) expect.fail(`${dir}: ${firstDifference(ref, r.stdout)}`);
    }
    // Filters go to the workers as data: --grep's regex, --level, --request.
    const dir = path.join(tmp, 'shapes');
    const r = spawnSync(process.execPath, [CLI, 'tail', '--no-follow', '--log-dir', dir, '--grep', 'Traceback|café', '--level', 'info'], { timeout: 30_000, maxBuffer: 64 << 20, env: WORKERS });
    expect(r.status).toBe(0);
    const ref = await print(dir, true, true, { ...filterOf('info+'), include: /Traceback|café/ });
    expect(ref.length).toBeGreaterThan(0);
    if (!ref.equals(r.stdout)) expect.fail(`--grep: ${firstDifference(ref, r.stdout)}`);
  });
});
