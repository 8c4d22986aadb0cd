// devstack and systemd hosts log through journald: every service in one export, host and
// program on each line, no year, no file per service. The boot-success sample rewritten that
// way must trace to the same verdict, hosts and records.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../samples/boot-success');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-journal-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HEADER = /^(\d{4})-(\d\d)-(\d\d) (\d\d:\d\d:\d\d)\.(\d{3}) (\d+) (.*)$/;

/**
 * `2026-11-23 10:15:02.118 4121 INFO …` → `Nov 23 10:15:02.118000 cmp1 nova-compute[4121]: INFO …`.
 * Returns blocks (a header line and the headerless lines under it) keyed by time, for merging.
 */
function toJournal(file: string, host: string, program: string): { key: string; lines: string[] }[] {
  const blocks: { key: string; lines: string[] }[] = [];
  for (const l of fs.readFileSync(file, 'latin1').split('\n').filter((x) => x !== '')) {
    const m = HEADER.exec(l.replace(/\r$/, ''));
    if (m) blocks.push({ key: `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}`, lines: [`${MONTHS[+m[2] - 1]} ${m[3]} ${m[4]}.${m[5]}000 ${host} ${program}[${m[6]}]: ${m[7]}`] });
    else if (blocks.length) blocks[blocks.length - 1].lines.push(l);
  }
  return blocks;
}

it('traces a boot from a journald export with the same verdict and records as from the files', async () => {
  const blocks = [
    ...toJournal(path.join(SAMPLE, 'ctl1/nova-api.log'), 'ctl1', 'nova-api'),
    ...toJournal(path.join(SAMPLE, 'ctl1/nova-conductor.log'), 'ctl1', 'nova-conductor'),
    ...toJournal(path.join(SAMPLE, 'ctl1/nova-scheduler.log'), 'ctl1', 'nova-scheduler'),
    ...toJournal(path.join(SAMPLE, 'ctl1/nova-placement-api.log'), 'ctl1', 'nova-placement-api'),
    ...toJournal(path.join(SAMPLE, 'cmp1/nova-compute.log'), 'cmp1', 'nova-compute'),
    ...toJournal(path.join(SAMPLE, 'cmp2/nova-compute.log'), 'cmp2', 'nova-compute'),
  ];
  // journalctl prints entries in time order (the sort is stable: same-millisecond lines keep their order).
  const lines = blocks.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).flatMap((b) => b.lines);
  fs.writeFileSync(path.join(tmp, 'journal.log'), lines.join('\n') + '\n', 'latin1');
  const { query } = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'expected.json'), 'utf8'));

  const fromFiles = (await traceRequest([SAMPLE], query)).trace!;
  const fromJournal = (await traceRequest([tmp], query)).trace!;
  expect(fromJournal.verdict.status).toBe('ACTIVE');
  expect(fromJournal.hosts).toEqual(['cmp1']);
  expect(fromJournal.stages.map((s) => [s.stage, s.status, s.host])).toEqual(fromFiles.stages.map((s) => [s.stage, s.status, s.host]));
  expect(fromJournal.records.map((r) => [r.service, r.host, r.message])).toEqual(fromFiles.records.map((r) => [r.service, r.host, r.message]));
  expect(fromJournal.records.every((r) => r.file === 'journal.log')).toBe(true);
});
