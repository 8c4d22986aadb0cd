// nova-trace index: build or refresh the index, with a progress bar on a terminal and a
// summary (text or --json).

import { buildIndex } from '../index/index-build.js';
import type { FleetArgs } from './fleet-args.js';
import { ProgressBar } from './progress-bar.js';

export async function runIndexCommand(a: FleetArgs, out: NodeJS.WritableStream, err: NodeJS.WriteStream): Promise<number> {
  const bar = new ProgressBar(err, 'indexing');
  const sum = await buildIndex({
    paths: a.paths, indexFile: a.index, workers: a.workers,
    progress: (d, t) => bar.update(d, t),
    warn: (m) => { bar.done(); err.write(`nova-trace: ${m}\n`); },
  });
  bar.done();
  if (a.json) {
    out.write(JSON.stringify({ ...sum, skipped: sum.skipped.map((s) => ({ path: s.path, reason: s.reason })) }, null, 2) + '\n');
    return 0;
  }
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  out.write(`index ${sum.index}: ${sum.files} log file(s); read ${mb(sum.bytes_read)} (${sum.records} records) from ${sum.indexed} file(s) in ${sum.seconds.toFixed(2)} s`
    + `${sum.seconds > 0 && sum.bytes_read > 0 ? `, ${(sum.bytes_read / 1e6 / sum.seconds).toFixed(0)} MB/s` : ''}; ${sum.unchanged} unchanged`
    + `${sum.renamed ? `, ${sum.renamed} renamed` : ''}${sum.reused_generations ? `, ${sum.reused_generations} compressed generation(s) reused` : ''}`
    + `${sum.reindexed ? `, ${sum.reindexed} truncated or replaced (read again)` : ''}${sum.removed ? `, ${sum.removed} gone (removed)` : ''}; index ${mb(sum.index_bytes)}\n`);
  if (sum.skipped.length) out.write(`skipped ${sum.skipped.length} file(s) that are not Nova logs\n`);
  return 0;
}
