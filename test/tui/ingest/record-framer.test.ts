import { describe, expect, it } from 'vitest';
import { RecordFramer } from '../../../tui/ingest/record-framer.js';
import { OriginTable } from '../../../tui/ingest/origins.js';
import { hashId, type IngestRecord } from '../../../tui/model/types.js';
import { errorWithTraceback, infoLine, INST, REQ } from './ingest-helpers.js';

/** Feed lines (joined by \n like a file) and collect the framer's records; `flushAt` flushes before those line indexes. */
function frame(ls: string[], opts: { flushAt?: number[]; end?: boolean } = {}) {
  const origins = new OriginTable();
  const fileOrigin = origins.slotOf('compute', 'cmp1');
  const out: IngestRecord[] = [];
  const f = new RecordFramer(7, fileOrigin, 'cmp1', 2026, origins, (r) => out.push(r));
  const text = ls.map((l) => l + '\n').join('');
  const buf = Buffer.from(text);
  let off = 0;
  ls.forEach((l, i) => {
    if (opts.flushAt?.includes(i)) f.flush();
    const len = Buffer.byteLength(l);
    f.line(buf, off, off + len, off);
    off += len + 1;
  });
  if (opts.end !== false) f.flush();
  return { out, buf, origins, fileOrigin, framer: f };
}

/** Each record's bytes are exactly the file's bytes at its offset. */
function expectBytesFromFile(out: IngestRecord[], buf: Buffer) {
  for (const r of out) expect(buf.subarray(r.offset, r.offset + r.bytes.length).equals(r.bytes)).toBe(true);
}

describe('RecordFramer', () => {
  it('frames header lines as records with level, hashes and timestamp', () => {
    const { out, buf, fileOrigin } = frame([infoLine(1), infoLine(2)]);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ file: 7, offset: 0, level: 2, origin: fileOrigin, reqHash: hashId(REQ), instHash: hashId(INST), unparsed: false, continues: false });
    expect(out[0].ts).toBe(Date.UTC(2026, 10, 23, 10, 0, 1, 1));
    expect(out[1].offset).toBe(Buffer.byteLength(infoLine(1)) + 1);
    expectBytesFromFile(out, buf);
  });

  it('holds the newest record open until a new header or flush()', () => {
    const { out, framer } = frame([infoLine(1), infoLine(2)], { end: false });
    expect(out).toHaveLength(1);
    expect(framer.holding).toBe(true);
    framer.flush();
    expect(out).toHaveLength(2);
  });

  it('joins headerless lines and same-process traceback lines to the record above', () => {
    const ls = [...errorWithTraceback(1, 3), 'a headerless body line', infoLine(2)];
    const { out, buf } = frame(ls);
    expect(out).toHaveLength(2);
    expect(out[0].level).toBe(5);
    expect(out[0].bytes.toString()).toBe(ls.slice(0, 5).join('\n'));
    expectBytesFromFile(out, buf);
  });

  it('makes interleaved traceback lines of another pid a continues record with the anchor attributes', () => {
    const a = errorWithTraceback(1, 3, 100);
    const other = infoLine(2, 200).replace(REQ, 'req-99999999-0000-4000-8000-000000000009');
    const ls = [a[0], a[1], other, a[2], a[3]];
    const { out, buf } = frame(ls);
    expect(out.map((r) => r.continues)).toEqual([false, false, true]);
    expect(out[2]).toMatchObject({ level: 5, reqHash: hashId(REQ), instHash: hashId(INST) });
    expect(out[2].bytes.toString()).toBe(`${a[2]}\n${a[3]}`);
    expectBytesFromFile(out, buf);
  });

  it('makes continuation lines that arrive after their record was emitted a continues record', () => {
    const tb = errorWithTraceback(1, 3);
    const ls = [tb[0], tb[1], tb[2], 'late headerless line', tb[3]];
    const { out } = frame(ls, { flushAt: [2] });
    expect(out.map((r) => [r.continues, r.level])).toEqual([[false, 5], [true, 5]]);
    expect(out[1].bytes.toString()).toBe(ls.slice(2).join('\n'));
  });

  it.each([
    ['a line fitting no format with nothing above', ['free text', infoLine(1)], [true, false]],
    ['a torn header (format matched, header did not fit)', ['2026-11-23 10:15:02.118 xx', infoLine(1)], [true, false]],
  ])('keeps %s as an unparsed record', (_name, ls, unparsed) => {
    const { out } = frame(ls);
    expect(out.map((r) => r.unparsed)).toEqual(unparsed);
    expect(out[0]).toMatchObject({ level: 0, reqHash: 0, continues: false });
    expect(Number.isNaN(out[0].ts)).toBe(true);
  });

  it('counts TRACE as ERROR and keeps a CR in the bytes', () => {
    const trace = '2015-10-20 09:10:57.153 28139 TRACE oslo.messaging._drivers.impl_rabbit Traceback (most recent call last):';
    const { out } = frame([trace + '\r']);
    expect(out[0].level).toBe(5);
    expect(out[0].bytes.toString()).toBe(trace + '\r');
  });

  it('attributes a journald line to the program and host it names', () => {
    const j = `Nov 23 10:15:02 cmp3 nova-compute[2931]: INFO nova.compute.claims [None ${REQ} admin admin - - -] Claim successful`;
    const s = `Nov 23 10:15:03 ctl1 nova-scheduler[77]: INFO nova.scheduler.manager [None ${REQ} admin admin - - -] Selected host`;
    const { out, origins } = frame([j, s]);
    expect(origins.get(out[0].origin)).toMatchObject({ service: 'compute', host: 'cmp3', label: 'cpu@cmp3' });
    expect(origins.get(out[1].origin)).toMatchObject({ service: 'scheduler', host: 'ctl1', label: 'sched' });
    expect(out[0].ts).toBe(Date.UTC(2026, 10, 23, 10, 15, 2));
  });
});
