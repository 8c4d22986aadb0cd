// The api process: one HTTP server on 127.0.0.1:<ports.api> serving keystone-lite (/v3),
// the nova API (/compute), glance-lite (/image), neutron-lite (/network) and cinder-lite
// (/volume), each writing its own log file (nova-api.log is the service's root log;
// keystone.log, glance-api.log, neutron-server.log, cinder-api.log and cinder-volume.log sit
// beside it in the log directory).

import { ServerActionsAPI } from '../compute/actions/rpcapi.js';
import http from 'node:http';
import path from 'node:path';
import { FileSink, OsloLogger } from '../common/oslo-logger.js';
import type { RunningService, ServiceEnv } from '../common/service-env.js';
import { serviceAuth } from '../common/service-auth.js';
import { apiUrl } from '../common/stack-config.js';
import { ComputeAPI } from '../compute/rpcapi.js';
import { ConductorAPI } from '../conductor/rpcapi.js';
import { MoveConductorAPI } from '../conductor/move-rpcapi.js';
import { MoveComputeAPI } from '../compute/move-rpcapi.js';
import { HostAggregates } from '../placement/host-aggregates.js';
import { PlacementClient } from '../placement/placement-client.js';
import { openDb } from '../db/open-db.js';
import { NOVA_SCHEMA } from '../db/schema.js';
import type { ApiDeps, ApiLogs } from './api-deps.js';
import { computeApp } from './compute/compute-app.js';
import { createDispatcher } from './http/dispatch.js';
import { identityApp } from './identity/identity-app.js';
import { TokenStore } from './identity/token-store.js';
import { imageApp } from './image/image-app.js';
import { networkApp } from './network/network-app.js';
import { bindWithOvs, type BindingDecider } from './network/port-binding.js';
import { VifNotifier } from './network/vif-notifier.js';
import { volumeApp } from './volume/volume-app.js';
import { VolumeWorker, type VolumeOutcome } from './volume/volume-worker.js';
import { guardServer, PARSER_HEADER_BYTES } from './http/request-limits.js';

export interface ApiServiceOptions {
  /** Port-binding policy of neutron-lite (the port-binding-failure fault replaces it). */
  decideBinding?: BindingDecider;
  /** Delay between a port binding and its network-vif-plugged event. */
  vifPluggedDelayMs?: number;
  /** Whether glance-lite can serve an image's data now (the image-unavailable fault says no). */
  imageAvailable?: (imageId: string) => boolean;
  /** Whether the neutron agent on a host stays silent after a binding (the vif-plug-timeout fault). */
  agentSilent?: (host: string) => boolean;
  /** Whether instance quotas count as used up (the quota-exceeded fault). */
  quotaExhausted?: () => boolean;
  /** default_schedule_zone (the az-mismatch fault sets one that no host is in). */
  defaultScheduleZone?: () => string | null;
  /** Whether an image download is a disk larger than the flavors (the image-too-big fault). */
  oversizedImage?: () => boolean;
  /** Whether a user's token has expired by the time it reaches glance (the token-expired fault). */
  userTokenOutlived?: () => boolean;
  /** Whether the subnets have no address left (the ip-exhausted fault). */
  addressesExhausted?: () => boolean;
  /** What cinder-lite's backend does with a new volume (the volume-boot-failure fault). */
  volumeOutcome?: () => VolumeOutcome;
  /** Whether cinder-lite's backend fails to export a volume for the next attachment update (the volume-attach-failure fault). */
  exportFails?: () => boolean;
}

const DEFAULT_VIF_PLUGGED_DELAY_MS = 200;

function siblingLogs(env: ServiceEnv): ApiLogs {
  const file = (name: string) => new OsloLogger('root', new FileSink(path.join(env.cfg.logDir, name)), undefined, env.cfg.debug);
  return { nova: env.log, keystone: file('keystone.log'), glance: file('glance-api.log'), neutron: file('neutron-server.log'),
    cinder: file('cinder-api.log'), cinderVolume: file('cinder-volume.log') };
}

export async function startApiService(env: ServiceEnv, opts: ApiServiceOptions = {}): Promise<RunningService> {
  const { cfg } = env;
  const db = openDb(cfg.db, NOVA_SCHEMA);
  const logs = siblingLogs(env);
  const deps: ApiDeps = {
    cfg, db, logs,
    placementAggregates: new HostAggregates(PlacementClient.fromConfig(cfg), env.log),
    tokens: new TokenStore(db),
    serviceAuth: serviceAuth(cfg, 'nova'),
    baseUrl: apiUrl(cfg, ''),
    conductor: new ConductorAPI(env.rpc),
    compute: new ComputeAPI(env.rpc),
    actions: new ServerActionsAPI(env.rpc),
    moveConductor: new MoveConductorAPI(env.rpc),
    moveCompute: new MoveComputeAPI(env.rpc),
    decideBinding: opts.decideBinding ?? bindWithOvs,
    vifPluggedDelayMs: opts.vifPluggedDelayMs ?? DEFAULT_VIF_PLUGGED_DELAY_MS,
    imageAvailable: opts.imageAvailable ?? (() => true),
    quotaExhausted: opts.quotaExhausted ?? (() => false),
    defaultScheduleZone: opts.defaultScheduleZone ?? (() => null),
    addressesExhausted: opts.addressesExhausted ?? (() => false),
    oversizedImage: opts.oversizedImage ?? (() => false),
    userTokenOutlived: opts.userTokenOutlived ?? (() => false),
    volumeOutcome: opts.volumeOutcome ?? (() => 'available'),
    exportFails: opts.exportFails ?? (() => false),
  };
  const volumeWorker = new VolumeWorker(db, logs.cinderVolume, cfg.driver.image);
  const notifier = new VifNotifier(cfg, logs.neutron, deps.vifPluggedDelayMs, opts.agentSilent);
  const server = http.createServer({ maxHeaderSize: PARSER_HEADER_BYTES }, createDispatcher({
    apps: [identityApp(deps), computeApp(deps), imageApp(deps), networkApp(deps, notifier), volumeApp(deps, volumeWorker)],
    tokens: deps.tokens,
    identityUri: apiUrl(cfg, '/v3'),
  }));
  server.keepAliveTimeout = 5_000;
  guardServer(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.ports.api, cfg.bind, () => { server.off('error', reject); resolve(); });
  });
  env.log.child('nova.wsgi').info(null, null, `osapi_compute listening on ${cfg.bind}:${cfg.ports.api}`);
  notifier.resync(db);

  return {
    async close() {
      await notifier.close();
      volumeWorker.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      for (const l of Object.values(logs)) l.flush();
      db.close();
    },
  };
}
