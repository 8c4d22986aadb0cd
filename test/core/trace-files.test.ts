// The tracer over files as they come from real hosts: rotated and compressed, and with lines
// of other formats that mention the request.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../samples/reschedule');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-files-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const { query } = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'expected.json'), 'utf8'));

it('traces through a rotated .gz compute log and keeps a foreign line that names the request', async () => {
  const dir = path.join(tmp, 'reschedule');
  fs.cpSync(SAMPLE, dir, { recursive: true });
  const cmp1 = path.join(dir, 'cmp1/nova-compute.log');
  fs.writeFileSync(`${cmp1}.1.gz`, zlib.gzipSync(fs.readFileSync(cmp1)));
  fs.writeFileSync(cmp1, '');
  const foreign = `2026-11-24 09:41:07 [error] 812#812: upstream timed out while reading ${query} from 10.0.0.5`;
  fs.appendFileSync(path.join(dir, 'ctl1/nova-api.log'), foreign + '\n');

  const original = (await traceRequest([SAMPLE], query)).trace!;
  const t = (await traceRequest([dir], query)).trace!;
  expect(t.verdict).toEqual(original.verdict);
  expect(t.attempts).toEqual(original.attempts);
  expect(t.records.map((r) => r.file.replace('nova-compute.log.1.gz', 'nova-compute.log'))).toEqual(original.records.map((r) => r.file));
  expect(t.records.filter((r) => r.file === 'cmp1/nova-compute.log.1.gz').length).toBeGreaterThan(10);
  const failed = t.records.find((r) => r.file === 'cmp1/nova-compute.log.1.gz' && r.level === 'ERROR');
  expect(failed?.continuation.at(-1)).toMatch(/^libvirt\.libvirtError: /);
  expect(t.unparsed).toEqual([{ file: 'ctl1/nova-api.log', line: expect.any(Number), offset: expect.any(Number), text: foreign }]);
});
