// A real placement service on a free loopback port with its own temp SQLite file and log, and
// the real keystone-lite beside it to validate tokens: the service user's (nova, admin and
// service roles), admin's and demo's.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FileSink, OsloLogger } from '../../../stack/common/oslo-logger.js';
import type { RunningService } from '../../../stack/common/service-env.js';
import { rpcEndpoint, type StackConfig } from '../../../stack/common/stack-config.js';
import { startPlacementService } from '../../../stack/placement/placement-service.js';
import { startIdentity, type Identity } from '../identity-harness.js';
import { RpcClient } from '../../../stack/rpc/rpc-client.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function testConfig(dir: string, overrides: Partial<StackConfig> = {}): Promise<StackConfig> {
  return {
    stateDir: dir, logDir: dir, bind: '127.0.0.1',
    ports: { api: await freePort(), placement: await freePort(), rpc: { scheduler: await freePort(), conductor: await freePort() } },
    computeHosts: ['cmp1', 'cmp2'], db: path.join(dir, 'nova.sqlite'), placementDb: path.join(dir, 'placement.sqlite'),
    adminPassword: 'secret', servicePassword: 'service-secret', debug: true, rpcTimeoutMs: 10_000, heartbeatMs: 10_000, serviceDownMs: 60_000,
    scheduler: {
      filters: ['RetryFilter', 'AvailabilityZoneFilter', 'ComputeFilter', 'RamFilter', 'CoreFilter', 'DiskFilter', 'ImagePropertiesFilter',
        'ServerGroupAntiAffinityFilter', 'ServerGroupAffinityFilter', 'ComputeCapabilitiesFilter', 'AggregateInstanceExtraSpecsFilter'],
      weighers: ['RAMWeigher', 'CPUWeigher', 'DiskWeigher'], maxAttempts: 3,
    },
    driver: { claim: 0, network: 0, image: 0, spawn: 0 },
    ...overrides,
  } as StackConfig;
}

/** The stack's configuration plus a token of the nova service user, issued by keystone-lite. */
export type TestConfig = StackConfig & { serviceToken: string };

export interface Placement {
  dir: string;
  cfg: TestConfig;
  identity: Identity;
  /** Tokens of the default cloud's users: admin (admin project) and demo (member of demo). */
  adminToken: string;
  demoToken: string;
  logFile: string;
  service: RunningService;
  rootLog: OsloLogger;
  base: string;
  /** Raw HTTP call; `version` null sends no microversion header, `token` null no token. */
  call(method: string, p: string, body?: unknown, o?: { version?: string | null; token?: string | null; requestId?: string }): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  logLines(): string[];
  close(): Promise<void>;
}

export async function startPlacement(prefix: string): Promise<Placement> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const cfg = await testConfig(dir) as TestConfig;
  const identity = await startIdentity(cfg);
  cfg.serviceToken = await identity.issue('nova', cfg.servicePassword, 'service');
  const adminToken = await identity.issue('admin', cfg.adminPassword, 'admin');
  const demoToken = await identity.issue('demo', 'demo-secret', 'demo');
  const logFile = path.join(dir, 'nova-placement-api.log');
  const rootLog = new OsloLogger('root', new FileSink(logFile));
  const rpc = new RpcClient((t) => [rpcEndpoint(cfg, t)], 1000);
  const service = await startPlacementService({ cfg, log: rootLog, rpc, host: null });
  const base = `http://127.0.0.1:${cfg.ports.placement}/placement`;
  return {
    dir, cfg, identity, adminToken, demoToken, logFile, service, rootLog, base,
    async call(method, p, body, o = {}) {
      const headers: Record<string, string> = {};
      const version = o.version === undefined ? '1.29' : o.version;
      if (version !== null) headers['OpenStack-API-Version'] = `placement ${version}`;
      const token = o.token === undefined ? cfg.serviceToken : o.token;
      if (token !== null) headers['X-Auth-Token'] = token;
      if (o.requestId) headers['X-OpenStack-Request-ID'] = o.requestId;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(`${base}${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers, text };
    },
    logLines() {
      rootLog.flush();
      return fs.readFileSync(logFile, 'utf8').trimEnd().split('\n');
    },
    async close() {
      await service.close();
      await identity.close();
      rpc.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A provider with VCPU/MEMORY_MB/DISK_GB inventory, created over HTTP. */
export async function provider(p: Placement, name: string, uuid: string, inv: { vcpus: number; memory_mb: number; disk_gb: number; ram_ratio?: number; cpu_ratio?: number }): Promise<void> {
  const created = await p.call('POST', '/resource_providers', { name, uuid });
  if (created.status !== 200) throw new Error(`create ${name}: ${created.text}`);
  const put = await p.call('PUT', `/resource_providers/${uuid}/inventories`, {
    resource_provider_generation: 0,
    inventories: {
      VCPU: { total: inv.vcpus, allocation_ratio: inv.cpu_ratio ?? 1.0, max_unit: inv.vcpus },
      MEMORY_MB: { total: inv.memory_mb, allocation_ratio: inv.ram_ratio ?? 1.0, max_unit: inv.memory_mb },
      DISK_GB: { total: inv.disk_gb, max_unit: inv.disk_gb },
    },
  });
  if (put.status !== 200) throw new Error(`inventory ${name}: ${put.text}`);
}
