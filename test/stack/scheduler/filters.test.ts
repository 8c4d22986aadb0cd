// Every scheduler filter on in-memory hosts: whether it passes, and the line it logs when it
// rejects (level, logger, Nova's wording, the request's context).
import { describe, expect, it } from 'vitest';
import type { RequestSpec } from '../../../stack/common/objects.js';
import { AggregateInstanceExtraSpecsFilter } from '../../../stack/scheduler/filters/aggregate-instance-extra-specs-filter.js';
import { AvailabilityZoneFilter } from '../../../stack/scheduler/filters/availability-zone-filter.js';
import { ComputeCapabilitiesFilter } from '../../../stack/scheduler/filters/compute-capabilities-filter.js';
import { ComputeFilter } from '../../../stack/scheduler/filters/compute-filter.js';
import { CoreFilter } from '../../../stack/scheduler/filters/core-filter.js';
import { DiskFilter } from '../../../stack/scheduler/filters/disk-filter.js';
import { matchesExtraSpec } from '../../../stack/scheduler/filters/extra-specs-ops.js';
import type { FilterRequest, HostFilter } from '../../../stack/scheduler/filters/host-filter.js';
import { ImagePropertiesFilter } from '../../../stack/scheduler/filters/image-properties-filter.js';
import { RamFilter } from '../../../stack/scheduler/filters/ram-filter.js';
import { FILTERS, filtersByName } from '../../../stack/scheduler/filters/registry.js';
import { RetryFilter } from '../../../stack/scheduler/filters/retry-filter.js';
import { ServerGroupAffinityFilter } from '../../../stack/scheduler/filters/server-group-affinity-filter.js';
import { ServerGroupAntiAffinityFilter } from '../../../stack/scheduler/filters/server-group-anti-affinity-filter.js';
import type { HostState } from '../../../stack/scheduler/host-state.js';
import { flavor, host, request, spec } from './fixtures.js';

const H = '(cmp1, cmp1) ram: 8192MB disk: 40960MB io_ops: 0 instances: 0';
const UUID = spec().instance_uuid;
const image = (properties: Record<string, string>) => ({ ...spec().image, properties });
const agg = (name: string, metadata: Record<string, string>) => ({ name, metadata });
const group = (policy: string, hosts: string[], rules: { max_server_per_host?: number } = {}) => ({ uuid: 'g1', policy, members: [UUID, 'other', 'third'], hosts, rules });

interface Case {
  filter: HostFilter;
  title: string;
  host?: Partial<HostState>;
  spec?: Partial<RequestSpec>;
  req?: Partial<FilterRequest>;
  passes: boolean;
  /** [level, logger suffix after nova.scheduler.filters., message] of a line it must log. */
  log?: [string, string, string];
}

