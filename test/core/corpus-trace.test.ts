// The tracer against the benchmark generator's ground truth on a 48 MiB corpus: files big
// enough that the causal bound and the instance windows skip most bytes, and compute clocks
// that disagree. Every target must come out exactly right with and without the bound.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus, logDirOf, readTruth, type TruthEntry } from '../bench/corpus-generator.js';
import { traceRequest } from '../../core/trace/trace-request.js';
import { partialMismatches } from '../helpers/partial-match.js';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-corpus-'));
let truth: TruthEntry[] = [];
beforeAll(() => {
  generateCorpus({ out, sizeMiB: 48, seed: 7, log: () => {} });
  truth = readTruth(out);
}, 60_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe.each([['with the causal bound', false], ['with --full-scan', true]] as const)('%s', (_name, fullScan) => {
  it('traces every planted target exactly as the generator wrote it', async () => {
    expect(truth.length).toBeGreaterThanOrEqual(8);
    for (const target of truth) {
      const { trace } = await traceRequest([logDirOf(out)], target.query, { fullScan });
      expect(trace, target.query).not.toBeNull();
      // Line numbers may be absent for big files; root causes are compared by offset instead.
      const { root_cause, ...verdict } = target.trace.verdict;
      expect(partialMismatches(trace, { ...target.trace, verdict }), `${target.query} ${target.kind}`).toEqual([]);
      expect(trace!.verdict.root_cause === null ? null : `${trace!.verdict.root_cause.file}@${trace!.verdict.root_cause.offset}`)
        .toBe(root_cause === null ? null : `${root_cause.file}@${root_cause.offset}`);
      expect(trace!.records.map((r) => `${r.file}@${r.offset}`).sort(), `${target.query} ${target.kind}`).toEqual([...target.record_offsets].sort());
    }
  });
});
