// One bad file never hides the rest: a directory of real logs plus a corrupt .gz (good head,
// broken middle), an empty .gz, a truncated .gz, a binary file, a FIFO and a symlink loop. The
// trace is the same as without them, and each bad file is named in a note.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';
import { realLogDir } from '../helpers/real-logs.js';

const T57 = realLogDir('fi-pike-nova-t57');
const ID = 'req-c45dffa8-4409-4294-bffa-67d21cefec5c';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-hostile-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

it('traces through corrupt, empty, truncated and binary files, FIFOs and symlink loops, naming what it skipped', async () => {
  for (const f of fs.readdirSync(T57)) if (f.startsWith('nova-')) fs.copyFileSync(path.join(T57, f), path.join(tmp, f));
  const gz = zlib.gzipSync(fs.readFileSync(path.join(T57, 'nova-compute.log.1')));
  const corrupt = Buffer.from(gz);
  for (let i = Math.floor(corrupt.length / 2); i < Math.floor(corrupt.length / 2) + 64; i++) corrupt[i] ^= 0xff;
  fs.writeFileSync(path.join(tmp, 'nova-compute.log.3.gz'), corrupt);
  fs.writeFileSync(path.join(tmp, 'nova-compute.log.4.gz'), Buffer.alloc(0));
  fs.writeFileSync(path.join(tmp, 'nova-compute.log.5.gz'), gz.subarray(0, Math.floor(gz.length / 3)));
  fs.writeFileSync(path.join(tmp, 'core.dump'), Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256)));
  execFileSync('mkfifo', [path.join(tmp, 'nova-api.fifo')]);
  fs.mkdirSync(path.join(tmp, 'loop'));
  fs.symlinkSync('..', path.join(tmp, 'loop', 'up'));

  const { trace, skipped } = await traceRequest([tmp], ID);
  expect(trace!.verdict.status).toBe('ERROR');
  expect(trace!.verdict.cause?.id).toBe('vif-plug-timeout');
  const names = skipped.map((s) => path.basename(s.path));
  expect(names).toEqual(expect.arrayContaining(['nova-compute.log.4.gz', 'core.dump']));
  expect(skipped.find((s) => s.path.endsWith('up'))?.reason).toMatch(/symlink loop/);
  // The corrupt rotation's head is fine, its middle is not: found at search time, named, skipped.
  expect(trace!.warnings.some((w) => /nova-compute\.log\.3\.gz.*not a readable gzip file/.test(w))).toBe(true);
});

it('keeps the line after 64 KiB of NUL bytes, and a record whose header holds invalid UTF-8', async () => {
  const dir = path.join(tmp, 'nul');
  fs.mkdirSync(dir);
  const api = fs.readFileSync(path.join(T57, 'nova-api.log.1'));
  // A file truncated under its writer: NULs, then the log goes on.
  fs.writeFileSync(path.join(dir, 'nova-api.log.1'), Buffer.concat([Buffer.alloc(64 * 1024), api]));
  for (const f of ['nova-compute.log.1', 'nova-compute.log', 'nova-scheduler.log.1', 'nova-conductor.log.1']) fs.copyFileSync(path.join(T57, f), path.join(dir, f));
  // Invalid UTF-8 in the logger name of the access line: the record keeps its request id.
  const access = fs.readFileSync(path.join(T57, 'nova-api.log.1'), 'latin1').split('\n').filter((l) => l.includes(ID) && l.includes('"POST'));
  fs.appendFileSync(path.join(dir, 'nova-api.log.1'), Buffer.from(access[0].replace('nova.osapi_compute.wsgi.server', 'nova.osapi_compute.wsgi.\xff\xfeserver') + '\n', 'latin1'));
  const t = (await traceRequest([dir], ID)).trace!;
  expect(t.verdict.cause?.id).toBe('vif-plug-timeout');
  expect(t.records.filter((r) => r.service === 'api' && /"POST .*servers/.test(r.message)).length).toBeGreaterThanOrEqual(1);
  expect(t.unparsed).toEqual([]);
});

it('bounds memory on a 40 MB line inside a .gz and refuses a .gz bomb, naming it', async () => {
  const dir = path.join(tmp, 'huge');
  fs.mkdirSync(dir);
  for (const f of fs.readdirSync(T57)) if (f.startsWith('nova-')) fs.copyFileSync(path.join(T57, f), path.join(dir, f));
  const line = `2018-06-28 00:21:25.000 3029 DEBUG nova.compute.manager [${ID} 853b7fdc91464c17a1324f3725c5ed45 53a5e410f74f447aa70e5a9a3bd99028 - 9c355ce7721045678c36d217022c4ffc 9c355ce7721045678c36d217022c4ffc] big ${'x'.repeat(40 << 20)}\n`;
  fs.writeFileSync(path.join(dir, 'nova-compute.log.2.gz'), zlib.gzipSync(Buffer.from(line)));
  // 600 MiB of zeros in 600 KiB: more than the tracer decompresses in memory.
  const gz = zlib.createGzip();
  const chunks: Buffer[] = [];
  gz.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => gz.on('end', r));
  const zeros = Buffer.alloc(1 << 20, 0x30);
  for (let i = 0; i < 600; i++) gz.write(zeros);
  gz.end();
  await done;
  fs.writeFileSync(path.join(dir, 'nova-compute.log.3.gz'), Buffer.concat([zlib.gzipSync('2018-06-28 00:00:00.000 1 INFO nova.compute.manager [-] start\n'), Buffer.concat(chunks)]));
  const before = process.memoryUsage().rss;
  const t = (await traceRequest([dir], ID)).trace!;
  expect(t.verdict.cause?.id).toBe('vif-plug-timeout');
  const big = t.records.find((r) => r.message.startsWith('big '))!;
  expect(big.message.length).toBeLessThan((1 << 20) + 200);
  expect(big.message).toMatch(/more bytes of this line not kept\]$/);
  expect(t.warnings.some((w) => /nova-compute\.log\.3\.gz: decompresses to more than 512 MiB/.test(w))).toBe(true);
  expect(process.memoryUsage().rss - before).toBeLessThan(400 << 20);
}, 60_000);
