// The byte-level record scanner must read every line as parsers/line-parser.ts does: the same
// lines are records, unparsed or continuations, with the same time, pid, level, logger,
// context, instance, host and program, and the same traceback lines attach to the same
// records (RecordAssembler's rule). Checked on every real-log file and every sample, read in
// pieces so that lines cross the buffer ends, and on hand-made lines for the rare shapes.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../../parsers/formats/index.js';
import { parseLine, type ParsedLine } from '../../../parsers/line-parser.js';
import { attachesTo } from '../../../parsers/traceback-rule.js';
import { LEVEL_NAMES, KIND_RECORD, KIND_UNPARSED, type ScannedLine } from '../../../core/scan/record-fields.js';
import { RecordScanner, ScanIds } from '../../../core/scan/record-scanner.js';
import { REAL_LOGS } from '../../helpers/real-logs.js';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (!/NOTICE|\.md$|\.json$|\.csv$/.test(e.name)) out.push(p);
  }
  return out;
}

interface Fields { kind: string; ts: number; pid: number; level: string | null; logger: string; rid: string | null; gid: string | null; instance: string | null; host: string | null; program: string | null; hasContext: boolean; hasUser: boolean; continues: number }

/** What parseLine and the RecordAssembler's attach rule say about each line, keyed by offset. */
function expected(data: Buffer, refYear: number): Map<number, Fields> {
  const out = new Map<number, Fields>();
  const anchors = new Map<number, { rec: ParsedLine; lastTs: number; offset: number }>();
  let s = 0;
  while (s < data.length) {
    let nl = data.indexOf(10, s);
    if (nl < 0) nl = data.length;
    const e = nl > s && data[nl - 1] === 13 ? nl - 1 : nl;
    const p = e > s ? parseLine(data.toString('utf8', s, e), refYear, FORMATS) : null;
    if (p) {
      const f: Fields = p.kind === 'unparsed'
        ? { kind: 'unparsed', ts: NaN, pid: 0, level: null, logger: '', rid: null, gid: null, instance: null, host: null, program: null, hasContext: false, hasUser: false, continues: -1 }
        : { kind: 'record', ts: p.ts, pid: p.pid, level: p.level, logger: p.logger, rid: p.context.requestId, gid: p.context.globalRequestId, instance: p.instance, host: p.host, program: p.program, hasContext: p.hasContext, hasUser: p.context.user !== null, continues: -1 };
      if (p.kind === 'record') {
        const a = anchors.get(p.pid);
        if (a && attachesTo(a.rec, a.lastTs, p)) { f.continues = a.offset; a.lastTs = p.ts; } else anchors.set(p.pid, { rec: p, lastTs: p.ts, offset: s });
      }
      out.set(s, f);
    }
    s = nl + 1;
  }
  return out;
}

function scanned(data: Buffer, refYear: number, piece: number): Map<number, Fields> {
  const names = new ScanIds();
  const out = new Map<number, Fields>();
  const str = (t: { string(id: number): string }, id: number) => (id < 0 ? null : t.string(id));
  const scanner = new RecordScanner(names, refYear, {
    line(l: ScannedLine) {
      out.set(l.offset, l.kind === KIND_UNPARSED
        ? { kind: 'unparsed', ts: NaN, pid: 0, level: null, logger: '', rid: null, gid: null, instance: null, host: null, program: null, hasContext: false, hasUser: false, continues: -1 }
        : { kind: l.kind === KIND_RECORD ? 'record' : '?', ts: l.ts, pid: l.pid, level: l.level < 0 ? null : LEVEL_NAMES[l.level], logger: names.loggers.string(l.logger), rid: str(names.ids, l.requestId), gid: str(names.ids, l.globalRequestId), instance: str(names.ids, l.instance), host: str(names.hosts, l.host), program: str(names.hosts, l.program), hasContext: l.hasContext, hasUser: l.hasUser, continues: l.continues });
    },
  });
  // Feed whole lines in pieces of about `piece` bytes, as a file reader does.
  let s = 0;
  while (s < data.length) {
    let end = Math.min(data.length, s + piece);
    if (end < data.length) { const nl = data.lastIndexOf(10, end - 1); end = nl >= s ? nl + 1 : (data.indexOf(10, end) + 1 || data.length); }
    scanner.scan(data.subarray(0, end), s, end, 0);
    s = end;
  }
  return out;
}

function compare(data: Buffer, refYear: number, piece = 64 * 1024): { lines: number; mismatches: string[] } {
  const want = expected(data, refYear);
  const got = scanned(data, refYear, piece);
  const mismatches: string[] = [];
  for (const [off, w] of want) {
    const g = got.get(off);
    if (!g) { mismatches.push(`@${off}: scanner missed the line`); continue; }
    for (const k of Object.keys(w) as (keyof Fields)[]) {
      if (!Object.is(w[k], g[k])) mismatches.push(`@${off} ${k}: parser ${JSON.stringify(w[k])}, scanner ${JSON.stringify(g[k])} — ${data.toString('utf8', off, Math.min(off + 160, data.indexOf(10, off) < 0 ? data.length : data.indexOf(10, off)))}`);
    }
  }
  for (const off of got.keys()) if (!want.has(off)) mismatches.push(`@${off}: scanner reports a line the parser calls a continuation`);
  return { lines: want.size, mismatches };
}

