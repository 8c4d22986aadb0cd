// The nova-scheduler process: serves select_destinations on the `scheduler` topic, reading the
// nova database for host state and talking to placement for candidates and claims.

import type { RequestSpec } from '../common/objects.js';
import { rpcEndpoint } from '../common/stack-config.js';
import type { RunningService, ServiceEnv } from '../common/service-env.js';
import { openDb } from '../db/open-db.js';
import { NOVA_SCHEMA } from '../db/schema.js';
import { PlacementClient } from '../placement/placement-client.js';
import { RpcServer } from '../rpc/rpc-server.js';
import { SchedulerManager } from './manager.js';
import { SCHEDULER_API_VERSION, SCHEDULER_TOPIC } from './rpcapi.js';

export async function startSchedulerService(env: ServiceEnv): Promise<RunningService> {
  const db = openDb(env.cfg.db, NOVA_SCHEMA);
  const manager = new SchedulerManager(db, env.cfg, env.log, PlacementClient.fromConfig(env.cfg, env.log));
  const server = new RpcServer(env.log.child('oslo_messaging.rpc.server'));
  server.serve({
    topic: SCHEDULER_TOPIC,
    version: SCHEDULER_API_VERSION,
    handlers: {
      select_destinations: (ctx, args) => (env.faults?.take('rpc-timeout', null)
        // The rpc-timeout fault: the scheduler takes the message and never answers.
        ? new Promise<never>(() => undefined)
        : manager.selectDestinations(ctx, args.request_spec as RequestSpec)),
    },
  });
  await server.bind(rpcEndpoint(env.cfg, SCHEDULER_TOPIC));
  env.log.child('nova.service').info(null, null, `Starting scheduler node (version 0.1.0)`);
  return {
    async close() {
      server.close();
      db.close();
      env.log.flush();
    },
  };
}
