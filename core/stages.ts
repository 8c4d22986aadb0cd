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
  { stage: 'placement.claim', service: 'placement' },
  { stage: 'conductor.cast_to_compute', service: 'conductor', message: /^Casting build_and_run_instance|^Sending build_and_run_instance/ },
  { stage: 'conductor.build_request', service: 'conductor' },
  { stage: 'compute.claim', service: 'compute', logger: /^nova\.compute\.claims$/ },
  { stage: 'compute.claim', service: 'compute', message: /^(Starting instance|Attempting claim|Claim successful)/ },
  { stage: 'instance.active', service: 'compute', message: /^Took [\d.]+ seconds to build instance/ },
  { stage: 'compute.spawn', service: 'compute', message: /_get_guest_xml|\(Lifecycle Event\)|spawned successfully|to spawn the instance|failed to spawn|Failed to build and run instance/i },
  { stage: 'compute.image', service: 'compute', logger: /^nova\.(virt\.images|virt\.libvirt\.imagebackend|virt\.libvirt\.imagecache|image)/ },
  { stage: 'compute.image', service: 'compute', message: /^Creating image|\/_base\/|qemu-img|Image download|image .* could not be found/i },
  { stage: 'compute.network', service: 'compute', logger: /^(nova\.network|os_vif|neutronclient)/ },
  { stage: 'compute.network', service: 'compute', message: /network-vif-|\bvifs?\b|\bports?\b|building networks|Allocating IP|allocate network/i },
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
