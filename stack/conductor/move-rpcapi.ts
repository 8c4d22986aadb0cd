// Client side of the conductor's RPC methods for moving servers (topic `conductor`): the API's
// migrate_server (resize, cold migration; a cast), live_migrate_instance (a call below
// microversion 2.34, so that pre-check failures reach the caller; migrate_server with live=True
// there) and rebuild_instance for an evacuation (a cast); compute's reads and writes of
// migration records.
import type { Flavor, RequestSpec } from '../common/objects.js';
import type { RequestContext } from '../common/request-context.js';
import type { RpcClient } from '../rpc/rpc-client.js';
import type { MigrationRecord } from './migration-db.js';
import { CONDUCTOR_API_VERSION, CONDUCTOR_TOPIC } from './rpcapi.js';

export const MOVE_CONDUCTOR_METHODS = ['migrate_server', 'live_migrate_instance', 'rebuild_instance', 'migration_update', 'migration_get', 'evacuations_from', 'migrating_instances'] as const;
export type MoveConductorMethod = (typeof MOVE_CONDUCTOR_METHODS)[number];

export class MoveConductorAPI {
  constructor(private readonly rpc: RpcClient) {}

  private call<T>(ctx: RequestContext, method: MoveConductorMethod, args: Record<string, unknown>): Promise<T> {
    return this.rpc.call<T>(CONDUCTOR_TOPIC, CONDUCTOR_API_VERSION, method, ctx, args);
  }

  /** Resize (`flavor` differs) or cold migration (same flavor). */
  migrateServer(ctx: RequestContext, uuid: string, flavor: Flavor, requestSpec: RequestSpec): Promise<void> {
    return this.rpc.cast(CONDUCTOR_TOPIC, CONDUCTOR_API_VERSION, 'migrate_server', ctx, { uuid, flavor, request_spec: requestSpec });
  }

  /**
   * `host`: a forced destination (the scheduler is bypassed), or null to schedule one. From
   * microversion 2.34 (`async_`) a cast: the API no longer waits for the pre-checks.
   */
  liveMigrateInstance(ctx: RequestContext, uuid: string, host: string | null, blockMigration: boolean | null, requestSpec: RequestSpec, async_ = false): Promise<void> {
    const args = { uuid, host, block_migration: blockMigration, request_spec: requestSpec };
    // Below 2.34 Nova's conductor API calls migrate_server with live=True (its instance event is
    // conductor_migrate_server); from 2.34 it casts live_migrate_instance.
    return async_ ? this.rpc.cast(CONDUCTOR_TOPIC, CONDUCTOR_API_VERSION, 'live_migrate_instance', ctx, args) : this.call(ctx, 'migrate_server', { ...args, live: true });
  }

  evacuate(ctx: RequestContext, uuid: string, host: string | null, migrationId: number, onSharedStorage: boolean | null, requestSpec: RequestSpec): Promise<void> {
    return this.rpc.cast(CONDUCTOR_TOPIC, CONDUCTOR_API_VERSION, 'rebuild_instance', ctx, { uuid, recreate: true, host, migration_id: migrationId, on_shared_storage: onSharedStorage, request_spec: requestSpec });
  }

  migrationUpdate(ctx: RequestContext, id: number, updates: Partial<MigrationRecord>): Promise<MigrationRecord> {
    return this.call(ctx, 'migration_update', { id, updates });
  }

  /** Which of these instances have a migration still in progress (the resource audit keeps their claims). */
  migratingInstances(ctx: RequestContext, uuids: string[]): Promise<string[]> {
    return this.call(ctx, 'migrating_instances', { uuids });
  }

  migrationGet(ctx: RequestContext, id: number): Promise<MigrationRecord | null> {
    return this.call(ctx, 'migration_get', { id });
  }

  /** Evacuations away from `host` its compute has not cleaned up yet (status accepted, pre-migrating or done). */
  evacuationsFrom(ctx: RequestContext, host: string): Promise<MigrationRecord[]> {
    return this.call(ctx, 'evacuations_from', { host });
  }
}
