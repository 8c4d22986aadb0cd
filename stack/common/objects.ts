// Objects passed between services, and the closed vocabularies of states and actions
// (Nova's vm_states, task_states, power_state and instance action names).

import { ACTION_INSTANCE_ACTIONS, ACTION_TASK_STATES, ACTION_VM_STATES } from './action-states.js';

export const VM_STATES = ['building', 'active', 'stopped', 'paused', 'suspended', 'rescued', 'resized', 'error', 'deleted', 'soft-delete',
  ...ACTION_VM_STATES] as const;
export type VmState = (typeof VM_STATES)[number];

export const TASK_STATES = [
  'scheduling', 'block_device_mapping', 'networking', 'spawning', 'rebooting', 'rebooting_hard', 'powering-off',
  'powering-on', 'pausing', 'unpausing', 'suspending', 'resuming', 'rescuing', 'unrescuing', 'resize_prep',
  'resize_migrating', 'resize_migrated', 'resize_finish', 'resize_reverting', 'resize_confirming', 'migrating',
  'rebuilding', 'rebuild_spawning', 'deleting',
  ...ACTION_TASK_STATES,
] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const POWER_STATE = { NOSTATE: 0, RUNNING: 1, PAUSED: 3, SHUTDOWN: 4, CRASHED: 6, SUSPENDED: 7 } as const;

export const INSTANCE_ACTIONS = [
  'create', 'delete', 'reboot', 'stop', 'start', 'pause', 'unpause', 'suspend', 'resume', 'rescue', 'unrescue',
  'resize', 'confirmResize', 'revertResize', 'migrate', 'live-migration', 'live_migration_cancel', 'evacuate', 'rebuild', 'lock', 'unlock',
  'trigger_crash_dump', 'live_migration_force_complete', ...ACTION_INSTANCE_ACTIONS,
] as const;
export type InstanceAction = (typeof INSTANCE_ACTIONS)[number];

export interface Flavor {
  id: string; name: string; memory_mb: number; vcpus: number; root_gb: number; ephemeral_gb: number; swap: number;
  extra_specs: Record<string, string>;
}

export interface ImageMeta {
  id: string; name: string; size: number; disk_format: string; min_ram: number; min_disk: number;
  properties: Record<string, string>;
}

export interface InstanceRecord {
  uuid: string; name: string; project_id: string; user_id: string; image_ref: string; flavor_id: string;
  vm_state: VmState; task_state: TaskState | null; power_state: number; host: string | null; node: string | null;
  availability_zone: string | null; created_at: string; updated_at: string; launched_at: string | null;
}

/** One block device of an instance (Nova's BlockDeviceMapping, new format, as the API built it). */
export interface BlockDeviceMapping {
  boot_index: number | null;
  source_type: 'image' | 'volume' | 'snapshot' | 'blank';
  destination_type: 'local' | 'volume';
  image_id: string | null;
  volume_id: string | null;
  volume_size: number | null;
  delete_on_termination: boolean;
  device_name: string | null;
  /** The device tag asked for at boot (2.32, 2.42+). */
  tag?: string | null;
  /** The cinder volume type (its name) of a volume nova creates for the mapping (2.67+). */
  volume_type?: string | null;
}

/** What the scheduler is asked to place (Nova's RequestSpec, reduced). */
export interface RequestSpec {
  instance_uuid: string;
  project_id: string;
  user_id: string;
  flavor: Flavor;
  image: ImageMeta;
  availability_zone: string | null;
  /** Scheduler hints: `group` (server group uuid), `force_host`. */
  scheduler_hints: Record<string, string>;
  network_ids: string[];
  /** The device tag of each requested network, aligned with network_ids (2.32 to 2.36, 2.42+). */
  network_tags?: (string | null)[];
  /** networks 'none' (2.37): the compute allocates no network at all. */
  no_allocate?: boolean;
  /** The security groups asked for by name (none: the project's default group). */
  security_groups?: string[];
  /** Hosts already tried (the RetryFilter's list) and the attempt number. */
  retry: { num_attempts: number; hosts: string[] };
  /** Boot from volume: the root disk is a cinder volume (placement is not asked for the root disk). */
  is_bfv?: boolean;
  /** The instance's block devices other than the image root disk (block_device_mapping_v2). */
  block_device_mapping?: BlockDeviceMapping[];
  /** Hosts a move must not land on (the source of a resize, migration or evacuation). */
  ignore_hosts?: string[];
  /**
   * A destination asked for without force (2.29 evacuate, 2.30 live migration, 2.56 migrate; 2.74
   * boot, where host or node may be left out): only it, through the filters.
   */
  requested_destination?: { host: string | null; node: string | null } | null;
}

export interface Selection {
  host: string;
  nodename: string;
  limits: { memory_mb: number; vcpus: number; disk_gb: number };
  /** The placement allocation request for this host (claimed for the selected host, not yet for an alternate). */
  allocation_request?: { allocations: Record<string, { resources: Record<string, number> }> } | null;
}
