// The resize-failure fault: the source's nova user cannot ssh to the destination (keys,
// known_hosts, sshd down). migrate_disk_and_power_off creates the instance directory on the
// destination over ssh before touching the guest; that command fails, and the driver raises
// ResizeError wrapped in InstanceFaultRollback. --host names the unreachable destination; each
// resize or cold migration to it uses one.

import type { FaultStore } from './fault-store.js';

/** oslo.concurrency's ProcessExecutionError text for `ssh -o BatchMode=yes <dest> mkdir -p <dir>` refused. */
export function sshRefused(dest: string, dir: string): string {
  return ['Unexpected error while running command.', `Command: ssh -o BatchMode=yes ${dest} mkdir -p ${dir}`, 'Exit code: 255', "Stdout: ''",
    `Stderr: 'ssh: connect to host ${dest} port 22: Connection refused\\r\\n'`].join('\n');
}

/** The ssh failure creating `dir` on `dest`, or null when the fault is not on it. */
export function remoteMkdirError(faults: FaultStore | undefined, dest: string, dir: string): string | null {
  return faults?.take('resize-failure', dest) ? sshRefused(dest, dir) : null;
}
