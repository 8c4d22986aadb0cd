// The nova-conductor process: the conductor's RPC server on its loopback port, and the stack's
// audit of builds that no service owns any more (build-audit.ts).
import type { RunningService, ServiceEnv } from '../common/service-env.js';
import { rpcEndpoint } from '../common/stack-config.js';
import { ComputeAPI } from '../compute/rpcapi.js';
import { openDb } from '../db/open-db.js';
import { NOVA_SCHEMA } from '../db/schema.js';
import { RpcServer } from '../rpc/rpc-server.js';
import { SchedulerAPI } from '../scheduler/rpcapi.js';
import { InstanceDb } from './instance-db.js';
import { PlacementClient } from '../placement/placement-client.js';
import { ConductorManager } from './manager.js';
import { auditLostBuilds, BUILD_AUDIT_INTERVAL_MS } from './build-audit.js';
import { CONDUCTOR_API_VERSION, CONDUCTOR_TOPIC } from './rpcapi.js';
import { conductorActionHandlers } from './actions/handlers.js';
import { ServerActionsAPI } from '../compute/actions/rpcapi.js';
import { MoveComputeAPI } from '../compute/move-rpcapi.js';
import { MoveAllocations } from '../placement/move-allocations.js';
import { MigrationDb } from './migration-db.js';
import { moveHandlers } from './move-manager.js';

export async function startConductorService(env: ServiceEnv): Promise<RunningService> {
  const db = openDb(env.cfg.db, NOVA_SCHEMA);
  const instances = new InstanceDb(db);
  const placement = PlacementClient.fromConfig(env.cfg, env.log);
  const manager = new ConductorManager(env.cfg, env.log, instances, new SchedulerAPI(env.rpc), new ComputeAPI(env.rpc), placement,
    (host) => !env.faults?.peek('cell-unmapped', host));
  const server = new RpcServer(env.log.child('oslo_messaging.rpc.server'));
  const actions = conductorActionHandlers({ cfg: env.cfg, db, instances, scheduler: new SchedulerAPI(env.rpc), compute: new ComputeAPI(env.rpc), actions: new ServerActionsAPI(env.rpc), log: env.log });
  const moves = moveHandlers({
    cfg: env.cfg, rootLog: env.log, db, instances, migrations: new MigrationDb(db), scheduler: new SchedulerAPI(env.rpc),
    compute: new MoveComputeAPI(env.rpc), allocs: new MoveAllocations(placement, env.log), placement,
  });
  server.serve({ topic: CONDUCTOR_TOPIC, version: CONDUCTOR_API_VERSION, handlers: {
    ...manager.handlers, ...actions, ...moves,
    // One rebuild_instance, as in Nova: an evacuation (recreate) goes to another host, a rebuild stays.
    rebuild_instance: (ctx, args) => (args.recreate ? moves.rebuild_instance(ctx, args) : actions.rebuild_instance(ctx, args)),
  } });
  await server.bind(rpcEndpoint(env.cfg, CONDUCTOR_TOPIC));
  env.log.child('nova.service').info(null, null, `Starting conductor node (version 0.1.0)`);
  // The stack's audit of builds no service owns (build-audit.ts); not a Nova periodic task.
  let auditing = false;
  const audit = setInterval(() => {
    if (auditing) return;
    auditing = true;
    void auditLostBuilds(db, instances, manager.owned, placement, env.log).catch(() => undefined).finally(() => { auditing = false; });
  }, BUILD_AUDIT_INTERVAL_MS);
  audit.unref();
  return {
    async close() {
      clearInterval(audit);
      server.close();
      db.close();
    },
  };
}
