import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogTail } from '../../../tui/ingest/log-tail.js';
import type { IngestRecord } from '../../../tui/model/types.js';
import { append, Collector, errorWithTraceback, infoLine, lines, removeDir, seqsOf, sleep, tempDir } from './ingest-helpers.js';

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const seqLines = (a: number, b: number) => lines(...range(a, b).map((i) => infoLine(i)));

let dir = '';
let tail: LogTail | null = null;
let c = new Collector();

async function startTail(files: Record<string, string>, extra: { holdMs?: number } = {}) {
  dir = tempDir();
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  c = new Collector();
  tail = new LogTail({ dir, onBatch: c.onBatch, ...extra });
  await tail.start();
  return tail;
}

function recordOf(seq: number): IngestRecord {
  const r = c.all().find((x) => seqsOf(x).includes(String(seq)));
  if (!r) throw new Error(`no record for seq ${seq}`);
  return r;
}

/** SourceCatalog.read gives back each record's bytes from disk. */
function expectReadable(t: LogTail, seqs: number[]) {
  for (const s of seqs) {
    const r = recordOf(s);
    expect(t.read(r.file, r.offset, r.bytes.length)?.equals(r.bytes), `seq ${s}`).toBe(true);
  }
}

afterEach(async () => {
  await tail?.stop();
  tail = null;
  removeDir(dir);
});