const cases: Case[] = [
  { filter: RetryFilter, title: 'first attempt', passes: true },
  { filter: RetryFilter, title: 'another host was tried', req: { triedHosts: [['cmp2', 'cmp2']] }, passes: true },
  { filter: RetryFilter, title: 'this host was tried', req: { triedHosts: [['cmp2', 'cmp2'], ['cmp1', 'cmp1']] }, passes: false,
    log: ['INFO', 'retry_filter', "Host ['cmp1', 'cmp1'] fails.  Previously tried hosts: [['cmp2', 'cmp2'], ['cmp1', 'cmp1']]"] },

  { filter: AvailabilityZoneFilter, title: 'no zone asked', passes: true },
  { filter: AvailabilityZoneFilter, title: 'default zone, host in no zone', spec: { availability_zone: 'nova' }, passes: true },
  { filter: AvailabilityZoneFilter, title: 'zone asked, host in no zone', spec: { availability_zone: 'az1' }, passes: false,
    log: ['DEBUG', 'availability_zone_filter', `Availability Zone 'az1' requested. ${H} has AZs: nova host_passes`] },
  { filter: AvailabilityZoneFilter, title: 'host in the zone', spec: { availability_zone: 'az1' }, host: { aggregates: [agg('a1', { availability_zone: 'az1' })] }, passes: true },
  { filter: AvailabilityZoneFilter, title: 'default zone, host in another', spec: { availability_zone: 'nova' }, host: { aggregates: [agg('a1', { availability_zone: 'az1' })] }, passes: false,
    log: ['DEBUG', 'availability_zone_filter', `Availability Zone 'nova' requested. ${H} has AZs: {'az1'}`] },

  { filter: ComputeFilter, title: 'up and enabled', passes: true },
  { filter: ComputeFilter, title: 'disabled', host: { service: { disabled: true, disabledReason: 'maintenance', up: true } }, passes: false,
    log: ['DEBUG', 'compute_filter', `${H} is disabled, reason: maintenance host_passes`] },
  { filter: ComputeFilter, title: 'disabled without reason', host: { service: { disabled: true, disabledReason: null, up: true } }, passes: false,
    log: ['DEBUG', 'compute_filter', `${H} is disabled, reason: None`] },
  { filter: ComputeFilter, title: 'not heard from', host: { service: { disabled: false, disabledReason: null, up: false } }, passes: false,
    log: ['WARNING', 'compute_filter', `${H} has not been heard from in a while`] },

  { filter: ComputeCapabilitiesFilter, title: 'no extra specs', passes: true },
  { filter: ComputeCapabilitiesFilter, title: 'hypervisor type matches', spec: { flavor: flavor({ extra_specs: { 'capabilities:hypervisor_type': 's== QEMU' } }) }, passes: true },
  { filter: ComputeCapabilitiesFilter, title: 'hypervisor type differs', spec: { flavor: flavor({ extra_specs: { 'capabilities:hypervisor_type': 's== xen' } }) }, passes: false,
    log: ['DEBUG', 'compute_capabilities_filter', `${H} fails extra_spec requirements. 's== xen' does not match 'QEMU' _satisfies_extra_specs`] },
  { filter: ComputeCapabilitiesFilter, title: 'unscoped host attribute', spec: { flavor: flavor({ extra_specs: { vcpus_total: '>= 16' } }) }, passes: false,
    log: ['DEBUG', 'compute_capabilities_filter', `${H} fails instance_type extra_specs requirements host_passes`] },
  { filter: ComputeCapabilitiesFilter, title: 'other scopes are ignored', spec: { flavor: flavor({ extra_specs: { 'hw:cpu_policy': 'dedicated', foo: 'bar' } }) }, passes: true },
  { filter: ComputeCapabilitiesFilter, title: 'missing capability', spec: { flavor: flavor({ extra_specs: { 'capabilities:gpu': 'true' } }) }, passes: false,
    log: ['DEBUG', 'compute_capabilities_filter', `${H} fails. There are no capabilities to retrieve. _get_capabilities`] },
  { filter: ComputeCapabilitiesFilter, title: 'capability from stats', host: { stats: { gpu: 'true' } }, spec: { flavor: flavor({ extra_specs: { 'capabilities:gpu': 'true' } }) }, passes: true },

  { filter: ImagePropertiesFilter, title: 'no image properties', passes: true },
  { filter: ImagePropertiesFilter, title: 'supported architecture', spec: { image: image({ architecture: 'x86_64' }) }, passes: true },
  { filter: ImagePropertiesFilter, title: 'canonical architecture name', spec: { image: image({ hw_architecture: 'amd64', hypervisor_type: 'qemu' }) }, passes: true },
  { filter: ImagePropertiesFilter, title: 'unsupported architecture', spec: { image: image({ hw_architecture: 'aarch64' }) }, passes: false,
    log: ['DEBUG', 'image_props_filter', "Instance contains properties ImageMetaProps(hw_architecture='aarch64') that are not provided by the compute node supported_instances [['x86_64', 'kvm', 'hvm'], ['x86_64', 'qemu', 'hvm']] or hypervisor version 1000 do not match _instance_supported"] },
  { filter: ImagePropertiesFilter, title: 'unsupported hypervisor', spec: { image: image({ hypervisor_type: 'xen' }) }, passes: false,
    log: ['DEBUG', 'image_props_filter', `${H} does not support requested instance_properties host_passes`] },
  { filter: ImagePropertiesFilter, title: 'host advertises nothing', host: { supportedInstances: [] }, spec: { image: image({ vm_mode: 'hvm' }) }, passes: false,
    log: ['DEBUG', 'image_props_filter', "Instance contains properties ImageMetaProps(hw_vm_mode='hvm'), but no corresponding supported_instances are advertised by the compute node"] },

  { filter: ServerGroupAntiAffinityFilter, title: 'no group', passes: true },
  { filter: ServerGroupAntiAffinityFilter, title: 'members elsewhere', host: { instances: new Set(['unrelated']) }, req: { group: group('anti-affinity', ['cmp2']) }, passes: true,
    log: ['DEBUG', 'affinity_filter', 'Group anti-affinity: check if the number of servers from group g1 on host cmp1 is less than 1. host_passes'] },
  { filter: ServerGroupAntiAffinityFilter, title: 'a member on this host', host: { instances: new Set(['other']) }, req: { group: group('anti-affinity', ['cmp1']) }, passes: false,
    log: ['DEBUG', 'affinity_filter', 'Group anti-affinity: check if the number of servers from group g1 on host cmp1 is less than 1.'] },
  { filter: ServerGroupAntiAffinityFilter, title: 'max_server_per_host 2, one member here', host: { instances: new Set(['other']) }, req: { group: group('anti-affinity', ['cmp1'], { max_server_per_host: 2 }) }, passes: true,
    log: ['DEBUG', 'affinity_filter', 'Group anti-affinity: check if the number of servers from group g1 on host cmp1 is less than 2.'] },
  { filter: ServerGroupAntiAffinityFilter, title: 'max_server_per_host 2, two members here', host: { instances: new Set(['other', 'third']) }, req: { group: group('anti-affinity', ['cmp1'], { max_server_per_host: 2 }) }, passes: false },
  { filter: ServerGroupAntiAffinityFilter, title: 'the instance itself is here (move)', host: { instances: new Set([UUID]) }, req: { group: group('anti-affinity', ['cmp1']) }, passes: true },
  { filter: ServerGroupAntiAffinityFilter, title: 'affinity group is not its business', req: { group: group('affinity', ['cmp2']) }, passes: true },

  { filter: ServerGroupAffinityFilter, title: 'first member', req: { group: group('affinity', []) }, passes: true },
  { filter: ServerGroupAffinityFilter, title: 'members here', req: { group: group('affinity', ['cmp1']) }, passes: true },
  { filter: ServerGroupAffinityFilter, title: 'members elsewhere', req: { group: group('affinity', ['cmp2']) }, passes: false,
    log: ['DEBUG', 'affinity_filter', "Group affinity: check if cmp1 in ['cmp2'] host_passes"] },

  { filter: RamFilter, title: 'fits', passes: true },
  { filter: RamFilter, title: 'not enough free ram', host: { freeRamMb: 512 }, spec: { flavor: flavor({ memory_mb: 2048 }) }, passes: false,
    log: ['DEBUG', 'ram_filter', '(cmp1, cmp1) ram: 512MB disk: 40960MB io_ops: 0 instances: 0 does not have 2048 MB usable ram, it only has 512.0 MB usable ram. host_passes /usr/lib/python3/dist-packages/nova/scheduler/filters/ram_filter.py:57'] },
  { filter: RamFilter, title: 'overcommit makes room', host: { freeRamMb: 512, ramAllocationRatio: 1.5 }, spec: { flavor: flavor({ memory_mb: 2048 }) }, passes: true },
  { filter: RamFilter, title: 'bigger than the host', spec: { flavor: flavor({ memory_mb: 16384 }) }, passes: false,
    log: ['DEBUG', 'ram_filter', `${H} does not have 16384 MB usable ram before overcommit, it only has 8192 MB.`] },

  { filter: CoreFilter, title: 'fits', passes: true },
  { filter: CoreFilter, title: 'more vcpus than the host', spec: { flavor: flavor({ vcpus: 16 }) }, passes: false,
    log: ['DEBUG', 'core_filter', `${H} does not have 16 total cpus before overcommit, it only has 8 host_passes`] },
  { filter: CoreFilter, title: 'all vcpus used', host: { vcpusUsed: 8 }, passes: false,
    log: ['DEBUG', 'core_filter', `${H} does not have 1 usable vcpus, it only has 0 usable vcpus`] },
  { filter: CoreFilter, title: 'ratio makes room', host: { vcpusUsed: 8, cpuAllocationRatio: 16 }, passes: true },
  { filter: CoreFilter, title: 'driver reports no cpus', host: { vcpusTotal: 0 }, passes: true,
    log: ['WARNING', 'core_filter', 'VCPUs not set; assuming CPU collection broken'] },

  { filter: DiskFilter, title: 'fits', passes: true },
  { filter: DiskFilter, title: 'bigger than the disk', spec: { flavor: flavor({ root_gb: 50 }) }, passes: false,
    log: ['DEBUG', 'disk_filter', `${H} does not have 51200 MB usable disk space before overcommit, it only has 40960 MB.`] },
  { filter: DiskFilter, title: 'not enough free disk', host: { freeDiskMb: 1024 }, spec: { flavor: flavor({ root_gb: 2 }) }, passes: false,
    log: ['DEBUG', 'disk_filter', '(cmp1, cmp1) ram: 8192MB disk: 1024MB io_ops: 0 instances: 0 does not have 2048 MB usable disk, it only has 1024.0 MB usable disk.'] },
  { filter: DiskFilter, title: 'swap counts', spec: { flavor: flavor({ root_gb: 39, swap: 2048 }) }, passes: false,
    log: ['DEBUG', 'disk_filter', `${H} does not have 41984 MB usable disk space before overcommit`] },

  { filter: AggregateInstanceExtraSpecsFilter, title: 'no extra specs', passes: true },
  { filter: AggregateInstanceExtraSpecsFilter, title: 'aggregate matches', host: { aggregates: [agg('fast', { ssd: 'true' })] },
    spec: { flavor: flavor({ extra_specs: { 'aggregate_instance_extra_specs:ssd': 'true' } }) }, passes: true },
  { filter: AggregateInstanceExtraSpecsFilter, title: 'host in no such aggregate', spec: { flavor: flavor({ extra_specs: { 'aggregate_instance_extra_specs:ssd': 'true' } }) }, passes: false,
    log: ['DEBUG', 'aggregate_instance_extra_specs', `${H} fails instance_type extra_specs requirements. Extra_spec ssd is not in aggregate.`] },
  { filter: AggregateInstanceExtraSpecsFilter, title: 'aggregate value differs', host: { aggregates: [agg('slow', { ssd: 'false' })] },
    spec: { flavor: flavor({ extra_specs: { 'aggregate_instance_extra_specs:ssd': 'true' } }) }, passes: false,
    log: ['DEBUG', 'aggregate_instance_extra_specs', `${H} fails instance_type extra_specs requirements. '{'false'}' do not match 'true'`] },
  { filter: AggregateInstanceExtraSpecsFilter, title: 'other scopes are ignored', spec: { flavor: flavor({ extra_specs: { 'capabilities:hypervisor_type': 'QEMU' } }) }, passes: true },
];

