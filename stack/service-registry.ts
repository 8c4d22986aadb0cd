// The stack's processes, as data: name, log file, how to start. The supervisor starts one
// process per entry (one per compute host), each running service-main with its name.

import path from 'node:path';
import type { RunningService, ServiceEnv } from './common/service-env.js';
import type { StackConfig } from './common/stack-config.js';
import { openDb } from './db/open-db.js';
import { NOVA_SCHEMA } from './db/schema.js';
import { ensureEmptyZone } from './faults/empty-zone.js';
import { volumeFaultOutcome } from './faults/volume-boot-failure.js';

export interface ServiceKind {
  name: 'api' | 'placement' | 'scheduler' | 'conductor' | 'compute';
  /** Process title, so that `pgrep nova-compute` finds it as it would on a real host. */
  title: string;
  logFile(cfg: StackConfig, host: string | null): string;
  start(env: ServiceEnv): Promise<RunningService>;
}

export const SERVICE_KINDS: readonly ServiceKind[] = [
  { name: 'api', title: 'nova-api', logFile: (c) => path.join(c.logDir, 'nova-api.log'), start: async (env) => (await import('./api/api-service.js')).startApiService(env, {
    vifPluggedDelayMs: env.cfg.driver.vifPlugged,
    decideBinding: (_port, host) => (env.faults?.take('port-binding-failed', host) ? 'binding_failed' : 'ovs'),
    imageAvailable: () => !env.faults?.take('image-unavailable', null),
    agentSilent: (host) => Boolean(env.faults?.take('vif-plug-timeout', host)),
    quotaExhausted: () => Boolean(env.faults?.take('quota-exceeded', null)),
    oversizedImage: () => Boolean(env.faults?.take('image-too-big', null)),
    addressesExhausted: () => Boolean(env.faults?.take('ip-exhausted', null)),
    userTokenOutlived: () => Boolean(env.faults?.take('token-expired', null)),
    volumeOutcome: () => volumeFaultOutcome(env.faults?.take('volume-boot-failure', null) ?? null),
    exportFails: () => Boolean(env.faults?.take('volume-attach-failure', null)),
    defaultScheduleZone: (() => {
      let db: import('./db/open-db.js').Db | null = null;
      return () => {
        const f = env.faults?.peek('az-mismatch', null);
        if (!f) return null;
        const zone = String(f.params.zone ?? 'az1');
        db ??= openDb(env.cfg.db, NOVA_SCHEMA);
        ensureEmptyZone(db, zone);
        return zone;
      };
    })(),
  }) },
  { name: 'placement', title: 'nova-placement-api', logFile: (c) => path.join(c.logDir, 'nova-placement-api.log'), start: async (env) => (await import('./placement/placement-service.js')).startPlacementService(env) },
  { name: 'scheduler', title: 'nova-scheduler', logFile: (c) => path.join(c.logDir, 'nova-scheduler.log'), start: async (env) => (await import('./scheduler/scheduler-service.js')).startSchedulerService(env) },
  { name: 'conductor', title: 'nova-conductor', logFile: (c) => path.join(c.logDir, 'nova-conductor.log'), start: async (env) => (await import('./conductor/conductor-service.js')).startConductorService(env) },
  { name: 'compute', title: 'nova-compute', logFile: (c, h) => path.join(c.logDir, `nova-compute-${h}.log`), start: async (env) => (await import('./compute/compute-service.js')).startComputeService(env) },
];

export function serviceKind(name: string): ServiceKind {
  const k = SERVICE_KINDS.find((s) => s.name === name);
  if (!k) throw new Error(`unknown service '${name}' (one of ${SERVICE_KINDS.map((s) => s.name).join(', ')})`);
  return k;
}

/** The processes of a stack: every service once, compute once per host. */
export interface StackProcess { kind: ServiceKind; host: string | null; id: string }

export function processList(cfg: StackConfig): StackProcess[] {
  return SERVICE_KINDS.flatMap((k): StackProcess[] => (k.name === 'compute'
    ? cfg.computeHosts.map((h) => ({ kind: k, host: h, id: `compute-${h}` }))
    : [{ kind: k, host: null, id: k.name }]));
}