describe('LogTail live following', () => {
  it('emits the tails as one live batch before start() returns, then follows appends across files', async () => {
    const t = await startTail({ 'cmp1/nova-compute.log': seqLines(1, 3), 'nova-api.log': seqLines(4, 5) });
    expect(c.batches).toEqual([{ kind: 'live', size: 5 }]);
    expect(t.stats().filesFollowed).toBe(2);
    append(path.join(dir, 'cmp1/nova-compute.log'), seqLines(6, 20));
    append(path.join(dir, 'nova-api.log'), seqLines(21, 30));
    append(path.join(dir, 'cmp1/nova-compute.log'), seqLines(31, 40));
    await c.waitForSeqs(1, 40);
    await sleep(100);
    expect(c.duplicates()).toEqual([]);
    expect(t.origin(recordOf(6).origin).label).toBe('cpu@cmp1');
    expect(t.origin(recordOf(21).origin).label).toBe('api');
    expect(t.fileLabel(recordOf(21).file)).toBe('nova-api.log');
    expectReadable(t, [1, 6, 21, 40]);
    expect(t.stats().linesRead).toBe(40);
  });

  it('holds a partial line until its newline arrives', async () => {
    await startTail({ 'nova-api.log': seqLines(1, 1) });
    const file = path.join(dir, 'nova-api.log');
    const l = infoLine(2);
    append(file, l.slice(0, 40));
    await sleep(400);
    expect(c.all().some((r) => r.bytes.toString().startsWith(l.slice(0, 40)))).toBe(false);
    append(file, l.slice(40) + '\n');
    await c.waitForSeqs(2, 2);
    expect(recordOf(2).bytes.toString()).toBe(l);
  });

  it('follows a rename rotation, including writes to the old inode after the rename', async () => {
    const t = await startTail({ 'nova-compute.log': '' });
    const file = path.join(dir, 'nova-compute.log');
    const fd = fs.openSync(file, 'a');
    fs.writeSync(fd, seqLines(1, 5));
    await c.waitForSeqs(1, 5);
    fs.renameSync(file, file + '.1');
    fs.writeSync(fd, seqLines(6, 8)); // the writer has not reopened yet
    fs.writeFileSync(file, seqLines(9, 10));
    await c.waitForSeqs(1, 10);
    fs.writeSync(fd, seqLines(11, 11)); // even after the new file was picked up (grace period)
    fs.closeSync(fd);
    await c.waitForSeqs(11, 11);
    await sleep(300);
    expect(c.duplicates()).toEqual([]);
    expect(recordOf(6).file).toBe(recordOf(1).file);
    expect(recordOf(9).file).not.toBe(recordOf(1).file);
    expect(t.fileLabel(recordOf(1).file)).toBe('nova-compute.log.1');
    expect(t.fileLabel(recordOf(9).file)).toBe('nova-compute.log');
    expect(recordOf(11).file).toBe(recordOf(1).file);
    expectReadable(t, [1, 6, 8, 9, 10, 11]);
  });

  it('recovers, after copytruncate, the lines written between our last read and the copy', async () => {
    const t = await startTail({ 'nova-compute.log': seqLines(1, 5) });
    const file = path.join(dir, 'nova-compute.log');
    await c.waitForSeqs(1, 5);
    t.pause();
    append(file, seqLines(6, 8));
    fs.copyFileSync(file, file + '.1');
    fs.truncateSync(file, 0);
    append(file, seqLines(9, 10));
    t.resume();
    await c.waitForSeqs(1, 10);
    await sleep(300);
    expect(c.duplicates()).toEqual([]);
    expect(recordOf(8).file).toBe(recordOf(1).file);
    expect(t.fileLabel(recordOf(1).file)).toBe('nova-compute.log.1');
    expect(t.fileLabel(recordOf(9).file)).toBe('nova-compute.log');
    expectReadable(t, [1, 5, 6, 8, 9, 10]);
  });

  it.each([
    ['shorter than before', 7],
    ['longer than before (seen by its bytes, not its size)', 20],
  ])('starts a new generation after a plain truncation, new content %s; the old bytes read as gone', async (_n, last) => {
    const t = await startTail({ 'nova-compute.log': seqLines(1, 5) });
    const file = path.join(dir, 'nova-compute.log');
    t.pause();
    fs.truncateSync(file, 0);
    append(file, seqLines(6, last));
    t.resume();
    await c.waitForSeqs(1, last);
    await sleep(300);
    expect(c.duplicates()).toEqual([]);
    const old = recordOf(1);
    expect(t.read(old.file, old.offset, old.bytes.length)).toBeNull();
    expect(recordOf(6).offset).toBe(0);
    expectReadable(t, [6, last]);
  });

  it('follows a file deleted and recreated', async () => {
    const t = await startTail({ 'nova-compute.log': seqLines(1, 5) });
    const file = path.join(dir, 'nova-compute.log');
    fs.unlinkSync(file);
    await sleep(50);
    fs.writeFileSync(file, seqLines(6, 8));
    await c.waitForSeqs(1, 8);
    await sleep(300);
    expect(c.duplicates()).toEqual([]);
    expectReadable(t, [1, 6, 8]);
  });

  it('follows a new log file from its start, but does not read a file appearing under a rotated name', async () => {
    const t = await startTail({ 'nova-api.log': seqLines(1, 2) });
    fs.mkdirSync(path.join(dir, 'cmp2'));
    fs.writeFileSync(path.join(dir, 'cmp2/nova-compute.log'), seqLines(3, 4));
    fs.writeFileSync(path.join(dir, 'nova-api.log.1'), seqLines(100, 101));
    fs.copyFileSync(path.join(dir, 'nova-api.log'), path.join(dir, 'nova-api.log-20261123'));
    await c.waitForSeqs(3, 4);
    append(path.join(dir, 'cmp2/nova-compute.log'), seqLines(5, 5));
    await c.waitForSeqs(5, 5);
    await sleep(600);
    expect(c.hasSeq(100)).toBe(false);
    expect(c.duplicates()).toEqual([]);
    expect(t.origin(recordOf(3).origin).label).toBe('cpu@cmp2');
    expect(t.fileLabel(recordOf(3).file)).toBe(path.join('cmp2', 'nova-compute.log'));
    expect(t.stats().filesFollowed).toBe(2);
  });

  it('reads nothing while paused and loses nothing across pause/resume', async () => {
    const t = await startTail({ 'nova-api.log': seqLines(1, 1), 'nova-conductor.log': '' });
    t.pause();
    append(path.join(dir, 'nova-api.log'), seqLines(2, 50));
    append(path.join(dir, 'nova-conductor.log'), seqLines(51, 60));
    await sleep(500);
    expect(c.all()).toHaveLength(1);
    t.resume();
    await c.waitForSeqs(1, 60);
    expect(c.duplicates()).toEqual([]);
  });

  it('joins a traceback written in pieces within holdMs, and marks a late piece as continues', async () => {
    await startTail({ 'nova-compute.log': '' }, { holdMs: 80 });
    const file = path.join(dir, 'nova-compute.log');
    const tb = errorWithTraceback(1, 4);
    append(file, lines(tb[0], tb[1]));
    await sleep(20);
    append(file, lines(tb[2], tb[3]));
    await c.waitForSeqs(1, 1);
    await sleep(200);
    append(file, lines(tb[4]));
    await c.waitFor(() => c.hasSeq('1.3'));
    expect(c.live.map((r) => [seqsOf(r).length, r.continues])).toEqual([[4, false], [1, true]]);
    expect(c.live[1].level).toBe(5);
  });

  it('coalesces live records into batches and delivers them quickly', async () => {
    await startTail({ 'nova-api.log': '' });
    const t0 = Date.now();
    append(path.join(dir, 'nova-api.log'), seqLines(1, 500));
    await c.waitForSeqs(1, 500);
    const took = Date.now() - t0;
    expect(took).toBeLessThan(1000);
    const liveBatches = c.batches.filter((b) => b.kind === 'live' && b.size > 0);
    expect(liveBatches.length).toBeLessThanOrEqual(3);
  });

  it('attributes journald lines of one file to the program and host each names', async () => {
    const j = (host: string, prog: string, seq: number) =>
      `Nov 23 10:15:0${seq} ${host} ${prog}[21]: INFO nova.x [None req-1b2c3d4e-0000-4000-8000-000000000001 admin admin] m seq=${seq}`;
    const t = await startTail({ 'journal.log': lines(j('cmp3', 'nova-compute', 1)) });
    append(path.join(dir, 'journal.log'), lines(j('ctl1', 'nova-conductor', 2)));
    await c.waitForSeqs(1, 2);
    expect([1, 2].map((s) => t.origin(recordOf(s).origin).label)).toEqual(['cpu@cmp3', 'cond']);
  });
});
