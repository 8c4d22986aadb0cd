// Whether one nova-trace run of the tracer benchmark is correct: its JSON matches truth.json's
// partial trace and its records are exactly the generator's (see trace-vs-grep.ts).

import { partialMismatches } from '../helpers/partial-match.js';
import type { TruthEntry } from './corpus-generator.js';
import type { Measured } from './measure.js';

export interface Check {
  correct: boolean; mismatches: string[]; missing: string[]; extra: string[]; wrongLines: string[];
  /** Records (and root cause) the tracer gave without a line number; they are matched by byte offset. */
  lineless: number;
  error: string | null;
}

interface OutRecord { file: string; line?: number | null; offset?: number }

/**
 * Records are identified by `file@offset` (the byte offset of their header line), which the
 * tracer always reports; a line number, when it gives one, must be the right one too. Big files
 * searched without an index may come back without line numbers (`line: null`): that is allowed.
 */
export function checkTrace(run: Measured, truth: TruthEntry, timeoutS: number): Check {
  const fail = (error: string): Check => ({ correct: false, mismatches: [], missing: [], extra: [], wrongLines: [], lineless: 0, error });
  if (run.timedOut) return fail(`timed out after ${timeoutS} s`);
  let trace: { records?: OutRecord[]; verdict?: { root_cause?: OutRecord | null } };
  try {
    trace = JSON.parse((run.stdout ?? Buffer.alloc(0)).toString('utf8'));
  } catch {
    return fail(`no JSON on stdout (exit ${run.exitCode ?? run.signal}): ${run.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300)}`);
  }
  let lineless = 0;
  const expected = structuredClone(truth.trace);
  const wantRc = expected.verdict.root_cause as Record<string, unknown> | null;
  const rc = trace.verdict?.root_cause;
  if (wantRc !== null && rc != null && rc.line == null && typeof rc.offset === 'number') {
    delete wantRc.line;
    lineless++;
  }
  const mismatches = partialMismatches(trace, expected);
  if (!Array.isArray(trace.records)) return { ...fail('$.records: missing'), mismatches };
  const lineOf = new Map(truth.record_offsets.map((o, i) => [o, truth.record_lines[i]]));
  const offsetOf = new Map(truth.record_lines.map((l, i) => [l, truth.record_offsets[i]]));
  const got = new Set<string>();
  const extra: string[] = [];
  const wrongLines: string[] = [];
  for (const r of trace.records) {
    const byLine = r.line == null ? null : `${r.file}:${r.line}`;
    if (byLine === null) lineless++;
    const key = typeof r.offset === 'number' ? `${r.file}@${r.offset}` : byLine === null ? null : offsetOf.get(byLine) ?? null;
    if (key === null || !lineOf.has(key)) {
      extra.push(byLine ?? `${r.file}@${r.offset}`);
      continue;
    }
    got.add(key);
    if (byLine !== null && lineOf.get(key) !== byLine) wrongLines.push(`${key} reported as line ${r.line}, is ${lineOf.get(key)}`);
  }
  const missing = truth.record_offsets.filter((o) => !got.has(o)).map((o) => lineOf.get(o) as string);
  const correct = mismatches.length === 0 && missing.length === 0 && extra.length === 0 && wrongLines.length === 0;
  return { correct, mismatches, missing, extra, wrongLines, lineless, error: null };
}
