import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordStore, type FindKind } from '../../../tui/model/record-store.js';
import { NO_FILTER, hashId, type IngestRecord, type ViewFilter } from '../../../tui/model/types.js';
import { INST_1, INST_2, REQ_A, REQ_B, TestCatalog, frameFile, osloLines } from './fixtures.js';

let cat: TestCatalog;
let api: number, sched: number, cpu: number;
let fApi: number, fSched: number, fCpu: number;

beforeEach(() => {
  cat = new TestCatalog();
  api = cat.addOrigin('api', 'api');
  sched = cat.addOrigin('scheduler', 'sched');
  cpu = cat.addOrigin('compute', 'cpu@cmp1', 'cmp1');
  fApi = cat.addFile('ctl1/nova-api.log', osloLines([
    { t: '09:41:00.100', req: REQ_A, msg: 'POST /v2.1/servers' },
    { t: '09:41:00.400', req: REQ_A, inst: INST_1, msg: 'boot accepted' },
    { t: '09:41:03.000', level: 'WARNING', req: REQ_B, msg: 'slow request' },
  ]));
  fSched = cat.addFile('ctl1/nova-scheduler.log', osloLines([
    { t: '09:41:00.200', level: 'DEBUG', req: REQ_A, msg: 'Starting to schedule' },
    { t: '09:41:00.300', level: 'WARNING', req: REQ_A, inst: INST_1, msg: 'Filter RamFilter returned 1 host(s)' },
  ]));
  fCpu = cat.addFile('cmp1/nova-compute.log', osloLines([
    { t: '09:41:00.250', req: REQ_A, inst: INST_1, msg: 'Attempting claim' },
    { t: '09:41:01.000', level: 'ERROR', req: REQ_A, inst: INST_1, msg: 'Instance failed to spawn', tb: ['Traceback (most recent call last):', '  File "x.py", line 1, in f', 'ValueError: boom'] },
    { t: '09:41:02.000', req: REQ_B, inst: INST_2, msg: 'Starting instance...' },
  ]));
});
afterEach(() => cat.cleanup());

function fill(store: RecordStore): void {
  store.add(frameFile(cat, fApi, api), 'live');
  store.add(frameFile(cat, fSched, sched), 'live');
  store.add(frameFile(cat, fCpu, cpu), 'live');
}

function messages(store: RecordStore): string[] {
  return [...store.lines(0, store.count())].map((r) => r.message);
}

describe('RecordStore order', () => {
  it('merges files with interleaved timestamps into one time order, tracebacks with their record', () => {
    const store = new RecordStore(cat);
    fill(store);
    expect(messages(store)).toEqual([
      'POST /v2.1/servers', 'Starting to schedule', 'Attempting claim', 'Filter RamFilter returned 1 host(s)', 'boot accepted',
      'Instance failed to spawn', 'Starting instance...', 'slow request',
    ]);
    const err = store.row(5);
    expect(err.continuation).toEqual(['Traceback (most recent call last):', '  File "x.py", line 1, in f', 'ValueError: boom']);
    expect(err.origin.label).toBe('cpu@cmp1');
    expect(err.file).toBe('cmp1/nova-compute.log');
    for (let i = 1; i < store.count(); i++) expect(store.keyAt(i).ts).toBeGreaterThanOrEqual(store.keyAt(i - 1).ts);
  });

  it('merges a history batch in front of live records', () => {
    const store = new RecordStore(cat);
    fill(store);
    const v = store.version;
    const old = cat.addFile('ctl1/nova-conductor.log', osloLines([
      { t: '09:30:00.000', msg: 'old one' }, { t: '09:41:00.150', msg: 'in between' },
    ]));
    const cond = cat.addOrigin('conductor', 'cond');
    store.add(frameFile(cat, old, cond), 'history');
    expect(store.version).toBeGreaterThan(v);
    expect(messages(store).slice(0, 3)).toEqual(['old one', 'POST /v2.1/servers', 'in between']);
    expect(store.count()).toBe(10);
    expect(store.historyRoom()).toBe(2_000_000 - 10);
  });

  it('gives a record without a timestamp the previous record\'s of the same file', () => {
    const store = new RecordStore(cat);
    const recs = frameFile(cat, fApi, api);
    recs[1] = { ...recs[1], ts: NaN };
    store.add(recs, 'live');
    expect(store.keyAt(1).ts).toBe(recs[0].ts);
  });

  it('indexOf finds a row by key, or the next row when the key is filtered out', () => {
    const store = new RecordStore(cat);
    fill(store);
    const k3 = store.keyAt(3);
    expect(store.indexOf(k3)).toBe(3);
    store.setFilter({ ...NO_FILTER, minLevel: 5 });
    expect(store.count()).toBe(1);
    expect(store.indexOf(k3)).toBe(0);
  });
});

