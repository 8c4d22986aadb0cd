// nova-stack's usage texts: one per command (`nova-stack <command> --help`) and the whole
// (`nova-stack --help`).

import { faultScopeLines } from '../faults/fault-scope.js';

export const PUBLIC_COMMANDS = ['up', 'down', 'status', 'fault', 'discover-hosts'] as const;
export type PublicCommand = (typeof PUBLIC_COMMANDS)[number];

export function isPublicCommand(s: string): s is PublicCommand {
  return (PUBLIC_COMMANDS as readonly string[]).includes(s);
}

const SYNOPSIS: Record<PublicCommand, string> = {
  up: `nova-stack up [--hosts N] [--log-dir DIR] [--state-dir DIR] [--base-port PORT] [--delays realistic|zero]
                     [--rpc-timeout S] [--vif-timeout S] [--service-down S] [--release current|legacy]
                     [--enabled-filters F1,F2,…] [--cpu-dedicated-set CPUS] [--cpu-shared-set CPUS]
                     [--detach] [--fresh] [--no-debug] [--no-start]`,
  down: 'nova-stack down [--state-dir DIR]',
  status: 'nova-stack status [--state-dir DIR]',
  fault: 'nova-stack fault list|inject NAME [--host H] [--count N] [--seconds S] [--mode M]|clear [NAME] [--state-dir DIR]',
  'discover-hosts': 'nova-stack discover-hosts [--verbose] [--state-dir DIR]',
};

const STATE_DIR = 'State dir default: $NOVA_STACK_STATE_DIR (the openrc sets it) or ~/.local/state/nova-stack.';

const DETAILS: Record<PublicCommand, string> = {
  up: `Runs a minimal OpenStack Nova (api, conductor, scheduler, placement, N compute hosts, and
keystone/glance/neutron/cinder look-alikes) as separate processes on 127.0.0.1, writing oslo.log
files to the log directory (default /var/log/nova). \`up\` prints the OS_* variables for the
openstack and nova CLIs (eval its output) and writes them to <state-dir>/openrc.
  --hosts N          compute hosts, 1 to 32 (default 2)
  --base-port PORT   first of the ports the services listen on, 1024 to 65000 (default: free ones)
  --delays MODE      the fake hypervisor's step times: realistic (default) or zero
  --rpc-timeout S, --vif-timeout S, --service-down S
                     Nova's rpc_response_timeout, vif_plugging_timeout, service_down_time (seconds)
  --release R        legacy behaves as Nova before Victoria (Pike: Ram/Core/Disk/AZ filters,
                     RetryFilter, reschedule through the scheduler); the default is current Nova. A new state
                     dir takes it; an existing one keeps the release it was created with.
  --enabled-filters F1,F2,…
                     [filter_scheduler] enabled_filters for a new state dir, e.g. the release's
                     defaults plus NUMATopologyFilter (default: the release's defaults)
  --cpu-dedicated-set CPUS, --cpu-shared-set CPUS
                     [compute] cpu_dedicated_set / cpu_shared_set of every host ("4-7", "0-3,^2"):
                     hosts report PCPU for the dedicated CPUs (hw:cpu_policy=dedicated flavors),
                     VCPU for the shared ones (none when only a dedicated set is given)
  --detach           start in the background and return once every service is ready
  --fresh            start from an empty state dir (new database and configuration)
  --no-debug         no DEBUG lines in the logs
  --no-start         write the state dir (stack.json, database, openrc) and stop there: edit
                     stack.json (e.g. periodic task intervals), then run \`nova-stack up\``,
  down: 'Stops the stack started from the state dir (every service); says so when none is running.',
  status: 'Lists the stack\'s processes with their pid, state and restarts. Exit 0 all up, 1 some not up, 2 no stack.',
  fault: `Faults that make boots fail the way real ones do, for the next N uses (--count) or until
cleared, on one compute host (--host) or all. inject refuses what the stack cannot do.
${faultScopeLines().join('\n')}`,
  'discover-hosts': `Maps compute hosts that are not in a cell yet, as nova-manage cell_v2 discover_hosts does
(the fix for cell-unmapped). --verbose prints nova-manage's lines.`,
};

const COMMON = `  -h, --help         this help; --  ends the options
Numbers are decimal (no 0x, no exponent).`;

export function commandUsage(cmd: PublicCommand): string {
  return `usage: ${SYNOPSIS[cmd]}\n\n${DETAILS[cmd]}\n${COMMON}\n${STATE_DIR}`;
}

export function usage(): string {
  const lines = PUBLIC_COMMANDS.map((c, i) => `${i === 0 ? 'usage: ' : '       '}${SYNOPSIS[c]}`);
  return `${lines.join('\n')}
       nova-stack help [COMMAND] | nova-stack COMMAND --help

${DETAILS.up}

${COMMON}
${STATE_DIR}`;
}
