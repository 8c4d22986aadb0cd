// oslo.log's whole lines behind the system logger's prefix: services run without a log_file
// (stderr into journald) or with use_syslog (rsyslog's files), so what an operator hands over
// is `journalctl -u 'nova-*'` per host, or a central rsyslog server's one file for every host.
// Each must give the trace the per-host nova-*.log files give, with the hosts from the prefix.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../core/index/index-build.js';
import { traceRequest } from '../../core/trace/trace-request.js';
import type { Trace } from '../../core/trace/trace-types.js';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../samples/vif-plug-timeout');
const REQ = 'req-4f8a2c6e-0b3d-4e71-9a5c-7e1b3d9f2c64';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-syslog-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const OSLO = /^(\d{4})-(\d\d)-(\d\d) (\d\d:\d\d:\d\d)\.(\d{3}) (\d+) /;

interface Line { at: string; host: string; program: string; pid: string; text: string }

/** Every line of the sample with where it came from, in time order (files of one host interleave). */
function sampleLines(): Line[] {
  const out: Line[] = [];
  for (const host of fs.readdirSync(SAMPLE)) {
    const dir = path.join(SAMPLE, host);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir)) {
      const program = f.replace(/\.log$/, '');
      for (const text of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
        const m = OSLO.exec(text);
        if (m) out.push({ at: `${m[1]}-${m[2]}-${m[3]}T${m[4]}.${m[5]}`, host, program, pid: m[6], text });
      }
    }
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** `journalctl` short: `Mon DD HH:MM:SS host program[pid]: <line>` (the day padded with a space). */
const journalShort = (l: Line) => `${MONTHS[Number(l.at.slice(5, 7)) - 1]} ${String(Number(l.at.slice(8, 10))).padStart(2, ' ')} ${l.at.slice(11, 19)} ${l.host} ${l.program}[${l.pid}]: ${l.text}`;
/** rsyslog's RFC 3339 template, a tag without a pid (oslo.log's syslog handler opens the log so). */
const rsyslogIso = (l: Line) => `${l.at}000+00:00 ${l.host} ${l.program}: ${l.text}`;

function write(rel: string, lines: string[]): void {
  const f = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, lines.join('\n') + '\n');
}

const essentials = (t: Trace) => ({
  status: t.verdict.status, signature: t.verdict.signature, cause: t.verdict.cause?.id ?? null, failed: t.verdict.failed_stage,
  hosts: t.hosts, stages: t.stages.map((s) => `${s.stage}|${s.host ?? ''}|${s.status}`), records: t.records.length,
});

describe('oslo.log lines behind syslog\'s prefix', () => {
  it('journalctl per host in one flat folder: the same trace, hosts from the prefix', async () => {
    const original = (await traceRequest([SAMPLE], REQ)).trace!;
    const lines = sampleLines();
    for (const host of new Set(lines.map((l) => l.host))) write(`journal/${host}.txt`, lines.filter((l) => l.host === host).map(journalShort));
    const t = (await traceRequest([path.join(tmp, 'journal')], REQ)).trace!;
    expect(essentials(t)).toEqual(essentials(original));
    expect(t.verdict).toMatchObject({ status: 'ERROR', cause: { id: 'vif-plug-timeout' } });
    expect(t.hosts).toEqual(['cmp1']);
  });

  it("a central rsyslog server's one file for every host (RFC 3339 times, tags without pids)", async () => {
    const original = (await traceRequest([SAMPLE], REQ)).trace!;
    write('rsyslog/messages', sampleLines().map(rsyslogIso));
    const t = (await traceRequest([path.join(tmp, 'rsyslog')], REQ)).trace!;
    expect(essentials(t)).toEqual(essentials(original));
  });

  it('the index reads them as the search does (the byte scanner hands such lines to the parser)', async () => {
    for (const dir of ['journal', 'rsyslog']) {
      const index = path.join(tmp, `${dir}.sqlite`);
      await buildIndex({ paths: [path.join(tmp, dir)], indexFile: index });
      const plain = await traceRequest([path.join(tmp, dir)], REQ, { index: null });
      const indexed = await traceRequest([path.join(tmp, dir)], REQ, { index });
      expect(JSON.stringify(indexed.trace)).toEqual(JSON.stringify(plain.trace));
      expect(plain.trace!.records.length).toBeGreaterThan(10);
    }
  });
});
