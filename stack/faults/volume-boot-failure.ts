// volume-boot-failure: what cinder-lite's backend does with the volumes it is asked to create
// while the fault holds, one row per way a real backend fails a boot-from-volume. `nova-stack
// fault inject volume-boot-failure [--mode M]` picks the row (the first is the default).

import type { VolumeOutcome } from '../api/volume/volume-worker.js';
import type { Fault } from './fault-store.js';

export interface VolumeFailureMode {
  mode: string;
  outcome: Exclude<VolumeOutcome, 'available'>;
  /** What the operator sees. */
  what: string;
}

export const VOLUME_FAILURE_MODES: readonly VolumeFailureMode[] = [
  { mode: 'error', outcome: 'error', what: "the backend fails the copy: the volume goes to 'error'; compute stops waiting at once" },
  { mode: 'creating', outcome: 'creating', what: "the backend hangs: the volume stays 'creating' until compute has waited block_device_allocate_retries times" },
];

export const volumeFailureMode = (name: unknown): VolumeFailureMode | undefined => VOLUME_FAILURE_MODES.find((m) => m.mode === name);

/** The outcome of the next new volume: the taken fault's mode, or success when none was taken. */
export function volumeFaultOutcome(fault: Pick<Fault, 'params'> | null): VolumeOutcome {
  if (!fault) return 'available';
  return (volumeFailureMode(fault.params.mode) ?? VOLUME_FAILURE_MODES[0]).outcome;
}
