// Every hand-made sample set under samples/ is traced and compared with its expected.json:
// the partial trace (verdict, stages, attempts…) and the exact set of records that must join.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';
import { partialMismatches } from '../helpers/partial-match.js';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../samples');
const sets = fs.readdirSync(SAMPLES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(SAMPLES, d.name, 'expected.json')))
  .map((d) => d.name).sort();

interface Expected { query: string; trace: unknown; record_lines: string[] }

describe('sample log sets', () => {
  it('has the five sets the issue asks for', () => {
    expect(sets).toEqual(expect.arrayContaining(['boot-success', 'boot-success-pike', 'no-valid-host', 'reschedule', 'retries-exceeded']));
  });

  describe.each(sets)('%s', (name) => {
    const dir = path.join(SAMPLES, name);
    const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected;

    it('matches the expected trace', async () => {
      const { trace } = await traceRequest([dir], expected.query);
      expect(trace).not.toBeNull();
      expect(partialMismatches(trace, expected.trace)).toEqual([]);
    });

    it('joins exactly the expected records', async () => {
      const { trace } = await traceRequest([dir], expected.query);
      const got = trace!.records.map((r) => `${r.file}:${r.line}`).sort();
      expect(got).toEqual([...expected.record_lines].sort());
    });
  });
});
