// The compute host's resource claim: what fits, what does not, and the lines it logs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileSink, OsloLogger } from '../../../stack/common/oslo-logger.js';
import { userContext } from '../../../stack/common/request-context.js';
import { claim, ComputeResourcesUnavailable } from '../../../stack/compute/claims.js';
import type { HostUsage } from '../../../stack/compute/resource-tracker.js';
import type { Flavor } from '../../../stack/common/objects.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-claims-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const flavor = (memory_mb: number, vcpus: number, root_gb: number): Flavor => ({ id: 'f', name: 'f', memory_mb, vcpus, root_gb, ephemeral_gb: 0, swap: 0, extra_specs: {} });
const host = (used: Partial<HostUsage> = {}): HostUsage => ({ vcpus: 8, memory_mb: 16384, local_gb: 200, vcpus_used: 0, memory_mb_used: 0, local_gb_used: 0, running_vms: 0, ...used });
const limits = { memory_mb: 16384 * 1.5, vcpus: 8 * 16, disk_gb: 200 };

describe('compute claims', () => {
  it.each([
    ['an empty host, m1.tiny', flavor(512, 1, 1), host(), null],
    ['memory within the overcommit limit', flavor(8192, 1, 1), host({ memory_mb_used: 16000 }), null],
    ['memory beyond the limit', flavor(8192, 1, 1), host({ memory_mb_used: 20000 }), /Free memory 4576\.00 MB < requested 8192 MB/],
    ['disk beyond the limit', flavor(512, 1, 50), host({ local_gb_used: 180 }), /Free disk 20\.00 GB < requested 50 GB/],
    ['vcpus beyond the limit', flavor(512, 4, 1), host({ vcpus_used: 126 }), /Free vcpu 2\.00 VCPU < requested 4 VCPU/],
  ])('%s', (_name, f, usage, failure) => {
    const file = path.join(tmp, `${Math.random()}.log`);
    const log = new OsloLogger('nova.compute.claims', new FileSink(file));
    const ctx = userContext('u', 'p', ['member']);
    const run = () => claim(log, ctx, 'a0a0a0a0-b1b1-4c2c-8d3d-e4e4e4e4e4e4', 'cmp1', f, usage, limits);
    if (failure) expect(run).toThrow(ComputeResourcesUnavailable); else run();
    if (failure) expect(run).toThrow(failure);
    log.flush();
    const lines = fs.readFileSync(file, 'utf8');
    expect(lines).toContain(`INFO nova.compute.claims [None ${ctx.requestId} u p - - default default] [instance: a0a0a0a0-b1b1-4c2c-8d3d-e4e4e4e4e4e4] Attempting claim on node cmp1: memory ${f.memory_mb} MB, disk ${f.root_gb} GB, vcpus ${f.vcpus} CPU`);
    expect(lines.includes('Claim successful on node cmp1')).toBe(failure === null);
  });
});