const files = [...filesUnder(REAL_LOGS), ...filesUnder(SAMPLES)];

describe('record scanner agrees with parseLine', () => {
  it('finds the real logs and samples', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files.map((f) => [path.relative(path.dirname(REAL_LOGS), f), f]))('%s', (_name, file) => {
    let data = fs.readFileSync(file);
    if (file.endsWith('.gz')) data = zlib.gunzipSync(data);
    const refYear = fs.statSync(file).mtime.getUTCFullYear();
    const { mismatches } = compare(data, refYear, 4096 + (data.length % 977));
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it('reads the rare shapes like the parser', () => {
    const lines = [
      '2026-11-23 10:15:02.118 4121 INFO nova.compute.manager [req-2f6c1e2a-7f0a-4a51-9d55-0d1b6f0e7a10 u-admin p-admin - - -] [instance: 5b0c3f8e-2a4d-4c1b-9f7e-3c2d1a0b9e8f] Took 0.41 seconds',
      '2026-11-23 10:15:02.118 4121 ERROR nova.compute.manager [instance: 5b0c3f8e-2a4d-4c1b-9f7e-3c2d1a0b9e8f] Traceback (most recent call last):',
      '2026-11-23 10:15:02,5 12  WARNING   nova.x [None req-aaaaaaaa-1111 admin admin] m',
      '2026-11-23 10:15:02 12 WARN nova.x: [req-g-1234 req-r-5678 u p] lenient logger',
      '2026-11-23 10:15:02 1x2 INFO nova.\xe9 [req-bbbbbbbb-2222 - - - - -] pid not a number',
      '2026-11-23 10:15:02.1 12 INFO nova.x',
      '2026-11-23 10:15:02.1 12 NOTICE nova.x [-] not a level',
      '2026-11-23 10:15:0',
      '2026-11-23 10:15:02.118 4121 INFO nova.x [req-unclosed context',
      '2026-11-23 10:15:02.118 4121 INFO nova.x [not a context] [instance: abc] m',
      '2026-11-23 10:15:02.118 4121 INFO nova.x [req-cccccccc-3333 None] m',
      '2026-11-23 10:15:02.118 4121 INFO nova.x [req-dddddddd-4444 ] m',
      'Nov 23 10:15:02 cmp3 nova-compute[2931]: INFO nova.compute.claims [None req-6a763803-4838-49c7-814e-eaefbaddee9d admin admin - - -] [instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] Claim successful on node cmp3',
      'Feb 20 10:17:40.532917 devstack nova-compute[21375]: DEBUG nova.compute.manager [None req-5f1e0c3a-9d3e-4a8b-8c55-1f0e2d3c4b5a admin admin] Lock acquired {{(pid=21375) inner /opt/stack/nova/nova/utils.py:92}}',
      'Feb 20 10:17:40 10.0.0.1 nova-compute[21375]: INFO nova.x [-] host not a word',
      'Feb  3 10:17:40 h nova-compute[21375]: INFO nova.x [-] two spaces',
      'Feb 20 10:17:40 h nova-compute: INFO nova.x [-] no pid',
      '\x1b[00;32m2026-11-23 10:15:02.118\x1b[00m 4121 \x1b[01;35mINFO\x1b[00m nova.x [\x1b[00;36m-\x1b[00m] colours',
      '\0\0\x002026-11-23 10:15:02.118 4121 INFO nova.x [req-eeeeeeee-5555 u p - - -] after NULs',
      'nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b-2096-447d-96ea-a692162415ae 113d3a99c3da401fbd62cc2caa5b96d2 54fadb412c4e40cdbaed9335e4c35a9e - - -] 10.11.10.1 "GET /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail HTTP/1.1" status: 200',
      '{"MESSAGE":"Claim successful","__REALTIME_TIMESTAMP":"1700000000000000","_PID":"12","LOGGER_NAME":"nova.compute.claims","REQUEST_ID":"req-ffffffff-6666","_HOSTNAME":"cmp9","SYSLOG_IDENTIFIER":"nova-compute"}',
      '  File "/usr/lib/python3/dist-packages/nova/compute/manager.py", line 2, in f',
      '<domain type="kvm">',
      '2026-11-23 10:15:03.000 4121 TRACE nova.compute.manager Traceback',
      // every other format of the registry (journalctl -o short-iso…) goes through parseLine
      '2019-02-20T10:17:40.532917+00:00 ubuntu-bionic-0001 nova-compute[21375]: INFO nova.compute.claims [None req-5f1e0c3a-9d3e-4a8b-8c55-1f0e2d3c4b5a demo demo] [instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] Claim successful on node ubuntu-bionic-0001',
    ];
    const data = Buffer.from(lines.join('\r\n') + '\n', 'latin1');
    const { lines: n, mismatches } = compare(data, 2026, 100);
    expect(mismatches).toEqual([]);
    expect(n).toBeGreaterThan(15);
  });
});
