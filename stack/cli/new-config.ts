// A new stack's configuration: loopback ports (fixed from --base-port, else free ones), the
// release's default scheduler filters and weighers, fake host sizes, and the fake driver's timings.

import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { DEFAULT_FILTERS, type Release } from '../common/release.js';
import { computeTopic, type StackConfig } from '../common/stack-config.js';

export const DEFAULT_WEIGHERS = ['RAMWeigher', 'CPUWeigher', 'DiskWeigher'];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Fake-driver timings: `realistic` gives traces plausible stage lengths; `zero` is for benchmarks. */
export const DELAY_MODES = {
  realistic: { claim: 5, network: 40, image: 120, spawn: 400, vifPlugged: 200 },
  zero: { claim: 0, network: 0, image: 0, spawn: 0, vifPlugged: 0 },
} as const;
export type DelayMode = keyof typeof DELAY_MODES;

export interface NewStackOptions {
  stateDir: string;
  logDir: string;
  hosts: number;
  basePort: number | null;
  debug: boolean;
  delays: DelayMode;
  /** The Nova the stack behaves as (default: current). */
  release?: Release;
}

export async function newConfig(o: NewStackOptions): Promise<StackConfig> {
  const hosts = Array.from({ length: o.hosts }, (_, i) => `cmp${i + 1}`);
  const port = async (offset: number) => (o.basePort === null ? freePort() : o.basePort + offset);
  const rpc: Record<string, number> = { conductor: await port(2), scheduler: await port(3) };
  for (const [i, h] of hosts.entries()) rpc[computeTopic(h)] = await port(10 + i);
  return {
    stateDir: path.resolve(o.stateDir),
    logDir: path.resolve(o.logDir),
    bind: '127.0.0.1',
    ports: { api: await port(0), placement: await port(1), rpc },
    computeHosts: hosts,
    db: path.resolve(o.stateDir, 'nova.sqlite'),
    placementDb: path.resolve(o.stateDir, 'placement.sqlite'),
    adminPassword: randomBytes(9).toString('base64url'),
    servicePassword: randomBytes(18).toString('base64url'),
    debug: o.debug,
    rpcTimeoutMs: 60_000,
    heartbeatMs: 10_000,
    serviceDownMs: 60_000,
    release: o.release ?? 'current',
    scheduler: { filters: DEFAULT_FILTERS[o.release ?? 'current'], weighers: DEFAULT_WEIGHERS, maxAttempts: 3 },
    hostResources: { vcpus: 8, memory_mb: 16384, local_gb: 200 },
    vifPluggingTimeoutMs: 300_000,
    driver: { ...DELAY_MODES[o.delays] },
  };
}
