// The whole traces of a window's failed and stuck boots, for `incidents` and `stats` exports:
// each built as `nova-trace <id>` builds it (the same records, notes and verdict), with one
// record source (the index) shared by all of them.

import { discoverLogs, skippedNote } from '../../parsers/log-files.js';
import { buildTrace } from '../trace/build-trace.js';
import { collect } from '../trace/collect.js';
import { openRecordSource } from '../trace/record-source.js';
import type { Trace } from '../trace/trace-types.js';
import type { BootOutcome } from './boot-traces.js';
import { isFailure } from './incidents.js';

/** Failed and stuck boots, oldest first (the order a collector shows them in). */
export function failedBoots(outcomes: readonly BootOutcome[]): BootOutcome[] {
  return outcomes.filter(isFailure).sort((a, b) => a.ts - b.ts || (a.request_id < b.request_id ? -1 : 1));
}

export async function traceBootsWhole(paths: readonly string[], indexFile: string, requestIds: readonly string[]): Promise<Trace[]> {
  const { sources, skipped } = discoverLogs(paths);
  const note = skippedNote(skipped, paths.length === 1 ? paths[0] : undefined);
  const source = await openRecordSource(sources, { index: indexFile, workers: 1 });
  const traces: Trace[] = [];
  try {
    for (const id of requestIds) {
      const col = await collect(sources, id, { source });
      if (col.records.length === 0) continue;
      if (note) col.notes.push(note);
      traces.push(buildTrace(col, sources));
    }
  } finally {
    await source.close();
  }
  return traces;
}