describe('scheduler filters', () => {
  it.each(cases.map((c) => ({ ...c, name: `${c.filter.name}: ${c.title}` })))('$name', (c) => {
    const { req, sink } = request({ spec: c.spec, ...c.req });
    expect(c.filter.passes(host(c.host), req)).toBe(c.passes);
    if (c.log) {
      const [level, logger, message] = c.log;
      const line = sink.lines.find((l) => l.includes(` ${level} nova.scheduler.filters.${logger} `) && l.includes(message));
      expect(line, sink.lines.join('\n')).toBeDefined();
      expect(line).toContain(`[None ${req.ctx.requestId} u1 p1 - - default default] `);
    } else if (!c.passes) {
      expect(sink.lines).not.toEqual([]);
    }
  });

  it('every filter has its own name in the registry, and unknown names are refused', () => {
    expect(filtersByName(FILTERS.map((f) => f.name))).toEqual(FILTERS);
    expect(() => filtersByName(['RamFilter', 'NoSuchFilter'])).toThrow('Scheduler Host Filter NoSuchFilter could not be found.');
  });
});

describe('extra spec operators', () => {
  it.each([
    ['16', '>= 8', true], ['4', '>= 8', false], ['8', '= 8', true], ['9', '= 8', true], ['8', '== 8.0', true], ['8', '!= 8', false],
    ['abc', '<= 8', false], ['QEMU', 's== QEMU', true], ['QEMU', 's!= QEMU', false], ['b', 's> a', true], ['a', 's>= b', false],
    ['fast ssd', '<in> ssd', true], ['fast ssd', '<all-in> fast ssd', true], ['fast', '<all-in> fast ssd', false],
    ['kvm', '<or> xen <or> kvm', true], ['qemu', '<or> xen <or> kvm', false], ['true', 'true', true], ['True', 'true', false],
  ] as const)('%s matches %s: %s', (value, req, expected) => {
    expect(matchesExtraSpec(value, req)).toBe(expected);
  });
});
