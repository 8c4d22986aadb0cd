// NoValidHost in current Nova: placement's empty answer explained from the query, the request
// filters and the hosts' last resource reports (samples/no-allocation-candidates, and the same
// cloud with a zone, with room but disabled computes, and with INFO-only compute logs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { traceRequest } from '../../../core/trace/trace-request.js';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples/no-allocation-candidates');
const REQ = 'req-8e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b';
const AGG = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-nac-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A copy of the sample with each file passed through `edit`. */
function variant(name: string, edit: (rel: string, text: string) => string | null): string {
  const dir = path.join(tmp, name);
  for (const rel of ['ctl1/nova-api.log', 'ctl1/nova-scheduler.log', 'ctl1/placement-api.log', 'ctl1/nova-conductor.log', 'cmp1/nova-compute.log', 'cmp2/nova-compute.log']) {
    const text = edit(rel, fs.readFileSync(path.join(SAMPLE, rel), 'utf8'));
    if (text === null) continue;
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('no allocation candidates', () => {
  it('names the resource class no host had free, with each host\'s last report', async () => {
    const t = (await traceRequest([SAMPLE], REQ)).trace!;
    expect(t.verdict).toMatchObject({ status: 'ERROR', signature: 'no-allocation-candidates', failed_stage: 'scheduler.select_destinations' });
    expect(t.verdict.cause?.id).toBe('hosts-full');
    expect(t.verdict.placement!.query).toMatchObject({ resources: { DISK_GB: 20, MEMORY_MB: 8192, VCPU: 4 }, forbidden: ['COMPUTE_STATUS_DISABLED'] });
    expect(t.verdict.placement!.limiting).toMatchObject({ kind: 'resource', name: 'MEMORY_MB' });
    expect(t.verdict.placement!.hosts).toEqual([
      { host: 'cmp1', at: '2025-11-03 14:19:41.305', free: { MEMORY_MB: 3584, DISK_GB: 140, VCPU: 25 } },
      { host: 'cmp2', at: '2025-11-03 14:19:52.705', free: { MEMORY_MB: 6144, DISK_GB: 160, VCPU: 26 } },
    ]);
    expect(t.verdict.placement!.missing).toEqual([]);
    expect(t.verdict.filter_steps).toEqual([]);
  });

  it('names PCPU when the query asked for it and no host\'s inventory report has any (hw:cpu_policy=dedicated, no cpu_dedicated_set)', async () => {
    const inventory = (line: string, rp: string) => line.replace(/ DEBUG nova\.compute\.resource_tracker (\[[^\]]*\]) Final resource view: .*$/,
      ` DEBUG nova.scheduler.client.report $1 Inventory has not changed for provider ${rp} based on inventory data: {'VCPU': {'total': 8, 'min_unit': 1, 'max_unit': 8, 'step_size': 1, 'allocation_ratio': 4.0, 'reserved': 0}, 'MEMORY_MB': {'total': 16384, 'min_unit': 1, 'max_unit': 16384, 'step_size': 1, 'allocation_ratio': 1.0, 'reserved': 512}, 'DISK_GB': {'total': 200, 'min_unit': 1, 'max_unit': 200, 'step_size': 1, 'allocation_ratio': 1.0, 'reserved': 0}} set_inventory_for_provider /opt/stack/nova/nova/scheduler/client/report.py:957`);
    const dir = variant('pinned', (rel, text) => {
      if (rel === 'ctl1/placement-api.log') return text.replace('MEMORY_MB%3A8192%2CVCPU%3A4', 'MEMORY_MB%3A2048%2CPCPU%3A4');
      if (rel.endsWith('nova-compute.log')) {
        const lines = text.split('\n');
        return [lines[0], inventory(lines[0], rel.startsWith('cmp1') ? 'rp-cmp1' : 'rp-cmp2'), ...lines.slice(1)].join('\n');
      }
      return text;
    });
    const t = (await traceRequest([dir], REQ)).trace!;
    expect(t.verdict.placement!.query!.resources).toEqual({ DISK_GB: 20, MEMORY_MB: 2048, PCPU: 4 });
    expect(t.verdict.placement!.limiting).toMatchObject({ kind: 'resource', name: 'PCPU' });
    expect(t.verdict.placement!.limiting!.detail).toBe("4 PCPU asked; no compute host reports PCPU inventory (cmp1: DISK_GB, MEMORY_MB, VCPU; cmp2: DISK_GB, MEMORY_MB, VCPU) — hosts report PCPU only for the CPUs in [compute] cpu_dedicated_set (a flavor or image with hw:cpu_policy=dedicated asks for PCPU instead of VCPU)");
  });

  it('names the zone when the query was restricted to its aggregate and the hosts had room', async () => {
    const dir = variant('zone', (rel, text) => {
      if (rel === 'ctl1/nova-scheduler.log') {
        const [first, ...rest] = text.split('\n');
        return [first, first.replace(/Starting to schedule for instances: \[[^\]]*\] select_destinations \S+/, `map_az_to_placement_aggregate request filter added aggregates ${AGG} for az 'az-gpu' map_az_to_placement_aggregate /opt/stack/nova/nova/scheduler/request_filter.py:164`), ...rest].join('\n');
      }
      if (rel === 'ctl1/placement-api.log') return text.replace('MEMORY_MB%3A8192', 'MEMORY_MB%3A2048').replace('&resources=', `&member_of=in%3A${AGG}&resources=`);
      return text;
    });
    const t = (await traceRequest([dir], REQ)).trace!;
    expect(t.verdict.cause?.id).toBe('az-mismatch');
    expect(t.verdict.placement).toMatchObject({ zone: 'az-gpu', limiting: { kind: 'aggregate', name: "zone 'az-gpu'" } });
    expect(t.verdict.placement!.limiting!.detail).toContain('cmp1, cmp2 had room');
  });

  it('names the disabled-compute trait when the hosts had room and the API disabled a compute service before', async () => {
    const disable = '2025-11-03 14:10:02.310 1201 INFO nova.api.openstack.requestlog [None req-3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b 2c3d4e5f6a7b48c9d0e1f2a3b4c5d6e7 7f6e5d4c3b2a41908f7e6d5c4b3a2910 - default default] 10.0.0.5 "PUT /v2.1/os-services/disable" status: 200 len: 84 microversion: 2.1 time: 0.101223\n';
    const dir = variant('disabled', (rel, text) => (rel === 'ctl1/placement-api.log' ? text.replace('MEMORY_MB%3A8192', 'MEMORY_MB%3A1024') : rel === 'ctl1/nova-api.log' ? disable + text : text));
    const t = (await traceRequest([dir], REQ)).trace!;
    expect(t.verdict.cause?.id).toBe('compute-disabled');
    expect(t.verdict.placement!.limiting).toMatchObject({ kind: 'trait', name: 'COMPUTE_STATUS_DISABLED' });
    expect(t.verdict.placement!.limiting!.detail).toContain('PUT /v2.1/os-services/disable');
  });

  it("names placement's stale allocations when the hosts had room and their resource audit names consumers that are no instances", async () => {
    const stale = '2025-11-03 14:19:41.301 2101 INFO nova.compute.resource_tracker [None req-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d - - - - - -] Instance 6b7c8d9e-0f1a-4b2c-8d3e-4f5a6b7c8d9e has allocations against this compute host but is not found in the database.\n';
    const dir = variant('stale', (rel, text) => (rel === 'ctl1/placement-api.log' ? text.replace('MEMORY_MB%3A8192', 'MEMORY_MB%3A1024') : rel === 'cmp1/nova-compute.log' ? stale + text : text));
    const t = (await traceRequest([dir], REQ)).trace!;
    expect(t.verdict.cause?.id).toBe('placement-drift');
    expect(t.verdict.placement!.limiting).toMatchObject({ kind: 'allocations' });
    expect(t.verdict.placement!.limiting!.detail).toContain('cmp1: 6b7c8d9e-0f1a-4b2c-8d3e-4f5a6b7c8d9e');
  });

  it('names a renamed compute host when placement refused its new provider (the name was taken)', async () => {
    const refused = '2025-11-03 13:02:11.518 2233 ERROR nova.scheduler.client.report [None req-8a1f0e2d-3c4b-4a59-9e6f-7d8c9b0a1e2f - - - - - -] [req-2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e] Failed to create resource provider record in placement API for UUID 5d2c1b0a-9e8f-4d7c-b6a5-4f3e2d1c0b9a. Got 409: {"errors": [{"status": 409, "title": "Conflict", "detail": "There was a conflict when trying to complete your request.\\n\\n Conflicting resource provider name: cmp2 already exists.  ", "request_id": "req-2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"}]}.\n';
    const dir = variant('renamed', (rel, text) => (rel === 'ctl1/placement-api.log' ? text.replace('MEMORY_MB%3A8192', 'MEMORY_MB%3A1024') : rel === 'cmp2/nova-compute.log' ? refused + text : text));
    const t = (await traceRequest([dir], REQ)).trace!;
    expect(t.verdict.cause?.id).toBe('compute-renamed');
    expect(t.verdict.placement!.limiting).toMatchObject({ kind: 'provider' });
    expect(t.verdict.placement!.limiting!.detail).toContain('cmp2: the name cmp2 is taken by another provider (its new compute node 5d2c1b0a-9e8f-4d7c-b6a5-4f3e2d1c0b9a has none)');
  });

  it('names no cause when the hosts had room and the logs show nothing that explains the empty answer', async () => {
    const dir = variant('unexplained', (rel, text) => (rel === 'ctl1/placement-api.log' ? text.replace('MEMORY_MB%3A8192', 'MEMORY_MB%3A1024') : text));
    const t = (await traceRequest([dir], REQ)).trace!;
    expect(t.verdict.signature).toBe('no-allocation-candidates');
    expect(t.verdict.cause).toBeNull();
    expect(t.verdict.placement!.limiting).toBeNull();
    expect(t.verdict.placement!.unexplained).toMatch(/the logs do not tell which/);
  });

  it('says what is missing when the computes log at INFO only', async () => {
    const dir = variant('info-only', (rel, text) => (rel.startsWith('cmp') ? null : text));
    const t = (await traceRequest([dir], REQ)).trace!;
    expect(t.verdict.signature).toBe('no-allocation-candidates');
    expect(t.verdict.placement!.hosts).toEqual([]);
    expect(t.verdict.placement!.missing.join(' ')).toMatch(/Final resource view.*DEBUG/);
    expect(t.verdict.placement!.limiting!.detail).toMatch(/cannot be told without the hosts' reports/);
  });
});
