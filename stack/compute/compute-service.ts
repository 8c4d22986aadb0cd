// The nova-compute process for one host: its RPC server on `compute.<host>`, the fake
// hypervisor, and the periodic work Nova does — a heartbeat through the conductor (so the
// scheduler's ComputeFilter and `compute service list` see the host up) and the resource
// audit (update_available_resource, every [DEFAULT]update_resources_interval) reported to the
// conductor and to placement.

import { reclaimQueuedDeletes } from './actions/soft-delete.js';
import { createHash } from 'node:crypto';
import type { RunningService, ServiceEnv } from '../common/service-env.js';
import { adminContext, type RequestContext } from '../common/request-context.js';
import { computeTopic, rpcEndpoint } from '../common/stack-config.js';
import { ConductorAPI } from '../conductor/rpcapi.js';
import { ConductorActionsAPI } from '../conductor/actions/rpcapi.js';
import { PlacementClient } from '../placement/placement-client.js';
import { RpcServer } from '../rpc/rpc-server.js';
import type { BuildDeps } from './build-instance.js';
import { FakeDriver } from './fake-driver.js';
import { ImageCache } from './image-cache.js';
import { VolumeClient } from './volume-client.js';
import { InstanceEvents } from './instance-events.js';
import { InstanceLocks } from './instance-locks.js';
import { computeHandlers } from './manager.js';
import { MoveConductorAPI } from '../conductor/move-rpcapi.js';
import { MoveAllocations } from '../placement/move-allocations.js';
import { destroyEvacuatedInstances } from './evacuated-cleanup.js';
import type { MoveDeps } from './move-deps.js';
import { moveHandlers } from './move-handlers.js';
import { MoveComputeAPI } from './move-rpcapi.js';
import { NetworkClient } from './network-client.js';
import { ProviderStatus } from './provider-status.js';
import { ProviderReport } from '../placement/provider-report.js';
import { ResourceTracker } from './resource-tracker.js';
import { initHost } from './init-host.js';
import { removeDeletedInstancesAllocations } from './allocation-heal.js';
import { COMPUTE_API_VERSION } from './rpcapi.js';
import { HUGE_PAGES_PER_CELL } from '../common/numa.js';

/** Nova's periodic task spacing when update_resources_interval is unset. */
const DEFAULT_UPDATE_RESOURCES_MS = 60_000;

/** Of the instances with an incoming claim here, those whose migration is no longer in progress. */
async function movesEnded(d: MoveDeps, ctx: RequestContext, incoming: string[]): Promise<string[]> {
  if (incoming.length === 0) return [];
  const migrating = new Set(await d.migrations.migratingInstances(ctx, incoming));
  return incoming.filter((u) => !migrating.has(u));
}
/** [compute]resource_provider_association_refresh default. */
const DEFAULT_PROVIDER_REFRESH_MS = 300_000;

