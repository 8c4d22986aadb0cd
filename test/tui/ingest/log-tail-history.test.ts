import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { Backfill } from '../../../tui/ingest/backfill.js';
import { FileTable } from '../../../tui/ingest/file-table.js';
import { LogTail } from '../../../tui/ingest/log-tail.js';
import { OriginTable } from '../../../tui/ingest/origins.js';
import { RecordFramer } from '../../../tui/ingest/record-framer.js';
import type { IngestRecord } from '../../../tui/model/types.js';
import { Collector, errorWithTraceback, infoLine, lines, removeDir, seqsOf, tempDir } from './ingest-helpers.js';

/** Lines seq from..to; every 7th record is an ERROR with a traceback; every 11th has a headerless body line. */
function mixedLog(from: number, to: number): string {
  const out: string[] = [];
  for (let i = from; i <= to; i++) {
    if (i % 7 === 0) out.push(...errorWithTraceback(i, 4));
    else out.push(infoLine(i));
    if (i % 11 === 0) out.push(`    body line seq=${i}.b`);
  }
  return lines(...out);
}

/** Every expected seq tag of mixedLog(from, to). */
function expectedTags(from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i <= to; i++) {
    out.push(String(i));
    if (i % 7 === 0) out.push(`${i}.0`, `${i}.1`, `${i}.2`, `${i}.3`);
    if (i % 11 === 0) out.push(`${i}.b`);
  }
  return out;
}

function expectEachOnce(c: Collector, tags: string[]) {
  const counts = c.seqCounts();
  const missing = tags.filter((t) => !counts.has(t));
  expect(missing.slice(0, 5)).toEqual([]);
  expect(c.duplicates()).toEqual([]);
  expect(counts.size).toBe(tags.length);
}

let dir = '';
let tail: LogTail | null = null;

afterEach(async () => {
  await tail?.stop();
  tail = null;
  removeDir(dir);
});

