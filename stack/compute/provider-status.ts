// The COMPUTE_STATUS_DISABLED trait on this host's resource provider follows the service's
// disabled flag (Nova's _sync_compute_service_disabled_trait): current schedulers forbid the
// trait in their placement query, so a disabled compute gets no new instances.

import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';

export interface TraitSetter {
  changeTrait(ctx: RequestContext | null, uuid: string, trait: string, add: boolean): Promise<void>;
}

export class ProviderStatus {
  private synced: boolean | null = null;

  constructor(private readonly nodeUuid: string, private readonly placement: TraitSetter, private readonly log: OsloLogger) {}

  async sync(ctx: RequestContext, disabled: boolean): Promise<void> {
    if (this.synced === disabled) return;
    try {
      await this.placement.changeTrait(ctx, this.nodeUuid, 'COMPUTE_STATUS_DISABLED', disabled);
      this.synced = disabled;
    } catch (e) {
      this.log.warning(ctx, null, `An error occurred while updating COMPUTE_STATUS_DISABLED trait on compute node resource provider ${this.nodeUuid}. The trait will be synchronized when the update_available_resource periodic task runs. Error: ${(e as Error).message}`);
    }
  }
}