/** A stable uuid for the host's compute node (and its resource provider). */
function nodeUuid(host: string): string {
  const h = createHash('md5').update(`compute-node:${host}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Retry a start-up step while its peer service is still starting. */
async function untilUp<T>(what: () => Promise<T>, deadlineMs: number): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await what();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export async function startComputeService(env: ServiceEnv): Promise<RunningService> {
  const host = env.host!;
  const conductor = new ConductorAPI(env.rpc);
  const placement = PlacementClient.fromConfig(env.cfg, env.log);
  const provider = new ProviderReport(placement, env.log, env.cfg.providerRefreshMs ?? DEFAULT_PROVIDER_REFRESH_MS);
  const tracker = new ResourceTracker(host, nodeUuid(host), env.cfg, env.log, conductor, provider);
  const status = new ProviderStatus(tracker.nodeUuid, provider, env.log.child('nova.compute.manager'));
  const deps: BuildDeps = {
    host, cfg: env.cfg, log: env.log, conductor, tracker, placement, conductorActions: new ConductorActionsAPI(env.rpc),
    driver: new FakeDriver(host, env.cfg.driver, env.log, env.faults),
    network: new NetworkClient(env.cfg, env.log, () => !env.faults?.take('neutron-unreachable', host)),
    images: new ImageCache(env.cfg, host, env.log, env.faults),
    volumes: new VolumeClient(env.cfg, host),
    events: new InstanceEvents(),
    locks: new InstanceLocks(),
  };

  // Periodic tasks run under one context without a user, as Nova's do.
  const periodic: RequestContext = adminContext();
  env.log.child('nova.service').info(null, null, `Starting compute node (version 0.1.0)`);
  const first = await untilUp(() => conductor.serviceReport(periodic, host, 'nova-compute', computeTopic(host)), 30_000);
  tracker.setDisabled(first.disabled);
  // init_host: the guests this host already runs (after a restart), builds and deletions the
  // previous process left unfinished, and builds cast here but never claimed.
  // The stack's compute waits until placement (and keystone) answer, as it waits for the conductor.
  // An answer is not enough: a 503 (placement up, keystone not yet) would leave init_host unable
  // to error out the builds interrupted before their claim, and those would stay in BUILD.
  await untilUp(async () => {
    const r = await placement.request(periodic, 'GET', `/resource_providers/${tracker.nodeUuid}`);
    if (r.status >= 500) throw new Error(`placement answered ${r.status}`);
  }, 60_000);
  await untilUp(() => initHost(deps, placement, periodic, tracker.nodeUuid), 30_000);
  const moveDeps: MoveDeps = { ...deps, moves: new MoveComputeAPI(env.rpc), migrations: new MoveConductorAPI(env.rpc), allocs: new MoveAllocations(placement, env.log), faults: env.faults };
  await untilUp(() => destroyEvacuatedInstances(moveDeps, periodic), 30_000);
  await untilUp(() => tracker.audit(periodic), 30_000);
  // As in Nova, the RPC server consumes only once init_host is done: casts sent meanwhile wait.
  const server = new RpcServer(env.log.child('oslo_messaging.rpc.server'));
  const base = computeHandlers(deps, status);
  const moves = moveHandlers(moveDeps);
  server.serve({ topic: computeTopic(host), version: COMPUTE_API_VERSION, handlers: {
    ...base, ...moves,
    // One rebuild_instance, as in Nova: an evacuation (recreate) lands here from a dead host, a rebuild stays here.
    rebuild_instance: (ctx, args) => (args.recreate ? moves.rebuild_instance(ctx, args) : base.rebuild_instance(ctx, args)),
  } });
  await server.bind(rpcEndpoint(env.cfg, computeTopic(host)));

  const timer = setInterval(() => {
    // The compute-down fault: the process lives on, its heartbeats stop (a hung service, a lost bus).
    if (env.faults?.peek('compute-down', host)) return;
    // The hosts-full fault: other workloads take the host's memory (reserved_host_memory_mb
    // raised and the service restarted, as an operator would): audited and reported at once.
    const foreign = env.faults?.peek('hosts-full', host) ? tracker.usage.memory_mb * 2 : 0;
    // The numa-misfit fault: the host came up without its huge pages (vm.nr_hugepages lost).
    const hugePages = env.faults?.peek('numa-misfit', host) ? 0 : HUGE_PAGES_PER_CELL;
    if ([tracker.setForeignMemory(foreign), tracker.setHugePages(hugePages)].some(Boolean)) void tracker.audit(periodic).catch(() => undefined);
    void conductor.serviceReport(periodic, host, 'nova-compute', computeTopic(host)).then((r) => tracker.setDisabled(r.disabled)).catch((e: Error) => {
      env.log.child('nova.servicegroup.drivers.db').error(periodic, null, `Unexpected error while reporting service status: ${e.name}: ${e.message}`);
    });
  }, env.cfg.heartbeatMs);
  timer.unref();
  const audit = setInterval(() => {
    if (env.faults?.peek('compute-down', host)) return;
    void movesEnded(moveDeps, periodic, tracker.incomingInstances())
      .then((ended) => tracker.audit(periodic, ended))
      .then(() => removeDeletedInstancesAllocations(env.log, periodic, host, tracker.nodeUuid, (u) => tracker.tracks(u), conductor, placement))
      .catch((e: Error) => {
      env.log.child('nova.compute.manager').error(periodic, null, `Error updating resources for node ${host}.: ${e.name}: ${e.message}`);
    });
  }, env.cfg.updateResourcesMs ?? DEFAULT_UPDATE_RESOURCES_MS);
  audit.unref();
  // _reclaim_queued_deletes has no spacing of its own: it runs every periodic_interval tick.
  const reclaim = setInterval(() => {
    if (env.faults?.peek('compute-down', host)) return;
    void reclaimQueuedDeletes(deps, periodic, env.cfg.reclaimInstanceInterval ?? 0).catch(() => undefined);
  }, env.cfg.updateResourcesMs ?? DEFAULT_UPDATE_RESOURCES_MS);
  reclaim.unref();

  return {
    async close() {
      clearInterval(timer);
      clearInterval(audit);
      clearInterval(reclaim);
      server.close();
    },
  };
}
