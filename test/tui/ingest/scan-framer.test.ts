// The history load frames records from the byte-level record scanner (ScanFramer); the live
// tail parses every line (RecordFramer). Both must give the same IngestRecords — boundaries,
// traceback continuations, `continues` records, ts, level, origin, hashes, unparsed — on every
// sample, every real-log file, the head of the benchmark corpus (when generated) and the rare
// shapes, framed whole and in ranges that start at arbitrary lines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RecordFramer } from '../../../tui/ingest/record-framer.js';
import { ChunkFramerState, frameRange, recordsOf } from '../../../tui/ingest/history-chunk.js';
import { OriginTable } from '../../../tui/ingest/origins.js';
import type { IngestRecord } from '../../../tui/model/types.js';
import { REAL_LOGS } from '../../helpers/real-logs.js';
import { errorWithTraceback, infoLine, INST } from './ingest-helpers.js';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples');
const BENCH_LOGS = path.join(process.env.NOVA_TRACE_BENCH_DIR ?? path.join(os.tmpdir(), 'nova-trace-bench-1100-42'), 'logs');
const BENCH_HEAD = 3 << 20;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (!/NOTICE|\.md$|\.json$|\.csv$|\.gz$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

interface Framed { records: IngestRecord[]; origins: OriginTable }

function newOrigins(): { origins: OriginTable; fileOrigin: number } {
  const origins = new OriginTable();
  return { origins, fileOrigin: origins.slotOf('compute', 'cmp1') };
}

/** RecordFramer fed line by line over buf[start, end), as the history load did. */
function byLines(buf: Buffer, ranges: [number, number][], refYear: number): Framed {
  const { origins, fileOrigin } = newOrigins();
  const records: IngestRecord[] = [];
  for (const [start, end] of ranges) {
    const f = new RecordFramer(3, fileOrigin, 'cmp1', refYear, origins, (r) => records.push(r));
    let s = start;
    while (s < end) {
      let nl = buf.indexOf(0x0a, s);
      if (nl < 0 || nl >= end) nl = end;
      f.line(buf, s, nl, s);
      s = nl + 1;
    }
    f.flush();
  }
  return { records, origins };
}

/** ScanFramer over the same ranges, through the columns a worker thread hands back. */
function byScanner(buf: Buffer, ranges: [number, number][], refYear: number): Framed {
  const { origins, fileOrigin } = newOrigins();
  const state = new ChunkFramerState();
  const slots: number[] = [];
  const records: IngestRecord[] = [];
  for (const [start, end] of ranges) {
    const r = frameRange(buf, start, end, 0, { fileOrigin, fileHost: 'cmp1', refYear }, state);
    records.push(...recordsOf(r, 3, slots, (p, h) => origins.slotOfProgram(p, h)));
  }
  return { records, origins };
}

/** Record for record, with origins compared by what they name. */
function expectSame(data: Buffer, ranges: [number, number][], refYear: number, what: string): number {
  const old = byLines(data, ranges, refYear);
  const now = byScanner(data, ranges, refYear);
  const view = (f: Framed) => f.records.map((r) => ({
    ...r, bytes: r.bytes.toString('latin1'), origin: f.origins.get(r.origin).label, ts: Number.isNaN(r.ts) ? 'NaN' : r.ts,
  }));
  const a = view(old), b = view(now);
  expect(b.length, `${what}: record count`).toBe(a.length);
  for (let i = 0; i < a.length; i++) {
    if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) expect(b[i], `${what}: record ${i} at ${a[i].offset}`).toEqual(a[i]);
  }
  return a.length;
}

/** Ranges that start at line starts about every `step` bytes (not at record starts). */
function lineRanges(data: Buffer, step: number): [number, number][] {
  const ranges: [number, number][] = [];
  let s = 0;
  while (s < data.length) {
    let e = data.indexOf(0x0a, Math.min(s + step, data.length - 1));
    e = e < 0 ? data.length : e + 1;
    ranges.push([s, e]);
    s = e;
  }
  return ranges;
}

function check(data: Buffer, refYear: number, what: string): number {
  const n = expectSame(data, [[0, data.length]], refYear, what);
  expectSame(data, lineRanges(data, 7919), refYear, `${what} (ranges)`);
  return n;
}

