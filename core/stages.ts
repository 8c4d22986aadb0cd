// Which boot stage a record belongs to, as a table. Rows are tried in order; the first whose
// service, logger and message patterns all match wins. A compute record that no row names
// stays in the compute stage most recently entered on its host (`sticky`), because generic
// lines (locks, placement reports) carry no stage of their own.

import type { StageName } from './stage-names.js';

export interface StageRule {
  stage: StageName;
  service: string;
  logger?: RegExp;
  message?: RegExp;
}

export const STAGE_RULES: readonly StageRule[] = [
  { stage: 'api.accepted', service: 'api' },
  { stage: 'placement.claim', service: 'scheduler', message: /claim resources in the placement API/ },
  { stage: 'scheduler.select_destinations', service: 'scheduler' },
  // The allocation-candidates query is the scheduler's; only the allocation write is a claim.
  { stage: 'scheduler.select_destinations', service: 'placement', message: /"GET [^"]*\/allocation_candidates/ },
  { stage: 'placement.claim', service: 'placement' },
  { stage: 'conductor.cast_to_compute', service: 'conductor', message: /^Casting build_and_run_instance|^Sending build_and_run_instance/ },
  // After the scheduler chose a host the conductor looks up its cell to cast there.
  { stage: 'conductor.cast_to_compute', service: 'conductor', message: /^No host-to-cell mapping found for selected host|is not mapped to any cell/ },
  { stage: 'conductor.build_request', service: 'conductor' },
  { stage: 'compute.claim', service: 'compute', logger: /^nova\.compute\.claims$/ },
  { stage: 'compute.claim', service: 'compute', message: /^(Starting instance|Attempting claim|Claim successful)/ },
  { stage: 'instance.active', service: 'compute', message: /^Took [\d.]+ seconds to build instance/ },
  { stage: 'compute.spawn', service: 'compute', message: /^Start spawning the instance on the hypervisor/ },
  { stage: 'compute.network', service: 'compute', message: /^Start building networks asynchronously/ },
  { stage: 'compute.image', service: 'compute', message: /^Start building block device mappings/ },
  { stage: 'compute.spawn', service: 'compute', message: /_get_guest_xml|\(Lifecycle Event\)|spawned successfully|to spawn the instance|failed to spawn|Failed to build and run instance/i },
  { stage: 'compute.image', service: 'compute', logger: /^nova\.(virt\.images|virt\.libvirt\.imagebackend|virt\.libvirt\.imagecache|image)/ },
  { stage: 'compute.image', service: 'compute', message: /^Creating image|\/_base\/|qemu-img|Image download|image .* could not be found/i },
  { stage: 'compute.network', service: 'compute', logger: /^(nova\.network|os_vif|neutronclient)/ },
  { stage: 'compute.network', service: 'compute', message: /network-vif-|\bvifs?\b|\bports?\b|building networks|Allocating IP|allocate network|failed network setup/i },
];

/** Stages that a compute record without a matching row falls back to (the host's current stage). */
export const STICKY_SERVICE = 'compute';
export const FIRST_COMPUTE_STAGE: StageName = 'compute.claim';

export function stageOf(service: string, logger: string, message: string): StageName | null {
  for (const r of STAGE_RULES) {
    if (r.service !== service) continue;
    if (r.logger && !r.logger.test(logger)) continue;
    if (r.message && !r.message.test(message)) continue;
    return r.stage;
  }
  return null;
}

/**
 * What proves a stage completed when nothing after it in the same attempt was logged (a later
 * stage's lines prove the earlier ones). A stage with lines but no such proof is not "ok".
 */
export const STAGE_DONE: Readonly<Record<StageName, RegExp>> = {
  'api.accepted': /" status: 2\d\d/,
  'conductor.build_request': /build_and_run_instance|Selected host/,
  'scheduler.select_destinations': /^Selected host|^Choosing host|^Weighed |^Attempting to claim resources in the placement API/,
  'placement.claim': /"PUT [^"]*\/allocations\/[^"]*" status: 20\d|successfully created on|^Claim successful/,
  'conductor.cast_to_compute': /build_and_run_instance/,
  'compute.claim': /^Claim successful/,
  'compute.network': /network-vif-plugged|Successfully plugged vif|^Instance network_info:|allocate_for_instance\(\) (completed|returned)/,
  'compute.image': /^Creating image/,
  'compute.spawn': /spawned successfully|seconds to spawn the instance/i,
  'instance.active': /seconds to build instance|spawned successfully/,
};

/**
 * Lines that say a stage did not complete, whatever later stages logged. Nova allocates the network
 * in a greenthread beside the image and spawn steps, so their lines prove nothing about it.
 */
export const STAGE_UNFINISHED: Partial<Record<StageName, RegExp>> = {
  'compute.network': /^Instance failed network setup after \d+ attempt/,
};

/** Lines that undo a stage that had completed (a reschedule or an abort rolls the claim back). */
export const STAGE_ROLLBACK: Partial<Record<StageName, RegExp>> = {
  'compute.claim': /^Aborting claim/,
  'placement.claim': /"DELETE [^"]*\/allocations\/|^Deleted allocation for instance/,
  // A failed build gives its ports back (a reschedule too): the network it had is undone.
  'compute.network': /^Deallocating network for instance|^Took [\d.]+ seconds to deallocate network for instance/,
};