describe('RecordStore filters', () => {
  const cases: [string, () => ViewFilter, string[]][] = [
    ['service hidden', () => ({ ...NO_FILTER, hiddenServices: new Set(['api', 'compute']) }), ['Starting to schedule', 'Filter RamFilter returned 1 host(s)']],
    ['minimum level', () => ({ ...NO_FILTER, minLevel: 4 }), ['Filter RamFilter returned 1 host(s)', 'Instance failed to spawn', 'slow request']],
    ['include regex (matches traceback text too)', () => ({ ...NO_FILTER, include: /boom|claim/ }), ['Attempting claim', 'Instance failed to spawn']],
    ['exclude regex', () => ({ ...NO_FILTER, exclude: /instance|Filter|schedule|claim|boot/i }), ['POST /v2.1/servers', 'slow request']],
    ['follow request', () => ({ ...NO_FILTER, follow: { label: 'b', reqHash: hashId(REQ_B), instHash: 0 } }), ['Starting instance...', 'slow request']],
    ['follow instance', () => ({ ...NO_FILTER, follow: { label: 'i', reqHash: 0, instHash: hashId(INST_2) } }), ['Starting instance...']],
    ['combined', () => ({ ...NO_FILTER, hiddenServices: new Set(['scheduler']), minLevel: 2, include: /POST|claim|boot|spawn/, exclude: /spawn/, follow: { label: 'a', reqHash: hashId(REQ_A), instHash: 0 } }), ['POST /v2.1/servers', 'Attempting claim', 'boot accepted']],
  ];
  it.each(cases)('%s', (_name, f, want) => {
    const store = new RecordStore(cat);
    fill(store);
    store.setFilter(f());
    expect(messages(store)).toEqual(want);
    // The same filter set before the records arrive gives the same view (add() filters new records).
    const fresh = new RecordStore(cat);
    fresh.setFilter(f());
    fill(fresh);
    expect(messages(fresh)).toEqual(want);
  });

  it('moves the time window with the newest record', () => {
    const store = new RecordStore(cat);
    fill(store);
    store.setFilter({ ...NO_FILTER, window: 2 }); // last 1m
    expect(store.count()).toBe(8);
    const late = cat.addFile('late.log', osloLines([{ t: '09:42:00.500', msg: 'a minute later' }]));
    store.add(frameFile(cat, late, api), 'live');
    // Newest is 09:42:00.500: the window starts at 09:41:00.500, dropping the five records before.
    expect(messages(store)).toEqual(['Instance failed to spawn', 'Starting instance...', 'slow request', 'a minute later']);
    expect(store.levelCounts()).toMatchObject({ ERROR: 1, WARNING: 1, INFO: 2, DEBUG: 0 });
    store.setFilter({ ...store.filter(), window: 0 });
    expect(store.count()).toBe(9);
    expect(store.levelCounts()).toMatchObject({ ERROR: 1, WARNING: 2, INFO: 5, DEBUG: 1 });
  });
});

describe('RecordStore find', () => {
  // Rows: 0 POST(A) 1 schedule(A,DEBUG) 2 claim(A,I1) 3 RamFilter(A,I1,WARN) 4 boot accepted(A,I1) 5 spawn(A,I1,ERROR) 6 Starting(B,I2) 7 slow(B,WARN)
  const cases: [FindKind, number, 1 | -1, number][] = [
    ['error', 0, 1, 5], ['error', 7, -1, 5], ['error', 5, 1, -1],
    ['warning', 0, 1, 3], ['warning', 3, 1, 7], ['warning', 7, -1, 3], ['warning', 3, -1, -1],
    ['request', 0, 1, 1], ['request', 5, 1, -1], ['request', 7, -1, 6], ['request', 6, -1, -1],
    ['instance', 2, 1, 3], ['instance', 5, -1, 4], ['instance', 6, 1, -1], ['instance', 0, 1, -1],
    ['search', 0, 1, 5], ['search', 7, -1, 5], ['search', 5, 1, -1],
    ['mark', 0, 1, 4], ['mark', 7, -1, 4], ['mark', 4, 1, -1],
  ];
  it.each(cases)('%s from row %i dir %i → %i', (what, from, dir, want) => {
    const store = new RecordStore(cat);
    fill(store);
    store.setSearch(/ValueError/);
    store.toggleMark(store.keyAt(4));
    expect(store.find(from, dir, what)).toBe(want);
  });

  it('marks toggle and show on the row; search hits show on the row', () => {
    const store = new RecordStore(cat);
    fill(store);
    store.setSearch(/boom/);
    expect(store.row(5).searchHit).toBe(true);
    expect(store.row(4).searchHit).toBe(false);
    store.toggleMark(store.keyAt(2));
    expect(store.row(2).marked).toBe(true);
    store.toggleMark(store.keyAt(2));
    expect(store.row(2).marked).toBe(false);
  });
});

