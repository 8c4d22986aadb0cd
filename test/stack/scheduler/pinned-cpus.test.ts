// hw:cpu_policy=dedicated as current Nova schedules it: the request's VCPU becomes PCPU
// (ResourceRequest._translate_pinning_policies, logged by nova.scheduler.utils), the placement
// query asks for PCPU, and compute hosts report PCPU inventory from [compute] cpu_dedicated_set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cpuInventory, parseCpuSpec } from '../../../stack/common/cpu-set.js';
import { OsloLogger } from '../../../stack/common/oslo-logger.js';
import { userContext } from '../../../stack/common/request-context.js';
import { DEFAULT_FILTERS } from '../../../stack/common/release.js';
import { openDb } from '../../../stack/db/open-db.js';
import { NOVA_SCHEMA } from '../../../stack/db/schema.js';
import type { AllocationCandidates, PlacementClient } from '../../../stack/placement/placement-client.js';
import { toQueryString, type ResourceRequest } from '../../../stack/placement/resource-request.js';
import { resourcesFromSpec, SchedulerManager } from '../../../stack/scheduler/manager.js';
import { testConfig } from '../placement/placement-harness.js';
import { flavor, MemorySink, spec } from './fixtures.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-pinned-'));
const db = openDb(path.join(tmp, 'nova.sqlite'), NOVA_SCHEMA);
afterAll(() => { db.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

const pinned = (vcpus: number, extra: Record<string, string> = {}) => flavor({ vcpus, memory_mb: 1024, root_gb: 1, extra_specs: { 'hw:cpu_policy': 'dedicated', ...extra } });

describe('hw:cpu_policy=dedicated → PCPU', () => {
  it('asks for PCPU instead of VCPU; emulator threads isolate adds one; shared or unset stays VCPU', () => {
    expect(resourcesFromSpec(spec({ flavor: pinned(2) }))).toEqual({ PCPU: 2, MEMORY_MB: 1024, DISK_GB: 1 });
    expect(resourcesFromSpec(spec({ flavor: pinned(2, { 'hw:emulator_threads_policy': 'isolate' }) }))).toEqual({ PCPU: 3, MEMORY_MB: 1024, DISK_GB: 1 });
    expect(resourcesFromSpec(spec({ flavor: flavor({ vcpus: 2, memory_mb: 1024, root_gb: 1, extra_specs: { 'hw:cpu_policy': 'shared' } }) }))).toEqual({ VCPU: 2, MEMORY_MB: 1024, DISK_GB: 1 });
    // The image may ask for it when the flavor does not.
    const s = spec({ flavor: flavor({ vcpus: 1, memory_mb: 512, root_gb: 1 }) });
    expect(resourcesFromSpec({ ...s, image: { ...s.image, properties: { hw_cpu_policy: 'dedicated' } } })).toEqual({ PCPU: 1, MEMORY_MB: 512, DISK_GB: 1 });
  });

  it('sends placement the PCPU query, sorted and url-encoded, after nova.scheduler.utils\' DEBUG line', async () => {
    const queries: string[] = [];
    const placement = {
      async getAllocationCandidates(_ctx: unknown, r: ResourceRequest): Promise<AllocationCandidates> {
        queries.push(toQueryString(r));
        return { allocation_requests: [], provider_summaries: {} };
      },
    };
    const sink = new MemorySink();
    const cfg = await testConfig(tmp, { release: 'current', scheduler: { filters: DEFAULT_FILTERS.current, weighers: ['RAMWeigher'], maxAttempts: 3 } });
    const mgr = new SchedulerManager(db, cfg, new OsloLogger('root', sink), placement as unknown as PlacementClient);
    const err = await mgr.selectDestinations(userContext('u1', 'p1', ['member']), spec({ flavor: pinned(2) })).catch((e: Error) => e);
    expect(err).toMatchObject({ excClass: 'NoValidHost' });
    expect(queries).toEqual(['limit=1000&resources=DISK_GB%3A1%2CMEMORY_MB%3A1024%2CPCPU%3A2&root_required=%21COMPUTE_STATUS_DISABLED']);
    expect(sink.lines.find((l) => l.includes('Translating request'))).toMatch(
      / DEBUG nova\.scheduler\.utils \[.*\] Translating request for VCPU=2 to VCPU=0,PCPU=2 _translate_pinning_policies \/usr\/lib\/python3\/dist-packages\/nova\/scheduler\/utils\.py:388$/);
  });
});

describe('[compute] cpu_dedicated_set / cpu_shared_set', () => {
  it('parses CPU specs as nova.virt.hardware.parse_cpu_spec does', () => {
    expect([...parseCpuSpec('0-3,^2,8')].sort((a, b) => a - b)).toEqual([0, 1, 3, 8]);
    expect(() => parseCpuSpec('3-1')).toThrow('Invalid range expression 3-1');
    expect(() => parseCpuSpec('^1-2')).toThrow('Invalid exclusion expression ^1-2');
    expect(() => parseCpuSpec('0,^0')).toThrow('No CPUs available after parsing 0,^0');
  });

  it('reports PCPU from the dedicated set, VCPU from the shared set (none with only a dedicated set, all CPUs with neither)', () => {
    expect(cpuInventory(8, {})).toEqual({ VCPU: 8, PCPU: 0 });
    expect(cpuInventory(8, { dedicated: '4-7' })).toEqual({ VCPU: 0, PCPU: 4 });
    expect(cpuInventory(8, { dedicated: '4-7', shared: '0-3' })).toEqual({ VCPU: 4, PCPU: 4 });
  });
});
