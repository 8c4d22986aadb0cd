// The stack's configuration: written by `nova-stack up` into <state dir>/stack.json and read
// by every service process at start. Ports are fixed here so that a restarted service binds
// where its peers already point.

import fs from 'node:fs';
import type { Release } from './release.js';
import path from 'node:path';

export interface DriverDelays {
  /** Milliseconds per fake-hypervisor step. */
  claim: number; network: number; image: number; spawn: number;
  /** Neutron's delay between binding a port and sending network-vif-plugged. */
  vifPlugged: number;
  /** How long a live migration copies memory (ten spawn steps when unset). */
  liveMigration?: number;
  /** How long extracting a guest's disk for a snapshot takes, before its upload (a spawn step when unset). */
  snapshot?: number;
}

export interface StackConfig {
  stateDir: string;
  logDir: string;
  bind: '127.0.0.1';
  ports: { api: number; placement: number; rpc: Record<string, number> };
  computeHosts: string[];
  db: string;
  placementDb: string;
  adminPassword: string;
  /** Password of the services' own keystone users (nova, placement, neutron, glance in project `service`). */
  servicePassword: string;
  debug: boolean;
  rpcTimeoutMs: number;
  heartbeatMs: number;
  /** A compute service is down when its last heartbeat is older than this. */
  serviceDownMs: number;
  /** The Nova the stack behaves as (common/release.ts); absent in configurations older than releases: legacy. */
  release?: Release;
/** [DEFAULT]allow_resize_to_same_host: a resize may stay on its host (off by default). */
  allowResizeToSameHost?: boolean;
    scheduler: { filters: string[]; weighers: string[]; maxAttempts: number; /** [scheduler] query_placement_for_image_type_support */ imageTypeSupport?: boolean };
  /** Resources of every fake compute host. */
  hostResources: { vcpus: number; memory_mb: number; local_gb: number };
  /** [compute] cpu_dedicated_set and cpu_shared_set of every compute host ("0-3,^2"); unset: all CPUs are VCPU. */
  cpuSets?: { dedicated?: string; shared?: string };
  /** How long compute waits for neutron's network-vif-plugged event (Nova's vif_plugging_timeout). */
  vifPluggingTimeoutMs: number;
  driver: DriverDelays;
  /** nova-compute's update_available_resource period ([DEFAULT]update_resources_interval; 60 s when unset). */
  updateResourcesMs?: number;
  /** [DEFAULT] block_device_allocate_retries and block_device_allocate_retries_interval (60 and 3 s when unset). */
  blockDeviceAllocate?: { retries: number; intervalMs: number };
  /** [DEFAULT]reclaim_instance_interval in seconds: above 0 a DELETE soft-deletes and compute reclaims later (0 when unset). */
  reclaimInstanceInterval?: number;
  /** How often compute re-reads its provider from placement ([compute]resource_provider_association_refresh; 300 s when unset). */
  providerRefreshMs?: number;
}

export const CONFIG_FILE = 'stack.json';

export function readConfig(stateDir: string): StackConfig {
  const file = path.join(stateDir, CONFIG_FILE);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as StackConfig;
  } catch (e) {
    throw new Error(`cannot read stack configuration ${file}: ${(e as Error).message}`);
  }
}

export function writeConfig(cfg: StackConfig): void {
  fs.mkdirSync(cfg.stateDir, { recursive: true });
  fs.writeFileSync(path.join(cfg.stateDir, CONFIG_FILE), JSON.stringify(cfg, null, 2) + '\n');
}

/** RPC topic names: one per service, one per compute host. */
export const computeTopic = (host: string) => `compute.${host}`;

export function apiUrl(cfg: StackConfig, suffix: string): string {
  return `http://${cfg.bind}:${cfg.ports.api}${suffix}`;
}

export function placementUrl(cfg: StackConfig, suffix: string): string {
  return `http://${cfg.bind}:${cfg.ports.placement}/placement${suffix}`;
}

export function rpcEndpoint(cfg: StackConfig, topic: string): string {
  const port = cfg.ports.rpc[topic];
  if (port === undefined) throw new Error(`no RPC endpoint for topic ${topic}`);
  return `tcp://${cfg.bind}:${port}`;
}
