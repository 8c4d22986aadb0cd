// nova-trace <id>: trace one request through Nova's logs (USAGE in args.ts). The program's
// entry is tui/cli/nova-trace.ts, which sends `tail` (and a bare call on a terminal) to the TUI.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFormatSamples } from '../../parsers/formats/index.js';
import { COLOR, PLAIN, useColor } from '../report/ansi.js';
import { traceRequest } from '../trace/trace-request.js';
import { findForeignId, foreignIdLines } from '../trace/foreign-id.js';
import type { Trace } from '../trace/trace-types.js';
import { parseArgs, USAGE, UsageError } from './args.js';
import { mark } from '../timing.js';
import { writeTraceOutput } from './trace-output.js';
import { CatalogueError, siteCatalogueFiles, useSiteCatalogues } from '../causes/catalogue.js';
import { checkCauses, listCauses } from './causes-command.js';
import { traceForViewer } from './hands-on-lab.js';

function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the nova-trace package directory');
    dir = up;
  }
  return dir;
}

export function exitCodeOf(t: Trace): number {
  return t.verdict.status === 'ERROR' || t.verdict.status === 'STUCK' ? 1 : 0;
}

async function demo(color: boolean, samples: boolean, keep: boolean): Promise<number> {
  const style = color ? COLOR : PLAIN;
  // The demo's code (child processes, the stack's client) loads only for the demo.
  const { demoSamples, demoStack } = await import('./demo.js');
  if (samples) await demoSamples(path.join(packageRoot(), 'samples'), style);
  else await demoStack(packageRoot(), style, keep);
  return 0;
}

export async function runTraceCli(argv: string[]): Promise<number> {
  mark('modules loaded');
  const problems = checkFormatSamples();
  if (problems.length) throw new Error(`log format definitions are inconsistent:\n${problems.join('\n')}`);
  mark('format samples checked');
  let args;
  try {
    args = parseArgs(argv, process.env);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`nova-trace: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args.command === 'help') { process.stdout.write(USAGE + '\n'); return 0; }
  if (args.command === 'version') {
    process.stdout.write(JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version + '\n');
    return 0;
  }
  const color = useColor(process.stdout, args.color);
  if (args.command === 'causes' && args.check) return checkCauses(args.check, process.stdout, process.stderr);
  try {
    useSiteCatalogues([...siteCatalogueFiles(process.env), ...args.causes]);
  } catch (e) {
    if (!(e instanceof CatalogueError)) throw e;
    process.stderr.write(`nova-trace: ${e.message}\n`);
    return 2;
  }
  if (args.command === 'causes') return listCauses(process.stdout);
  if (args.command === 'demo') return demo(color, args.samples, args.keep);

  let result;
  try {
    result = await traceRequest(args.paths, args.query!, { workers: args.workers, lineNumbers: args.lineNumbers, fullScan: args.fullScan, index: args.index });
  } catch (e) {
    process.stderr.write(`nova-trace: ${(e as Error).message}\n`);
    return 2;
  }
  const { trace, sources, skipped } = result;
  if (!trace) {
    process.stderr.write(`nova-trace: no log record names ${args.query} in ${sources.length} file(s) under ${args.paths.join(', ')}\n`);
    const foreign = /^req-/i.test(args.query!) ? findForeignId(sources, args.query!.toLowerCase()) : null;
    if (foreign) for (const l of foreignIdLines(args.query!.toLowerCase(), foreign)) process.stderr.write(`nova-trace: ${l}\n`);
    for (const s of skipped) process.stderr.write(`nova-trace: skipped ${s.path}: ${s.reason}\n`);
    return 2;
  }
  mark('trace built');
  return writeTraceOutput(traceForViewer(trace, args.paths, process.env), args, color, exitCodeOf(trace));
}
