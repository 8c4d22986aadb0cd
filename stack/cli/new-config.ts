// A new stack's configuration: loopback ports (fixed from --base-port, else free ones), the
// default scheduler filters and weighers, fake host sizes, and no driver delays beyond a few
// milliseconds, so that a boot takes well under a second.

import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { computeTopic, type StackConfig } from '../common/stack-config.js';

export const DEFAULT_FILTERS = [
  'RetryFilter', 'AvailabilityZoneFilter', 'ComputeFilter', 'ComputeCapabilitiesFilter', 'ImagePropertiesFilter',
  'ServerGroupAntiAffinityFilter', 'ServerGroupAffinityFilter', 'RamFilter', 'CoreFilter', 'DiskFilter',
];
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

export interface NewStackOptions {
  stateDir: string;
  logDir: string;
  hosts: number;
  basePort: number | null;
  debug: boolean;
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
    serviceToken: randomBytes(24).toString('hex'),
    debug: o.debug,
    rpcTimeoutMs: 60_000,
    heartbeatMs: 10_000,
    serviceDownMs: 60_000,
    scheduler: { filters: DEFAULT_FILTERS, weighers: DEFAULT_WEIGHERS, maxAttempts: 3 },
    hostResources: { vcpus: 8, memory_mb: 16384, local_gb: 200 },
    vifPluggingTimeoutMs: 300_000,
    driver: { claim: 0, network: 0, image: 0, spawn: 0 },
  };
}