describe('ScanFramer frames as RecordFramer does', () => {
  it('on every sample', () => {
    let n = 0;
    for (const f of filesUnder(SAMPLES)) n += check(fs.readFileSync(f), 2026, f);
    expect(n).toBeGreaterThan(1500);
  });

  it.skipIf(!fs.existsSync(REAL_LOGS))('on every real-log file', () => {
    let n = 0;
    for (const f of filesUnder(REAL_LOGS)) n += check(fs.readFileSync(f), fs.statSync(f).mtime.getUTCFullYear(), f);
    expect(n).toBeGreaterThan(10000);
  });

  it.skipIf(!fs.existsSync(BENCH_LOGS))('on the head of every benchmark corpus file', () => {
    for (const f of filesUnder(BENCH_LOGS)) {
      const fd = fs.openSync(f, 'r');
      const buf = Buffer.allocUnsafe(BENCH_HEAD);
      const n = fs.readSync(fd, buf, 0, BENCH_HEAD, 0);
      fs.closeSync(fd);
      const head = buf.subarray(0, buf.lastIndexOf(0x0a, n - 1) + 1);
      expect(expectSame(head, [[0, head.length]], 2026, f)).toBeGreaterThan(1000);
    }
  }, 60_000);

  it('on the rare shapes: CRLF, NUL runs, colours, journald, grep -H prefixes, torn and foreign lines', () => {
    const tb = errorWithTraceback(1, 3, 100);
    const ls = [
      'a headerless first line', '', infoLine(1), `${infoLine(2)}\r`, 'body\r', '\r', '',
      ...tb.slice(0, 2), infoLine(3, 200), ...tb.slice(2), 'Traceback tail', infoLine(4),
      `\0\0\0${infoLine(5)}`, `\x1b[00;32m${infoLine(6)}\x1b[00m`,
      'Nov 23 10:00:01 cmp2 nova-compute[4242]: INFO nova.compute.manager [req-1b2c3d4e-0000-4000-8000-000000000002 admin demo] x',
      'Nov 23 10:00:01.5 cmp2 devstack@n-cpu.service[4243]: ERROR nova.compute.manager [instance: ' + INST + '] y',
      `nova-api.log:${infoLine(7)}`, `nova-scheduler.log ${infoLine(8)}`,
      '2026-11-23 10:00:02.000 x', '2026-11-23 10:00:02.000 12 BOGUS nova.x y', '2026-11-23 10:00:02.000 abc INFO nova.x lenient pid',
      `2026-11-23 10:00:02.000 300 INFO nova.x [req-\u00e9t\u00e9-1 u p] non-ASCII id`,
      '2026-11-23 10:00:03.000 400 ERROR nova.x [req-1b2c3d4e-0000-4000-8000-000000000003 u p] boom', '2026-11-23 10:00:03.001 400 TRACE nova.x Traceback (most recent call last):',
      '2026-11-23 10:00:03.001 401 TRACE nova.y a traceback line with no record above', '2026-11-23 10:00:03.002 400 TRACE nova.x ValueError', 'trailing line without newline',
    ];
    const data = Buffer.from(ls.join('\n'));
    check(data, 2026, 'rare shapes');
    for (let cut = 1; cut < ls.length; cut++) {
      const at = Buffer.byteLength(ls.slice(0, cut).join('\n')) + 1;
      expectSame(data, [[0, at], [at, data.length]], 2026, `rare shapes cut before line ${cut}`);
    }
  });

  it('on many processes interleaving tracebacks (more pids than the anchor cap)', () => {
    const ls: string[] = [];
    for (let pid = 1; pid <= 5000; pid++) ls.push(...errorWithTraceback(pid % 900, 2, pid).slice(0, 2));
    for (let pid = 1; pid <= 5000; pid += pid < 4000 ? 7 : 1) ls.push(errorWithTraceback(pid % 900, 3, pid)[2]);
    const data = Buffer.from(ls.join('\n') + '\n');
    expect(expectSame(data, [[0, data.length]], 2026, 'many pids')).toBeGreaterThan(5000);
  });
});
