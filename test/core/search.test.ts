// The no-index search must find exactly what a full read finds: for every request id in the
// real logs, the records whose context names it — with the same continuation and traceback
// lines — however the file is cut into ranges.
import { describe, expect, it } from 'vitest';
import { discoverLogFiles, type LogSource } from '../../parsers/log-files.js';
import { readFileRecords } from '../../parsers/read-records.js';
import { alignToLineStart, openByteSource } from '../../core/search/byte-source.js';
import { scanRange } from '../../core/search/scan-range.js';
import { REAL_LOGS } from '../helpers/real-logs.js';
import type { ScanTask } from '../../core/search/scan-types.js';

const sources = discoverLogFiles([REAL_LOGS]);

function task(s: LogSource, i: number, start: number, end: number, ids: string[]): ScanTask {
  return { source: i, path: s.path, gzip: s.gzip, refYear: s.refYear, start, end, requestNeedles: ids, instanceNeedles: [] };
}

describe.each(sources.map((s, i) => [s.rel, s, i] as const))('%s', (_rel, s, i) => {
  it('finds every record of every request, cut in 7 ranges, as the full reader does', async () => {
    const { records } = await readFileRecords(s, i);
    const ids = [...new Set(records.map((r) => r.context.requestId).filter((x): x is string => !!x))].slice(0, 40);
    const expected = records
      .filter((r) => r.context.requestId && ids.includes(r.context.requestId))
      .map((r) => ({ offset: r.offset, message: r.message, continuation: r.continuation }));

    const src = openByteSource(s.path, s.gzip);
    const cuts = [0];
    for (let k = 1; k < 7; k++) cuts.push(alignToLineStart(src, Math.floor((src.size * k) / 7)));
    cuts.push(src.size);
    src.close();
    const found = cuts.slice(0, -1).flatMap((c, k) => scanRange(task(s, i, c, cuts[k + 1], ids)).hits)
      .map((h) => ({ offset: h.offset, message: h.message, continuation: h.continuation }))
      .sort((a, b) => a.offset - b.offset);
    expect(found).toEqual(expected);
  });
});
