// The COMPUTE_STATUS_DISABLED trait on this host's resource provider follows the service's
// disabled flag: at once when the API tells the compute (the set_host_enabled call, Nova's
// _update_compute_provider_status), and at every update_available_resource run (the trait sync
// of Nova's _update_to_placement). Current schedulers forbid the trait in their placement
// query, so a disabled compute gets no new instances.

import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';

export interface TraitSetter {
  changeTrait(ctx: RequestContext | null, uuid: string, trait: string, add: boolean, beforeChange?: () => void): Promise<void>;
}

export class ProviderStatus {
  constructor(private readonly nodeUuid: string, private readonly placement: TraitSetter, private readonly log: OsloLogger) {}

  async sync(ctx: RequestContext, disabled: boolean): Promise<void> {
    try {
      // Nova's ComputeVirtAPI.update_compute_provider_status says so only when the trait changes.
      await this.placement.changeTrait(ctx, this.nodeUuid, 'COMPUTE_STATUS_DISABLED', disabled, () => this.log.debug(ctx, null,
        disabled ? `Adding trait COMPUTE_STATUS_DISABLED to compute node resource provider ${this.nodeUuid} in placement.`
          : `Removing trait COMPUTE_STATUS_DISABLED from compute node resource provider ${this.nodeUuid} in placement.`,
        { func: 'update_compute_provider_status', file: 'compute/manager.py', line: disabled ? 581 : 577 }));
    } catch (e) {
      this.log.warning(ctx, null, `An error occurred while updating COMPUTE_STATUS_DISABLED trait on compute node resource provider ${this.nodeUuid}. The trait will be synchronized when the update_available_resource periodic task runs. Error: ${(e as Error).message}`);
    }
  }
}