describe('RecordStore memory', () => {
  it('reads records back from disk when the arena ring has dropped them, and marks truncated ones gone', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => ({
      t: `10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000`, req: REQ_A, msg: `line ${i} ${'x'.repeat(80)}`,
    }));
    const f = cat.addFile('big.log', osloLines(lines));
    const store = new RecordStore(cat, { arenaBytes: 128 * 1024 });
    const recs = frameFile(cat, f, api);
    for (let i = 0; i < recs.length; i += 100) store.add(recs.slice(i, i + 100), 'live');
    expect(store.count()).toBe(3000);
    cat.reads = 0;
    expect(store.row(2999).message).toBe(`line 2999 ${'x'.repeat(80)}`);
    expect(cat.reads).toBe(0); // newest bytes are still in the arena
    expect(store.row(0).message).toBe(`line 0 ${'x'.repeat(80)}`);
    expect(cat.reads).toBe(1); // oldest ones left the ring: read back from the file
    fs.truncateSync(cat.pathOf(f), 1000);
    expect(store.row(10).gone).toBe(true);
    expect(store.row(2999).gone).toBe(false);
  });

  it('evicts the oldest records past maxRecords and keeps marks and keys valid', () => {
    const lines = Array.from({ length: 250 }, (_, i) => ({ t: `11:00:${String(Math.floor(i / 10)).padStart(2, '0')}.${String(i % 10)}00`, msg: `n${i}` }));
    const f = cat.addFile('evict.log', osloLines(lines));
    const store = new RecordStore(cat, { maxRecords: 100 });
    const recs = frameFile(cat, f, sched);
    for (let i = 0; i < 200; i += 5) store.add(recs.slice(i, i + 5), 'live');
    const markKey = store.keyAt(store.count() - 1);
    store.toggleMark(markKey);
    for (let i = 200; i < 250; i += 5) store.add(recs.slice(i, i + 5), 'live');
    expect(store.size()).toBeLessThanOrEqual(100);
    expect(store.count()).toBe(store.size());
    const all = messages(store);
    expect(all[all.length - 1]).toBe('n249');
    expect(all[0]).toBe(`n${250 - store.count()}`);
    expect(store.row(store.indexOf(markKey)).message).toBe('n199');
    expect(store.row(store.indexOf(markKey)).marked).toBe(true);
    expect(store.historyRoom()).toBe(100 - store.size());
  });

  it('holds a million records in ≤ 64 bytes each (columns + order + view)', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const fixed = new TestCatalog();
    try {
      const o = fixed.addOrigin('compute', 'cpu');
      const store = new RecordStore(fixed, { maxRecords: 2_000_000 });
      const bytes = Buffer.from('2026-11-24 10:00:00.000 1 INFO x [-] m');
      for (let k = 0; k < 3; k++) { gc(); await new Promise((r) => setImmediate(r)); }
      const mem = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
      const before = mem();
      const N = 1_000_000, B = 10_000;
      const batch: IngestRecord[] = new Array(B);
      for (let start = 0; start < N; start += B) {
        for (let k = 0; k < B; k++) {
          const i = start + k;
          batch[k] = { file: i & 7, offset: i * 40, bytes, ts: 1.7e12 + i, level: 2, origin: o, reqHash: i, instHash: 0, unparsed: false, continues: false };
        }
        store.add(batch, 'history');
      }
      // The last batch's 10,000 objects are the test's, not the store's: 1.2 B/record of noise.
      batch.length = 0;
      // Buffers the store outgrew are freed by the collector only after a turn of the event loop.
      for (let k = 0; k < 3; k++) { gc(); await new Promise((r) => setImmediate(r)); }
      const perRecord = (mem() - before) / N;
      expect(store.count()).toBe(N);
      expect(perRecord, `store memory: ${perRecord.toFixed(1)} B/record for ${N} records`).toBeLessThanOrEqual(64);
    } finally {
      fixed.cleanup();
    }
  });
});
