// A trace taken from the index is the trace taken by searching the files: for every sample set
// and every real-log set, the sample's query and every boot request the index found (and its
// instance), traced both ways, give the same JSON. Also: the index is really used (a file's
// records come from it, not from a search of the file).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../../core/index/index-build.js';
import { IndexReader } from '../../../core/index/index-reader.js';
import { traceRequest } from '../../../core/trace/trace-request.js';
import { openRecordSource } from '../../../core/trace/record-source.js';
import { IndexedRecordSource } from '../../../core/index/indexed-source.js';
import { discoverLogs } from '../../../parsers/log-files.js';
import { REAL_LOGS } from '../../helpers/real-logs.js';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nt-index-trace-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const sets = [
  ...fs.readdirSync(SAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(SAMPLES, d.name)),
  ...fs.readdirSync(REAL_LOGS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(REAL_LOGS, d.name)),
];

function comparable(t: unknown): string {
  return JSON.stringify(t);
}

describe('trace with the index = trace without', () => {
  it.each(sets.map((d) => [path.basename(d), d]))('%s', async (name, dir) => {
    const index = path.join(tmp, `${name}.sqlite`);
    const sum = await buildIndex({ paths: [dir], indexFile: index });
    expect(sum.indexed).toBeGreaterThan(0);
    const reader = IndexReader.open(index)!;
    const queries = new Set<string>();
    const expectedFile = path.join(dir, 'expected.json');
    if (fs.existsSync(expectedFile)) queries.add(JSON.parse(fs.readFileSync(expectedFile, 'utf8')).query);
    for (const b of reader.boots()) if (b.request) queries.add(b.request);
    // Requests that are not boots too (live migrations, deletes…): the first few request ids.
    for (const k of reader.requestIds(4)) queries.add(k);
    // Every file is covered, so the records really come from the index.
    const { sources } = discoverLogs([dir]);
    const source = await openRecordSource(sources, { index });
    expect(source).toBeInstanceOf(IndexedRecordSource);
    expect((source as IndexedRecordSource).coveredFiles).toBe(sources.length);
    await source.close();
    reader.close();
    const list = [...queries].slice(0, 16);
    expect(list.length).toBeGreaterThan(0);
    let traced = 0;
    for (const q of list) {
      const plain = await traceRequest([dir], q, { index: null });
      const withIndex = await traceRequest([dir], q, { index });
      expect(comparable(withIndex.trace), q).toEqual(comparable(plain.trace));
      if (plain.trace) traced++;
      const inst = plain.trace?.instances?.[0];
      if (inst && traced <= 3) {
        const a = await traceRequest([dir], inst, { index: null });
        const b = await traceRequest([dir], inst, { index });
        expect(comparable(b.trace), inst).toEqual(comparable(a.trace));
      }
    }
    expect(traced).toBeGreaterThan(0);
  });
});
