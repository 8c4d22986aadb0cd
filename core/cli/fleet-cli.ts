// nova-trace index | incidents | stats: the commands over many requests, on the index.

import { FLEET_USAGE, parseFleetArgs, type FleetArgs } from './fleet-args.js';
import { UsageError } from './args.js';
import { runIndexCommand } from './index-cli.js';


export { FLEET_COMMANDS, isFleetCommand } from './fleet-commands.js';

export async function runFleetCli(argv: readonly string[]): Promise<number> {
  let a: FleetArgs;
  try {
    a = parseFleetArgs(argv, process.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`nova-trace ${argv[0]}: ${e.message}\n\n${FLEET_USAGE}\n`);
    return 2;
  }
  if (a.help) { process.stdout.write(FLEET_USAGE + '\n'); return 0; }
  try {
    if (a.command === 'index') return await runIndexCommand(a, process.stdout, process.stderr);
    const { runIncidentsCommand, runStatsCommand } = await import('./fleet-report-cli.js');
    return a.command === 'incidents' ? await runIncidentsCommand(a, process.stdout, process.stderr) : await runStatsCommand(a, process.stdout, process.stderr);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'ENOTDIR' || code === 'EEXIST' || /no such file or directory/.test((e as Error).message)) {
      process.stderr.write(`nova-trace ${a.command}: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}
