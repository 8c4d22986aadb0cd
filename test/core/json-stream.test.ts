// --json is written record by record: the same document as JSON.stringify, for any size.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { writeTraceJson } from '../../core/cli/json-stream.js';
import { traceRequest } from '../../core/trace/trace-request.js';
import type { Trace } from '../../core/trace/trace-types.js';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../samples/reschedule');

it('writes exactly what JSON.stringify(trace, null, 2) would, in pieces', async () => {
  const t = (await traceRequest([SAMPLE], 'req-f541c3b1-affa-48e2-8781-570a61c26251')).trace!;
  let out = '';
  writeTraceJson(t, (s) => { out += s; });
  expect(out).toBe(JSON.stringify(t, null, 2) + '\n');
  const empty: Trace = { ...t, records: [] };
  let e = '';
  writeTraceJson(empty, (s) => { e += s; });
  expect(e).toBe(JSON.stringify(empty, null, 2) + '\n');
});

it('writes a trace of a million records without one giant string', async () => {
  const t = (await traceRequest([SAMPLE], 'req-f541c3b1-affa-48e2-8781-570a61c26251')).trace!;
  const rec = t.records[0];
  const big: Trace = { ...t, records: Array.from({ length: 1_000_000 }, () => rec) };
  let bytes = 0;
  let largest = 0;
  writeTraceJson(big, (s) => { bytes += s.length; largest = Math.max(largest, s.length); });
  expect(bytes).toBeGreaterThan(500_000_000);
  expect(largest).toBeLessThan(1 << 20);
}, 60_000);
