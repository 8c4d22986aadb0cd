// The compute manager's RPC handlers for moving servers (topic `compute.<host>`, beside the
// lifecycle handlers), with the names of the move rpcapi methods.

import type { Flavor, Selection } from '../common/objects.js';
import type { MigrationRecord } from '../conductor/migration-db.js';
import type { Handler } from '../rpc/rpc-server.js';
import { evacuateHere } from './evacuate-ops.js';
import {
  checkCanLiveMigrateDestination, checkCanLiveMigrateSource, liveMigration, liveMigrationAbort, liveMigrationForceComplete, LiveMigrations,
  postLiveMigrationAtDestination, preLiveMigration, rollbackLiveMigrationAtDestination,
} from './live-migration-ops.js';
import type { MoveDeps } from './move-deps.js';
import type { LiveMigrateData, MoveComputeMethod, ResizeArgs } from './move-rpcapi.js';
import { confirmResize, finishResize, finishRevertResize, prepResize, resizeInstance, revertResize } from './resize-ops.js';

export function moveHandlers(d: MoveDeps): Record<MoveComputeMethod, Handler> {
  const live = new LiveMigrations();
  /** The flavor of each server migrating here, from its checks to post_live_migration_at_destination. */
  const arriving = new Map<string, Flavor>();
  const uuid = (a: Record<string, unknown>) => a.uuid as string;
  const mig = (a: Record<string, unknown>) => a.migration as MigrationRecord;
  return {
    prep_resize: (ctx, a) => prepResize(d, ctx, a as unknown as ResizeArgs),
    resize_instance: (ctx, a) => resizeInstance(d, ctx, a as unknown as ResizeArgs),
    finish_resize: (ctx, a) => finishResize(d, ctx, a as unknown as ResizeArgs),
    confirm_resize: (ctx, a) => confirmResize(d, ctx, uuid(a), mig(a)),
    revert_resize: (ctx, a) => revertResize(d, ctx, uuid(a), mig(a)),
    finish_revert_resize: (ctx, a) => finishRevertResize(d, ctx, uuid(a), mig(a)),
    check_can_live_migrate_destination: (ctx, a) => {
      arriving.set(uuid(a), a.flavor as Flavor);
      return checkCanLiveMigrateDestination(d, ctx, uuid(a), a.source as string, (a.block_migration as boolean | null) ?? null, { flavor: a.flavor as Flavor });
    },
    check_can_live_migrate_source: (ctx, a) => checkCanLiveMigrateSource(d, ctx, uuid(a), a.data as LiveMigrateData),
    pre_live_migration: (ctx, a) => preLiveMigration(d, ctx, uuid(a), a.data as LiveMigrateData),
    live_migration: (ctx, a) => liveMigration(d, live, ctx, uuid(a), a.dest as string, mig(a), a.data as LiveMigrateData),
    post_live_migration_at_destination: async (ctx, a) => {
      const flavor = arriving.get(uuid(a));
      arriving.delete(uuid(a));
      if (flavor) await postLiveMigrationAtDestination(d, ctx, uuid(a), flavor);
    },
    rollback_live_migration_at_destination: (ctx, a) => { arriving.delete(uuid(a)); return rollbackLiveMigrationAtDestination(d, ctx, uuid(a)); },
    live_migration_abort: (ctx, a) => liveMigrationAbort(d, live, ctx, uuid(a), a.migration_id as number),
    live_migration_force_complete: (ctx, a) => liveMigrationForceComplete(d, live, ctx, uuid(a)),
    rebuild_instance: (ctx, a) => evacuateHere(d, ctx, uuid(a), mig(a), a.flavor as Flavor, (a.limits as Selection['limits'] | null) ?? null, (a.on_shared_storage as boolean | null) ?? null),
  };
}
