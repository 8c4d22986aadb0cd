// The nova-conductor process: the conductor's RPC server on its loopback port.
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
import { CONDUCTOR_API_VERSION, CONDUCTOR_TOPIC } from './rpcapi.js';

export async function startConductorService(env: ServiceEnv): Promise<RunningService> {
  const db = openDb(env.cfg.db, NOVA_SCHEMA);
  const manager = new ConductorManager(env.cfg, env.log, new InstanceDb(db), new SchedulerAPI(env.rpc), new ComputeAPI(env.rpc), PlacementClient.fromConfig(env.cfg, env.log));
  const server = new RpcServer(env.log.child('oslo_messaging.rpc.server'));
  server.serve({ topic: CONDUCTOR_TOPIC, version: CONDUCTOR_API_VERSION, handlers: manager.handlers });
  await server.bind(rpcEndpoint(env.cfg, CONDUCTOR_TOPIC));
  env.log.child('nova.service').info(null, null, `Starting conductor node (version 0.1.0)`);
  return {
    async close() {
      server.close();
      db.close();
    },
  };
}
