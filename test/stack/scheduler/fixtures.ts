// In-memory hosts, requests and a capturing logger for the scheduler's unit tests.
import type { Flavor, RequestSpec } from '../../../stack/common/objects.js';
import { OsloLogger, type LogSink } from '../../../stack/common/oslo-logger.js';
import { userContext } from '../../../stack/common/request-context.js';
import type { FilterRequest } from '../../../stack/scheduler/filters/host-filter.js';
import type { HostState } from '../../../stack/scheduler/host-state.js';

export class MemorySink implements LogSink {
  lines: string[] = [];
  write(line: string): void { this.lines.push(line.replace(/\n$/, '')); }
  flush(): void {}
}

/** A 8 vCPU / 8 GiB / 40 GiB host with nothing on it, ratios 1.0 unless overridden. */
export function host(overrides: Partial<HostState> = {}): HostState {
  const name = overrides.host ?? 'cmp1';
  return {
    host: name, nodename: name, uuid: `00000000-0000-4000-8000-00000000000${name.slice(-1)}`, hostIp: '127.0.0.1',
    hypervisorType: 'QEMU', hypervisorVersion: 1000,
    totalUsableRamMb: 8192, freeRamMb: 8192, totalUsableDiskGb: 40, freeDiskMb: 40960, vcpusTotal: 8, vcpusUsed: 0,
    cpuAllocationRatio: 1.0, ramAllocationRatio: 1.0, diskAllocationRatio: 1.0,
    numInstances: 0, numIoOps: 0,
    service: { disabled: false, disabledReason: null, up: true },
    aggregates: [], instances: new Set(), supportedInstances: [['x86_64', 'kvm', 'hvm'], ['x86_64', 'qemu', 'hvm']], stats: {}, numaTopology: null,
    ...overrides,
  };
}

export const TINY: Flavor = { id: '1', name: 'm1.tiny', memory_mb: 512, vcpus: 1, root_gb: 1, ephemeral_gb: 0, swap: 0, extra_specs: {} };

export function spec(overrides: Partial<RequestSpec> = {}): RequestSpec {
  return {
    instance_uuid: '5b0c1e2a-1111-4222-8333-444455556666', project_id: 'p1', user_id: 'u1', flavor: TINY,
    image: { id: 'img', name: 'cirros', size: 1, disk_format: 'qcow2', min_ram: 0, min_disk: 0, properties: {} },
    availability_zone: null, scheduler_hints: {}, network_ids: [], retry: { num_attempts: 1, hosts: [] },
    ...overrides,
  };
}

export function request(overrides: Partial<FilterRequest> & { spec?: Partial<RequestSpec> } = {}): { req: FilterRequest; sink: MemorySink } {
  const sink = new MemorySink();
  const { spec: specOverrides, ...rest } = overrides;
  const req: FilterRequest = {
    spec: spec(specOverrides), ctx: userContext('u1', 'p1', ['member']), log: new OsloLogger('root', sink), group: null, triedHosts: [],
    ...rest,
  };
  return { req, sink };
}

export const flavor = (f: Partial<Flavor>): Flavor => ({ ...TINY, ...f });
