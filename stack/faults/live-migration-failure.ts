// The live-migration-failure fault: the destination's libvirtd cannot be reached from the source
// (firewalled, stopped, listening elsewhere). The source's guest.migrate() to
// qemu+tcp://<dest>/system fails at once, the migration monitor sees the job failed and Nova
// rolls back to the source. --host names the unreachable destination; each migration to it uses one.

import type { FaultStore } from './fault-store.js';

/** libvirt's error for a migration URI whose daemon refuses the connection ([libvirt] live_migration_scheme tcp). */
export function libvirtUnreachable(dest: string): string {
  return `operation failed: Failed to connect to remote libvirt URI qemu+tcp://${dest}/system: unable to connect to server at '${dest}:16509': Connection refused`;
}

/** The libvirt error the source gets migrating to `dest`, or null when the fault is not on it. */
export function migrationConnectError(faults: FaultStore | undefined, dest: string): string | null {
  return faults?.take('live-migration-failure', dest) ? libvirtUnreachable(dest) : null;
}
