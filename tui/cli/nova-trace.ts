#!/usr/bin/env -S node --max-semi-space-size=2
// The nova-trace program: `nova-trace tail …` (and a bare `nova-trace` on a terminal) opens the
// live log view; everything else is the tracer (core/cli/trace-cli.ts). The TUI is loaded only
// when asked for, so tracing one request does not pay for React and Ink at start-up.
// The #! line caps V8's young generation (2 MiB semi-spaces instead of growing to 32): the live
// view's per-line garbage otherwise keeps ~45 MB resident for nothing; the tracer's speed is
// unchanged (0.47–0.49 s either way on the 1.1 GiB benchmark target).

import { isFleetCommand } from '../../core/cli/fleet-commands.js';
import { dropOutputOnClosedPipe } from './closed-pipe.js';
import { wantsTail } from './nova-trace-args.js';

async function main(argv: string[]): Promise<number> {
  if (wantsTail(argv, Boolean(process.stdin.isTTY && process.stdout.isTTY))) {
    const { runTail } = await import('./tail-cli.js');
    return runTail(argv[0] === 'tail' ? argv.slice(1) : []);
  }
  // Each command loads only its own code: a trace starts as fast as it can.
  if (isFleetCommand(argv)) return (await import('../../core/cli/fleet-cli.js')).runFleetCli(argv);
  return (await import('../../core/cli/trace-cli.js')).runTraceCli(argv);
}

dropOutputOnClosedPipe();
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: Error) => { process.stderr.write(`nova-trace: internal error: ${e.stack ?? e.message}\n`); process.exitCode = 2; },
);
