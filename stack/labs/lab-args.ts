// nova-lab's command line: a command and at most one argument; -h/--help/help anywhere before
// `--` asks for the usage, `--` ends the options, any other option is a usage error.

export const LAB_COMMANDS = ['list', 'start', 'hint', 'check', 'reset', 'stop'] as const;
export type LabCommand = (typeof LAB_COMMANDS)[number];

export const LAB_USAGE = `usage: nova-lab list | start <lab> | hint | check <cause or number> | reset | stop
       nova-lab help | nova-lab COMMAND --help

Training labs for diagnosing failed boots: start injects a lab's fault into a lab stack
(started once, then reused) and boots lab-vm the way a user would; you find the cause with
the openstack CLI, the logs and nova-trace, and name it with check.
  list              the labs, with the ones you solved
  start <lab>       set up a lab (its id from list)
  hint              the next hint for the running lab
  check <cause>     your answer: a cause name or its number in the list start prints
  reset             clear faults and lab servers, keep the stack
  stop              stop the lab stack (progress is kept)
  -h, --help        this help; --  ends the options
Progress and the lab stack live in $NOVA_LAB_DIR (default ~/.local/state/nova-lab).`;

export class LabUsageError extends Error {}

export type LabArgs = { help: true } | { help: false; cmd: LabCommand; arg: string | undefined };

const isCommand = (s: string): s is LabCommand => (LAB_COMMANDS as readonly string[]).includes(s);

export function parseLabArgs(argv: readonly string[]): LabArgs {
  const words: string[] = [];
  let optionsEnded = false;
  for (const a of argv) {
    if (optionsEnded || !a.startsWith('-') || a === '-') words.push(a);
    else if (a === '--') optionsEnded = true;
    else if (a === '-h' || a === '--help') return { help: true };
    else throw new LabUsageError(`unknown option ${a}`);
  }
  const [cmd = 'list', arg, extra] = words;
  if (cmd === 'help') return { help: true };
  if (!isCommand(cmd)) throw new LabUsageError(`unknown command '${cmd}'`);
  if (extra !== undefined || (arg !== undefined && cmd !== 'start' && cmd !== 'check')) throw new LabUsageError(`unexpected argument '${extra ?? arg}'`);
  return { help: false, cmd, arg };
}
