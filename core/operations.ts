// What kind of request a trace is, as a table. Only boots are mapped onto boot stages; any
// other operation gets a per-service timeline. A request whose records carry no user and
// that never went through the API is a periodic task (they touch many instances).

import { BOOT_ACCESS } from './boot-access.js';

export interface OperationRule {
  operation: string;
  /** Matched against api access lines ("POST /v2.1/servers …") and request bodies. */
  api?: RegExp;
  /** Matched against any record's message. */
  message?: RegExp;
  /** By message only: not this operation when a record matches this too (a later rule may take it). */
  unless?: RegExp;
}

/** A build's own INFO lines since Nova logs 'Starting instance...' at DEBUG (a failed build also terminates its guest). */
const BUILD_LINES = /^Claim successful on node |^Took [\d.]+ seconds to (build instance|spawn the instance on the hypervisor)|^Build of instance \S+ aborted|^Instance failed to spawn|^Failed to build and run instance|^Unexpected build failure, not rescheduling build|^Instance build timed out|^Instance disappeared (during|before) build/;

export const OPERATION_RULES: readonly OperationRule[] = [
  { operation: 'live-migration', api: /os-migrateLive|migrate_live/, message: /live[ _-]?migrat/i },
  { operation: 'boot', api: BOOT_ACCESS, message: /^(Starting instance\.\.\.|Attempting claim|Starting to schedule for instances)/ },
  // neutron (or cinder) telling Nova about a port or a volume: not an action on the server.
  { operation: 'external-event', api: /"POST [^"]*\/os-server-external-events(?: HTTP\/[\d.]+)?" status/ },
  // Before 'delete': their URLs begin with the server's.
  { operation: 'volume-attach', api: /"POST [^"]*\/servers\/[0-9a-f-]{36}\/os-volume_attachments(?: HTTP\/[\d.]+)?" status/, message: /^Attaching volume \S+ to / },
  { operation: 'volume-detach', api: /"DELETE [^"]*\/servers\/[0-9a-f-]{36}\/os-volume_attachments\//, message: /^Detaching volume \S+$/ },
  { operation: 'interface-attach', api: /"POST [^"]*\/servers\/[0-9a-f-]{36}\/os-interface(?: HTTP\/[\d.]+)?" status/ },
  { operation: 'interface-detach', api: /"DELETE [^"]*\/servers\/[0-9a-f-]{36}\/os-interface\// },
  { operation: 'delete', api: /"DELETE [^"]*\/servers\/[0-9a-f-]{36}(?:[ ?"])/, message: /^Terminating instance/, unless: BUILD_LINES },
  { operation: 'resize-confirm', api: /"confirmResize"/, message: /^Confirming resize on source host/ },
  { operation: 'resize-revert', api: /"revertResize"/, message: /^Reverting resize on (destination|source) host/ },
  { operation: 'resize', api: /"resize"/, message: /^(Resizing|Migrating)$/ },
  { operation: 'migrate', api: /"migrate"/ },
  { operation: 'evacuate', api: /"evacuate"/, message: /^Evacuating instance/ },
  { operation: 'shelve', api: /"shelve"/, message: /^Shelving$/ },
  { operation: 'shelve-offload', api: /"shelveOffload"/, message: /^Shelve offloading$/ },
  { operation: 'unshelve', api: /"unshelve"/, message: /^Unshelving$/ },
  { operation: 'snapshot', api: /"createImage"/, message: /^instance snapshotting$/ },
  { operation: 'pause', api: /"pause"/, message: /^Pausing$/ },
  { operation: 'unpause', api: /"unpause"/, message: /^Unpausing$/ },
  { operation: 'suspend', api: /"suspend"/ },
  { operation: 'resume', api: /"resume"/, message: /^Resuming$/ },
  { operation: 'reboot', api: /"reboot"/, message: /^Rebooting instance/ },
  { operation: 'rebuild', api: /"rebuild"/, message: /^Rebuilding instance/ },
  { operation: 'stop', api: /"os-stop"/, message: /^Stopping instance/ },
  { operation: 'start', api: /"os-start"/ },
  // Compute logs alone, at INFO, of a Nova that logs 'Starting instance...' at DEBUG: after every other operation's marks.
  { operation: 'boot', message: BUILD_LINES },
];
