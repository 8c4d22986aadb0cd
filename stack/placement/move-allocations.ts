// The report client's calls for moving a server (nova/scheduler/client/report.py): move a
// consumer's allocations to another consumer in one POST /allocations (the server's source
// allocation to its migration record and back), delete a migration's allocation after a
// confirmed move, and drop one provider from a consumer's allocations (a destination given up).

import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import type { ConsumerAllocations, PlacementClient } from './placement-client.js';

const CONSUMER_GENERATION_VERSION = '1.28';

/** Python's repr of a GET /allocations answer, as the report client logs it. */
function allocsRepr(a: ConsumerAllocations): string {
  const provs = Object.entries(a.allocations).map(([rp, v]) =>
    `'${rp}': {'generation': ${v.generation}, 'resources': {${Object.entries(v.resources).map(([k, n]) => `'${k}': ${n}`).join(', ')}}}`);
  return `{'allocations': {${provs.join(', ')}}, 'consumer_generation': ${a.consumer_generation ?? 'None'}, 'project_id': '${a.project_id}', 'user_id': '${a.user_id}'}`;
}

const bare = (a: ConsumerAllocations) => Object.fromEntries(Object.entries(a.allocations).map(([rp, v]) => [rp, { resources: v.resources }]));

export class MoveAllocations {
  private readonly log: OsloLogger;

  constructor(private readonly client: PlacementClient, rootLog: OsloLogger) {
    this.log = rootLog.child('nova.scheduler.client.report');
  }

  get(ctx: RequestContext, consumer: string): Promise<ConsumerAllocations> {
    return this.client.getAllocations(ctx, consumer);
  }

  /** move_allocations: true when moved (or already moved), false when placement refused. */
  async move(ctx: RequestContext, source: string, target: string): Promise<boolean> {
    const src = await this.client.getAllocations(ctx, source);
    const dst = await this.client.getAllocations(ctx, target);
    if (Object.keys(dst.allocations).length) {
      if (!Object.keys(src.allocations).length) {
        this.log.info(ctx, null, `Allocations not found for consumer ${source}; assuming they were already moved to consumer ${target}`);
        return true;
      }
      this.log.debug(ctx, null, `Overwriting current allocation ${allocsRepr(dst)} on consumer ${target}`, { func: 'move_allocations', file: 'scheduler/client/report.py', line: 2077 });
    }
    const body = {
      [source]: { allocations: {}, project_id: src.project_id, user_id: src.user_id, consumer_generation: src.consumer_generation ?? null },
      [target]: { allocations: bare(src), project_id: src.project_id, user_id: src.user_id, consumer_generation: dst.consumer_generation ?? null },
    };
    const r = await this.client.request(ctx, 'POST', '/allocations', CONSUMER_GENERATION_VERSION, body);
    if (r.status === 204) return true;
    const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    this.log.warning(ctx, null, `Unable to post allocations for consumer ${target} (${r.status} ${text})`);
    return false;
  }

  /** delete_allocation_for_instance(force=False) for a consumer of `consumerType` (migration). */
  async delete(ctx: RequestContext, uuid: string, consumerType: 'instance' | 'migration'): Promise<boolean> {
    const current = await this.client.getAllocations(ctx, uuid);
    if (!Object.keys(current.allocations).length) {
      this.log.debug(ctx, null, `Cannot delete allocation for ${uuid} consumer in placement as consumer does not exist`, { func: 'delete_allocation_for_instance', file: 'scheduler/client/report.py', line: 2257 });
      return false;
    }
    const r = await this.client.putAllocations(ctx, uuid, {}, current.project_id!, current.user_id!, current.consumer_generation ?? null);
    if (r.status === 204) {
      this.log.info(ctx, null, `Deleted allocation for ${consumerType} ${uuid}`);
      return true;
    }
    const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    this.log.warning(ctx, null, `Unable to delete allocation for ${consumerType} ${uuid}: (${r.status} ${text})`);
    return false;
  }

  /** remove_provider_tree_from_instance_allocation: the consumer keeps its other providers. */
  async removeProvider(ctx: RequestContext, consumer: string, rpUuid: string): Promise<void> {
    const current = await this.client.getAllocations(ctx, consumer);
    if (!Object.keys(current.allocations).length) {
      this.log.error(ctx, null, `Expected to find current allocations for ${consumer}, but found none.`);
      return;
    }
    if (!(rpUuid in current.allocations)) {
      this.log.warning(ctx, null, `Expected to find allocations referencing resource provider tree rooted at ${rpUuid} for ${consumer}, but found none.`);
      return;
    }
    const rest = bare(current);
    delete rest[rpUuid];
    await this.client.putAllocations(ctx, consumer, rest, current.project_id!, current.user_id!, current.consumer_generation ?? null);
  }
}
