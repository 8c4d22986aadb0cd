// Weighers and the weighing runner: raw scores, Nova's normalisation, ordering and the
// "Weighed [...]" line.
import { describe, expect, it } from 'vitest';
import { userContext } from '../../../stack/common/request-context.js';
import { OsloLogger } from '../../../stack/common/oslo-logger.js';
import type { HostState } from '../../../stack/scheduler/host-state.js';
import { normalize, weighAndLog, weighHosts } from '../../../stack/scheduler/weigher-runner.js';
import { CPUWeigher } from '../../../stack/scheduler/weighers/cpu-weigher.js';
import { DiskWeigher } from '../../../stack/scheduler/weighers/disk-weigher.js';
import type { HostWeigher } from '../../../stack/scheduler/weighers/host-weigher.js';
import { RAMWeigher } from '../../../stack/scheduler/weighers/ram-weigher.js';
import { WEIGHERS, weighersByName } from '../../../stack/scheduler/weighers/registry.js';
import { ServerGroupSoftAffinityWeigher, ServerGroupSoftAntiAffinityWeigher } from '../../../stack/scheduler/weighers/soft-affinity-weigher.js';
import { host, MemorySink } from './fixtures.js';

describe('weighers', () => {
  it.each<[HostWeigher, Partial<HostState>, number]>([
    [RAMWeigher, { freeRamMb: 7680 }, 7680],
    [RAMWeigher, { freeRamMb: -512 }, -512],
    [CPUWeigher, { vcpusTotal: 8, cpuAllocationRatio: 16, vcpusUsed: 3 }, 125],
    [CPUWeigher, { vcpusTotal: 4, cpuAllocationRatio: 1, vcpusUsed: 4 }, 0],
    [DiskWeigher, { freeDiskMb: 10240 }, 10240],
  ])('%s scores %o as %d', (w, h, expected) => {
    expect(w.weigh(host(h))).toBe(expected);
  });

  it.each<[number[], number | null, number | null, number[]]>([
    [[], null, null, []],
    [[5, 5, 5], null, null, [0, 0, 0]],
    [[2, 4, 6], null, null, [0, 0.5, 1]],
    [[2, 4, 8], 0, null, [0.25, 0.5, 1]],
    [[4, 4], 0, null, [1, 1]],
    [[0, 0], 0, null, [0, 0]],
    [[5, 10], 0, 20, [0.25, 0.5]],
  ])('normalize(%o, min %s, max %s) = %o', (values, min, max, expected) => {
    expect(normalize(values, min, max)).toEqual(expected);
  });

  it('sorts best first, sums the multiplied weights, and keeps ties in order', () => {
    const a = host({ host: 'cmp1', freeRamMb: 4096, freeDiskMb: 40960 });
    const b = host({ host: 'cmp2', freeRamMb: 8192, freeDiskMb: 20480 });
    const c = host({ host: 'cmp3', freeRamMb: 8192, freeDiskMb: 20480 });
    const ramOnly = weighHosts([RAMWeigher], [a, b, c]);
    expect(ramOnly.map((w) => [w.host.host, w.weight])).toEqual([['cmp2', 1], ['cmp3', 1], ['cmp1', 0.5]]);
    const all = weighHosts(WEIGHERS, [a, b, c]);
    // RAM 0.5/1/1, CPU 1 everywhere (equal but normalised against minval 0), disk 1/0.5/0.5.
    expect(all.map((w) => [w.host.host, w.weight])).toEqual([['cmp1', 2.5], ['cmp2', 2.5], ['cmp3', 2.5]]);
  });

  it('leaves a single host unweighed, as Nova does', () => {
    expect(weighHosts(WEIGHERS, [host()])).toEqual([{ host: host(), weight: 0 }]);
  });

  it('resolves names (all_weighers means all) and refuses unknown ones', () => {
    expect(weighersByName(['RAMWeigher', 'nova.scheduler.weights.disk.DiskWeigher'])).toEqual([RAMWeigher, DiskWeigher]);
    expect(weighersByName(['nova.scheduler.weights.all_weighers'])).toEqual(WEIGHERS);
    expect(() => weighersByName(['IoOpsWeigher'])).toThrow('Scheduler weigher IoOpsWeigher could not be found.');
  });

  it('logs the weighed list with the request context', () => {
    const sink = new MemorySink();
    const ctx = userContext('u1', 'p1', ['member']);
    weighAndLog([RAMWeigher], [host({ host: 'cmp1', freeRamMb: 7680, numInstances: 1 }), host({ host: 'cmp2', freeRamMb: 3072 })], new OsloLogger('root', sink), ctx);
    expect(sink.lines).toHaveLength(1);
    expect(sink.lines[0]).toMatch(new RegExp(`DEBUG nova\\.scheduler\\.filter_scheduler \\[None ${ctx.requestId} u1 p1 - - default default\\] `
      + 'Weighed \\[WeighedHost \\[host: \\(cmp1, cmp1\\) ram: 7680MB disk: 40960MB io_ops: 0 instances: 1, weight: 1\\.0\\], '
      + 'WeighedHost \\[host: \\(cmp2, cmp2\\) ram: 3072MB disk: 40960MB io_ops: 0 instances: 0, weight: 0\\.4\\]\\] '
      + '_get_sorted_hosts /usr/lib/python3/dist-packages/nova/scheduler/filter_scheduler\\.py:\\d+$'));
  });
});

describe('soft-affinity weighers (2.15 policies)', () => {
  const group = (policy: string) => ({ uuid: 'g', policy, members: ['m1', 'm2', 'm3'], hosts: ['a'] });
  const a = host({ host: 'a', instances: new Set(['m1', 'm2', 'x']), freeRamMb: 1024 });
  const b = host({ host: 'b', instances: new Set(['m3']), freeRamMb: 1024 });
  const c = host({ host: 'c', instances: new Set(), freeRamMb: 1024 });

  it('counts the members on a host for soft-affinity and against for soft-anti-affinity, nothing for other policies', () => {
    expect([a, b, c].map((h) => ServerGroupSoftAffinityWeigher.weigh(h, group('soft-affinity')))).toEqual([2, 1, 0]);
    expect([a, b, c].map((h) => ServerGroupSoftAntiAffinityWeigher.weigh(h, group('soft-anti-affinity')))).toEqual([-2, -1, -0]);
    expect(ServerGroupSoftAffinityWeigher.weigh(a, group('affinity'))).toBe(0);
    expect(ServerGroupSoftAntiAffinityWeigher.weigh(a, null)).toBe(-0);
  });

  it('orders the hosts by the group with all weighers', () => {
    expect(weighHosts(WEIGHERS, [c, b, a], group('soft-affinity')).map((w) => w.host.host)).toEqual(['a', 'b', 'c']);
    expect(weighHosts(WEIGHERS, [a, b, c], group('soft-anti-affinity')).map((w) => w.host.host)).toEqual(['c', 'b', 'a']);
    expect(weighersByName(['ServerGroupSoftAffinityWeigher'])).toEqual([ServerGroupSoftAffinityWeigher]);
  });
});
