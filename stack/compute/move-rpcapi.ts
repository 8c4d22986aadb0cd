// Client side of the compute RPC methods that move a server between hosts (topic
// `compute.<host>`, Nova's compute rpcapi): resize/cold migration (prep_resize on the
// destination, resize_instance on the source, finish_resize on the destination, confirm on the
// source, revert on the destination then the source), live migration (the destination and source
// checks, pre_live_migration, the migration itself, its completion, rollback and abort) and
// evacuation (rebuild on the destination).
import type { Flavor, RequestSpec, Selection } from '../common/objects.js';
import type { RequestContext } from '../common/request-context.js';
import { computeTopic } from '../common/stack-config.js';
import type { MigrationRecord } from '../conductor/migration-db.js';
import type { RpcClient } from '../rpc/rpc-client.js';
import { COMPUTE_API_VERSION } from './rpcapi.js';

export const MOVE_COMPUTE_METHODS = [
  'prep_resize', 'resize_instance', 'finish_resize', 'confirm_resize', 'revert_resize', 'finish_revert_resize',
  'check_can_live_migrate_destination', 'check_can_live_migrate_source', 'pre_live_migration', 'live_migration',
  'post_live_migration_at_destination', 'rollback_live_migration_at_destination', 'live_migration_abort', 'rebuild_instance',
  'live_migration_force_complete',
] as const;
export type MoveComputeMethod = (typeof MOVE_COMPUTE_METHODS)[number];

/** What a destination's checks hand back (LibvirtLiveMigrateData, reduced). */
export interface LiveMigrateData { block_migration: boolean; dest_host: string; source_host: string; is_shared_instance_path: boolean; flavor: Flavor }

export interface ResizeArgs { uuid: string; flavor: Flavor; migration: MigrationRecord; request_spec: RequestSpec; host_list?: Selection[]; limits?: Selection['limits'] }

export class MoveComputeAPI {
  constructor(private readonly rpc: RpcClient) {}

  private cast(ctx: RequestContext, host: string, method: MoveComputeMethod, args: object): Promise<void> {
    return this.rpc.cast(computeTopic(host), COMPUTE_API_VERSION, method, ctx, args as Record<string, unknown>);
  }

  private call<T>(ctx: RequestContext, host: string, method: MoveComputeMethod, args: object): Promise<T> {
    return this.rpc.call<T>(computeTopic(host), COMPUTE_API_VERSION, method, ctx, args as Record<string, unknown>);
  }

  prepResize(ctx: RequestContext, dest: string, args: ResizeArgs): Promise<void> { return this.cast(ctx, dest, 'prep_resize', args); }
  resizeInstance(ctx: RequestContext, source: string, args: ResizeArgs): Promise<void> { return this.cast(ctx, source, 'resize_instance', args); }
  finishResize(ctx: RequestContext, dest: string, args: ResizeArgs): Promise<void> { return this.cast(ctx, dest, 'finish_resize', args); }
  /** `wait`: a call (the API confirming a resized server it deletes), else a cast. */
  confirmResize(ctx: RequestContext, source: string, uuid: string, migration: MigrationRecord, wait = false): Promise<void> {
    return wait ? this.call(ctx, source, 'confirm_resize', { uuid, migration }) : this.cast(ctx, source, 'confirm_resize', { uuid, migration });
  }
  revertResize(ctx: RequestContext, dest: string, uuid: string, migration: MigrationRecord): Promise<void> { return this.cast(ctx, dest, 'revert_resize', { uuid, migration }); }
  finishRevertResize(ctx: RequestContext, source: string, uuid: string, migration: MigrationRecord): Promise<void> { return this.cast(ctx, source, 'finish_revert_resize', { uuid, migration }); }

  checkCanLiveMigrateDestination(ctx: RequestContext, dest: string, uuid: string, source: string, blockMigration: boolean | null, migration: MigrationRecord, flavor: Flavor): Promise<LiveMigrateData> {
    return this.call(ctx, dest, 'check_can_live_migrate_destination', { uuid, source, block_migration: blockMigration, migration, flavor });
  }
  checkCanLiveMigrateSource(ctx: RequestContext, source: string, uuid: string, data: LiveMigrateData): Promise<LiveMigrateData> {
    return this.call(ctx, source, 'check_can_live_migrate_source', { uuid, data });
  }
  preLiveMigration(ctx: RequestContext, dest: string, uuid: string, data: LiveMigrateData): Promise<LiveMigrateData> {
    return this.call(ctx, dest, 'pre_live_migration', { uuid, data });
  }
  liveMigration(ctx: RequestContext, source: string, uuid: string, dest: string, migration: MigrationRecord, data: LiveMigrateData): Promise<void> {
    return this.cast(ctx, source, 'live_migration', { uuid, dest, migration, data });
  }
  postLiveMigrationAtDestination(ctx: RequestContext, dest: string, uuid: string): Promise<void> {
    return this.call(ctx, dest, 'post_live_migration_at_destination', { uuid });
  }
  rollbackLiveMigrationAtDestination(ctx: RequestContext, dest: string, uuid: string): Promise<void> {
    return this.cast(ctx, dest, 'rollback_live_migration_at_destination', { uuid });
  }
  liveMigrationForceComplete(ctx: RequestContext, source: string, uuid: string, migrationId: number): Promise<void> {
    return this.cast(ctx, source, 'live_migration_force_complete', { uuid, migration_id: migrationId });
  }
  liveMigrationAbort(ctx: RequestContext, source: string, uuid: string, migrationId: number): Promise<void> {
    return this.cast(ctx, source, 'live_migration_abort', { uuid, migration_id: migrationId });
  }
  /** Evacuation: rebuild the server on `dest` (recreate), the scheduler's claim and limits with it. */
  rebuildInstance(ctx: RequestContext, dest: string, uuid: string, migration: MigrationRecord, flavor: Flavor, limits: Selection['limits'] | null, onSharedStorage: boolean | null): Promise<void> {
    return this.cast(ctx, dest, 'rebuild_instance', { uuid, recreate: true, migration, flavor, limits, on_shared_storage: onSharedStorage });
  }
}
