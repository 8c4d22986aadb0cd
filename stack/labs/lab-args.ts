// nova-lab's command line: a command, at most one argument, and the command's options (start:
// --hands-on; check: --host, --line, --quote). -h/--help/help anywhere before `--` asks for the
// usage, `--` ends the options, any other option is a usage error.

export const LAB_COMMANDS = ['list', 'start', 'hint', 'check', 'reset', 'stop'] as const;
export type LabCommand = (typeof LAB_COMMANDS)[number];

export const LAB_USAGE = `usage: nova-lab list | start <lab> [--hands-on] | hint | check <cause> [--host H] [--line FILE:LINE | --quote TEXT] | reset | stop
       nova-lab help | nova-lab COMMAND --help

Training labs for diagnosing failed boots: start injects a lab's fault into a lab stack
(started once, then reused) and boots lab-vm the way a user would; you find the cause with
the openstack CLI, the logs and nova-trace, and name it with check.
  list              the labs, easy to hard, numbered, with your score in each
  start <lab>       set up a lab (its name or number from list)
    --hands-on      nova-trace withholds its cause and next check while the lab runs: you
                    find the cause in the logs and must name the host and the line too
  hint              the next hint for the running lab
  check <cause>     your answer: a cause name or its number in the list start prints
    --host H        the host whose log shows it (cmp1, cmp2…, or controller for the api,
                    scheduler, conductor, placement, neutron, glance and cinder logs)
    --line F:N      the line that proves it, as nova-trace prints it (nova-compute-cmp1.log:118)
    --quote TEXT    or the telling words of that line ("Permission denied")
                    (host and line or quote are required in a hands-on lab, optional in a guided one)
  reset             clear faults and lab servers, keep the stack (ends a hands-on lab)
  stop              stop the lab stack (progress is kept)
  -h, --help        this help; --  ends the options
Progress and the lab stack live in $NOVA_LAB_DIR (default ~/.local/state/nova-lab).`;

export class LabUsageError extends Error {}

export interface LabOptions { handsOn: boolean; host?: string; line?: string; quote?: string }
export type LabArgs = { help: true } | ({ help: false; cmd: LabCommand; arg: string | undefined } & LabOptions);

const isCommand = (s: string): s is LabCommand => (LAB_COMMANDS as readonly string[]).includes(s);
const VALUE_OPTIONS = { '--host': 'host', '--line': 'line', '--quote': 'quote' } as const;

export function parseLabArgs(argv: readonly string[]): LabArgs {
  const words: string[] = [];
  const opts: LabOptions = { handsOn: false };
  const given: string[] = [];
  let optionsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (optionsEnded || !a.startsWith('-') || a === '-') { words.push(a); continue; }
    if (a === '--') { optionsEnded = true; continue; }
    if (a === '-h' || a === '--help') return { help: true };
    const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (name === '--hands-on' && inline === undefined) { opts.handsOn = true; given.push(name); continue; }
    if (!(name in VALUE_OPTIONS)) throw new LabUsageError(`unknown option ${a}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new LabUsageError(`${name} needs a value`);
    opts[VALUE_OPTIONS[name as keyof typeof VALUE_OPTIONS]] = value;
    given.push(name);
  }
  const [cmd = 'list', arg, extra] = words;
  if (cmd === 'help') return { help: true };
  if (!isCommand(cmd)) throw new LabUsageError(`unknown command '${cmd}'`);
  if (extra !== undefined || (arg !== undefined && cmd !== 'start' && cmd !== 'check')) throw new LabUsageError(`unexpected argument '${extra ?? arg}'`);
  const allowed = cmd === 'start' ? ['--hands-on'] : cmd === 'check' ? Object.keys(VALUE_OPTIONS) : [];
  const stray = given.find((g) => !allowed.includes(g));
  if (stray) throw new LabUsageError(`${stray} does not go with ${cmd}`);
  if (opts.line !== undefined && opts.quote !== undefined) throw new LabUsageError('give --line or --quote, not both');
  return { help: false, cmd, arg, ...opts };
}
