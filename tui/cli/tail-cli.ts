// `nova-trace tail`: the live view on a terminal, or — with --no-follow or when stdout is not a
// terminal — the merged view printed for scripts.

import fs from 'node:fs';
import { applyFilterInput } from '../model/filter-input.js';
import { NO_FILTER, type ViewFilter } from '../model/types.js';
import { printMergedView } from '../print/merged-print.js';
import { parseTailArgs, TAIL_USAGE, TailUsageError, type TailArgs } from './tail-args.js';

function filterOf(a: TailArgs): ViewFilter {
  // --level and --request are terms of the prompt's language; --grep/--exclude may hold spaces,
  // so they are taken as the regexes they already are.
  const terms: [option: string, given: string, expr: string][] = a.filters.map((e) => ['--filter', e, e]);
  if (a.level) terms.push(['--level', a.level, `level>=${a.level}`]);
  if (a.request) terms.push(['--request', a.request, a.request]);
  let f = NO_FILTER;
  for (const [option, given, expr] of terms) {
    const r = applyFilterInput(expr, f);
    if ('error' in r) throw new TailUsageError(`${option} '${given}': ${r.error}`);
    f = r.filter;
  }
  if (a.grep) f = { ...f, include: a.grep };
  if (a.exclude) f = { ...f, exclude: a.exclude };
  return f;
}

export async function runTail(argv: string[]): Promise<number> {
  let args: TailArgs;
  let filter: ViewFilter;
  try {
    args = parseTailArgs(argv, process.env);
    if (args.help) { process.stdout.write(TAIL_USAGE + '\n'); return 0; }
    filter = filterOf(args);
    const st = fs.statSync(args.dir, { throwIfNoEntry: false });
    if (!st) throw new TailUsageError(`no such directory: ${args.dir}`);
    if (!st.isDirectory()) throw new TailUsageError(`not a directory: ${args.dir} (the view follows a log directory)`);
  } catch (e) {
    if (e instanceof TailUsageError) { process.stderr.write(`nova-trace tail: ${e.message}\n\n${TAIL_USAGE}\n`); return 2; }
    throw e;
  }
  if (!args.follow || !process.stdout.isTTY || !process.stdin.isTTY) {
    // NOVA_TRACE_PRINT (internal): `reference`, the parsing path, which the benchmark checks the
    // fast one against; `workers`, worker threads however small the directory (tests).
    const mode = process.env.NOVA_TRACE_PRINT;
    await printMergedView({ dir: args.dir, filter, output: args.output, timestamps: args.timestamps, out: process.stdout, reference: mode === 'reference', workers: mode === 'workers' });
    return 0;
  }
  // Ink reads CI / CONTINUOUS_INTEGRATION once, when it loads, and in CI draws only the last
  // frame at exit. We are on a terminal (checked above), so the view is interactive regardless.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  const { runTui } = await import('../app/run-tui.js');
  return runTui({
    dir: args.dir, saveDir: args.saveDir, timestamps: args.timestamps, initialFilter: filter,
    maxRecords: args.maxRecords, arenaBytes: args.arenaMiB ? args.arenaMiB << 20 : undefined,
    tailBytes: args.tailKiB ? args.tailKiB << 10 : undefined,
    // The incidents count runs this same program (`nova-trace incidents --json`) beside the view.
    incidents: args.incidents ? { command: [process.execPath, ...process.execArgv, process.argv[1]], index: args.index } : undefined,
  });
}