describe('history backfill', () => {
  it('partitions a multi-MiB file between the live tail and history: every line exactly once', async () => {
    dir = tempDir();
    const file = path.join(dir, 'nova-compute.log');
    fs.writeFileSync(file, mixedLog(1, 30_000));
    expect(fs.statSync(file).size).toBeGreaterThan(6 * 1024 * 1024);
    const c = new Collector();
    tail = new LogTail({ dir, onBatch: c.onBatch, tailBytes: 16 * 1024 });
    const t0 = performance.now();
    await tail.start();
    const firstScreenMs = performance.now() - t0;
    expect(firstScreenMs).toBeLessThan(1000);
    expect(c.batches[0].kind).toBe('live');
    expect(c.live.length).toBeGreaterThan(30);
    expect(c.history).toHaveLength(0);
    const mid = tail.stats().history;
    expect(mid).toMatchObject({ doneBytes: 0 });
    expect(mid!.totalBytes).toBeGreaterThan(6 * 1024 * 1024 - 16 * 1024);
    await tail.historyDone();
    expect(tail.stats().history).toBeNull();
    expect(c.batches.filter((b) => b.kind === 'history').length).toBeGreaterThanOrEqual(2);
    expectEachOnce(c, expectedTags(1, 30_000));
    // Newest first: the first history batch holds the lines just before the tail.
    const firstHistory = seqsOf(c.history[0])[0];
    expect(Number(firstHistory)).toBeGreaterThan(15_000);
    for (const r of [c.history[0], c.history[c.history.length - 1], c.live[0]]) {
      expect(tail.read(r.file, r.offset, r.bytes.length)?.equals(r.bytes)).toBe(true);
    }
  });

  it('frames chunk by chunk exactly as one pass over the whole file would', () => {
    dir = tempDir();
    const file = path.join(dir, 'nova-compute.log');
    const text = mixedLog(1, 2000);
    fs.writeFileSync(file, text);
    const origins = new OriginTable();
    const table = new FileTable(dir);
    const origin = origins.slotOf('compute', null);
    const g = table.add(file, origin, fs.openSync(file, 'r'));
    const whole: IngestRecord[] = [];
    const f = new RecordFramer(g.id, origin, null, 2026, origins, (r) => whole.push(r));
    const buf = Buffer.from(text);
    let s = 0;
    while (s < buf.length) { const nl = buf.indexOf(0x0a, s); f.line(buf, s, nl, s); s = nl + 1; }
    f.flush();
    const b = new Backfill([{ gen: g.id, end: buf.length, rank: 0, host: null, refYear: 2026 }], table, origins, 8 * 1024);
    const chunks: IngestRecord[][] = [];
    while (!b.done) chunks.push(b.step());
    table.close();
    expect(chunks.length).toBeGreaterThan(20);
    expect(b.doneBytes).toBe(b.totalBytes);
    const pieced = chunks.reverse().flat();
    expect(pieced.map((r) => [r.offset, r.bytes.toString()])).toEqual(whole.map((r) => [r.offset, r.bytes.toString()]));
  });

  it('loads rotated .1 and dated files as history after the live heads, and skips .gz', async () => {
    dir = tempDir();
    fs.writeFileSync(path.join(dir, 'nova-api.log-20261121'), mixedLog(1, 100));
    fs.writeFileSync(path.join(dir, 'nova-api.log.1'), mixedLog(101, 200));
    fs.writeFileSync(path.join(dir, 'nova-api.log'), mixedLog(201, 300));
    fs.writeFileSync(path.join(dir, 'nova-api.log.2.gz'), zlib.gzipSync(mixedLog(900, 910)));
    const c = new Collector();
    tail = new LogTail({ dir, onBatch: c.onBatch, tailBytes: 2048 });
    await tail.start();
    await tail.historyDone();
    expectEachOnce(c, expectedTags(1, 300));
    const order = c.history.map((r) => tail!.fileLabel(r.file));
    const firstOf = (l: string) => order.indexOf(l);
    expect(firstOf('nova-api.log')).toBe(0);
    expect(firstOf('nova-api.log.1')).toBeGreaterThan(order.lastIndexOf('nova-api.log'));
    expect(firstOf('nova-api.log-20261121')).toBeGreaterThan(order.lastIndexOf('nova-api.log.1'));
    const r = c.history.find((x) => seqsOf(x).includes('150'))!;
    expect(tail.read(r.file, r.offset, r.bytes.length)?.equals(r.bytes)).toBe(true);
  });

  it('stops backfilling when historyRoom() says the store is full', async () => {
    dir = tempDir();
    fs.writeFileSync(path.join(dir, 'nova-api.log.1'), mixedLog(1, 30_000));
    fs.writeFileSync(path.join(dir, 'nova-api.log'), mixedLog(30_001, 30_010));
    const c = new Collector();
    tail = new LogTail({ dir, onBatch: c.onBatch, historyRoom: () => 1 - c.batches.filter((b) => b.kind === 'history').length });
    await tail.start();
    await tail.historyDone();
    expect(c.batches.filter((b) => b.kind === 'history')).toHaveLength(1);
    expect(c.hasSeq(1)).toBe(false);
    expect(tail.stats().history).toBeNull();
  });

  it('with follow: false reads everything once, including a last line without a newline', async () => {
    dir = tempDir();
    fs.writeFileSync(path.join(dir, 'nova-api.log.1'), mixedLog(1, 500));
    fs.writeFileSync(path.join(dir, 'nova-api.log'), mixedLog(501, 1001) + infoLine(1002));
    const c = new Collector();
    tail = new LogTail({ dir, onBatch: c.onBatch, tailBytes: 4096, follow: false });
    await tail.start();
    expect(tail.stats().history).toBeNull();
    expectEachOnce(c, expectedTags(1, 1002));
    expect(tail.stats().filesFollowed).toBe(1);
  });

  it('frames the same history on a worker thread as in this thread, in the same batches', async () => {
    dir = tempDir();
    const journald = (i: number) => `Nov 23 10:00:0${i % 10}.000 ctl${i % 3} nova-scheduler[${4000 + (i % 3)}]: INFO nova.scheduler.manager [-] journald seq=${i}`;
    fs.mkdirSync(path.join(dir, 'cmp1'));
    fs.writeFileSync(path.join(dir, 'cmp1', 'nova-compute.log.1'), mixedLog(1, 6000));
    fs.writeFileSync(path.join(dir, 'cmp1', 'nova-compute.log'), mixedLog(6001, 9000));
    fs.writeFileSync(path.join(dir, 'nova-api.log'), lines(...Array.from({ length: 3000 }, (_, i) => (i % 5 === 0 ? journald(10_000 + i) : infoLine(10_000 + i)))));
    // The worker runs a bundle of its source, as the build makes it.
    const bundle = path.join(dir, '..', `${path.basename(dir)}-history-worker.mjs`);
    await esbuild.build({ entryPoints: [fileURLToPath(new URL('../../../tui/ingest/history-worker.ts', import.meta.url))], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'warning' });
    onTestFinished(() => fs.rmSync(bundle, { force: true }));
    const load = async (workerMinBytes: number) => {
      const c = new Collector();
      const t = new LogTail({ dir, onBatch: c.onBatch, tailBytes: 4096, historyWorkerMinBytes: workerMinBytes, historyWorkerUrl: pathToFileURL(bundle) });
      tail = t;
      await t.start();
      const onWorker = (t as unknown as { historyWorker: unknown }).historyWorker !== null;
      await t.historyDone();
      const rows = c.history.map((r) => ({ ...r, file: t.fileLabel(r.file), origin: t.origin(r.origin).label, bytes: r.bytes.toString('latin1') }));
      await t.stop();
      tail = null;
      return { rows, batches: c.batches.filter((b) => b.kind === 'history').map((b) => b.size), onWorker };
    };
    const here = await load(Number.POSITIVE_INFINITY);
    const worker = await load(0);
    expect(here.onWorker).toBe(false);
    expect(worker.onWorker).toBe(true);
    expect(here.rows.length).toBeGreaterThan(9000);
    expect(here.rows.some((r) => r.origin === 'sched')).toBe(true);
    expect(worker.batches).toEqual(here.batches);
    expect(worker.rows).toEqual(here.rows);
  }, 60_000);
});
