// The conductor's RPC handlers for moving servers (topic `conductor`, beside the build
// handlers): the API's migrate_server, live_migrate_instance and rebuild_instance (evacuation),
// and the migration record reads and writes compute asks for.

import type { Flavor, RequestSpec } from '../common/objects.js';
import type { RequestContext } from '../common/request-context.js';
import type { Handler } from '../rpc/rpc-server.js';
import { evacuateInstance } from './evacuate-task.js';
import { liveMigrateInstance } from './live-migrate-task.js';
import { migrateServer } from './migrate-task.js';
import type { MigrationRecord } from './migration-db.js';
import type { MoveTaskDeps } from './move-common.js';
import type { MoveConductorMethod } from './move-rpcapi.js';

const liveMigrate = (d: MoveTaskDeps, ctx: RequestContext, args: Record<string, unknown>, async_: boolean) =>
  liveMigrateInstance(d, ctx, args.uuid as string, (args.host as string | null) ?? null, (args.block_migration as boolean | null) ?? null,
    args.request_spec as RequestSpec, async_);

export function moveHandlers(d: MoveTaskDeps): Record<MoveConductorMethod, Handler> {
  return {
    // live=True: the API's live migration below 2.34, a call that waits for the pre-checks.
    migrate_server: (ctx, args) => (args.live === true ? liveMigrate(d, ctx, args, false)
      : migrateServer(d, ctx, args.uuid as string, args.flavor as Flavor, args.request_spec as RequestSpec)),
    live_migrate_instance: (ctx, args) => liveMigrate(d, ctx, args, true),
    rebuild_instance: (ctx, args) => evacuateInstance(d, ctx, args.uuid as string, (args.host as string | null) ?? null, args.migration_id as number,
      (args.on_shared_storage as boolean | null) ?? null, args.request_spec as RequestSpec),
    migration_update: (_ctx, args) => d.migrations.update(args.id as number, args.updates as Partial<MigrationRecord>),
    migration_get: (_ctx, args) => d.migrations.get(args.id as number),
    evacuations_from: (_ctx, args) => d.migrations.evacuationsFrom(args.host as string),
    migrating_instances: (_ctx, args) => d.migrations.migratingInstances(args.uuids as string[]),
  };
}
