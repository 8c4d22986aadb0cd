// The scheduler manager with a stand-in placement: how candidates restrict the hosts, how a
// lost claim moves on to the next host, and the NoValidHost endings with their log lines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OsloLogger } from '../../../stack/common/oslo-logger.js';
import { userContext } from '../../../stack/common/request-context.js';
import { openDb } from '../../../stack/db/open-db.js';
import { NOVA_SCHEMA } from '../../../stack/db/schema.js';
import type { AllocationCandidates, AllocationRequest, ClaimResult, PlacementClient, Resources } from '../../../stack/placement/placement-client.js';
import { ExpectedError } from '../../../stack/rpc/messaging-errors.js';
import { NO_VALID_HOST, resourcesFromSpec, SchedulerManager } from '../../../stack/scheduler/manager.js';
import { testConfig } from '../placement/placement-harness.js';
import { DEFAULT_FILTERS } from '../../../stack/common/release.js';
import { toQueryString, type ResourceRequest } from '../../../stack/placement/resource-request.js';
import { flavor, MemorySink, spec } from './fixtures.js';
import { addComputeNode } from './nova-db.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-sched-manager-'));
const db = openDb(path.join(tmp, 'nova.sqlite'), NOVA_SCHEMA);
afterAll(() => { db.close(); fs.rmSync(tmp, { recursive: true, force: true }); });
addComputeNode(db, { host: 'cmp1', uuid: 'rp-1', memory_mb: 8192 });
addComputeNode(db, { host: 'cmp2', uuid: 'rp-2', memory_mb: 4096 });

/** Placement that offers `offered` providers and refuses claims on `full` ones. */
class FakePlacement {
  claims: string[] = [];
  asked: Resources[] = [];
  constructor(private readonly offered: string[] | null, private readonly full: string[] = []) {}
  queries: string[] = [];
  async getAllocationCandidates(_ctx: unknown, request: Resources | ResourceRequest): Promise<AllocationCandidates | null> {
    const resources = ('resources' in request && typeof request.resources === 'object' ? request.resources : request) as Resources;
    if (resources !== request) this.queries.push(toQueryString(request as ResourceRequest));
    this.asked.push(resources);
    if (this.offered === null) return null;
    return { allocation_requests: this.offered.map((rp) => ({ allocations: { [rp]: { resources } } })), provider_summaries: {} };
  }
  async claimResources(_ctx: unknown, _consumer: string, ar: AllocationRequest): Promise<ClaimResult> {
    const rp = Object.keys(ar.allocations)[0];
    this.claims.push(rp);
    return this.full.includes(rp) ? { claimed: false, status: 409, text: 'full' } : { claimed: true, status: 204, text: '' };
  }
}

async function schedule(placement: FakePlacement, overrides: Parameters<typeof spec>[0] = {}, release: 'current' | 'legacy' = 'legacy') {
  const sink = new MemorySink();
  const cfg = await testConfig(tmp, { release, ...(release === 'current' ? { scheduler: { filters: DEFAULT_FILTERS.current, weighers: ['RAMWeigher'], maxAttempts: 3 } } : {}) });
  const mgr = new SchedulerManager(db, cfg, new OsloLogger('root', sink), placement as unknown as PlacementClient);
  const ctx = userContext('u1', 'p1', ['member']);
  const all = await mgr.selectDestinations(ctx, spec(overrides)).catch((e: Error) => e);
  const result = Array.isArray(all) ? all[0] : all;
  const messages = sink.lines.map((l) => l.replace(/^.*? default default\] /, ''));
  for (const l of sink.lines) expect(l).toContain(`[None ${ctx.requestId} u1 p1 - - default default]`);
  return { result, all, messages };
}

describe('scheduler manager', () => {
  it('asks placement for the flavor\'s resources, leaving out zero amounts', () => {
    expect(resourcesFromSpec(spec({ flavor: flavor({ vcpus: 2, memory_mb: 1024, root_gb: 10, ephemeral_gb: 5, swap: 1500 }) })))
      .toEqual({ VCPU: 2, MEMORY_MB: 1024, DISK_GB: 17 });
    expect(resourcesFromSpec(spec({ flavor: flavor({ root_gb: 0 }) }))).toEqual({ VCPU: 1, MEMORY_MB: 512 });
  });

  it('picks the heaviest host and returns its limits', async () => {
    const placement = new FakePlacement(['rp-1', 'rp-2']);
    const { result, messages } = await schedule(placement);
    expect(result).toEqual({ host: 'cmp1', nodename: 'cmp1', limits: { memory_mb: 8192, vcpus: 128, disk_gb: 40 }, allocation_request: undefined });
    expect(placement.claims).toEqual(['rp-1']);
    expect(messages[0]).toMatch(/^Starting to schedule for instances: \['[0-9a-f-]{36}'\] select_destinations /);
    expect(messages).toContainEqual(expect.stringMatching(/^\[instance: [0-9a-f-]{36}\] Selected host: \(cmp1, cmp1\) ram: 8192MB disk: 40960MB io_ops: 0 instances: 0 _consume_selected_host /));
  });

  it('only considers hosts placement offered', async () => {
    const { result, messages } = await schedule(new FakePlacement(['rp-2']));
    expect(result).toMatchObject({ host: 'cmp2' });
    expect(messages).toContainEqual(expect.stringMatching(/^Starting with 1 host\(s\) /));
  });

  it('moves on to the next host when a claim loses the race', async () => {
    const placement = new FakePlacement(['rp-1', 'rp-2'], ['rp-1']);
    const { result, messages } = await schedule(placement);
    expect(result).toMatchObject({ host: 'cmp2' });
    expect(placement.claims).toEqual(['rp-1', 'rp-2']);
    expect(messages.filter((m) => m.startsWith('Attempting to claim resources in the placement API for instance '))).toHaveLength(2);
  });

  it('ends in NoValidHost when every claim fails', async () => {
    const { result, messages } = await schedule(new FakePlacement(['rp-1', 'rp-2'], ['rp-1', 'rp-2']));
    expect(result).toBeInstanceOf(ExpectedError);
    expect(result).toMatchObject({ excClass: 'NoValidHost', message: NO_VALID_HOST });
    expect(messages.slice(-2).map((m) => m.split(' _')[0])).toEqual([
      'Unable to successfully claim against any host.', 'There are 0 hosts available but 1 instances requested to build.',
    ]);
  });

  it('without candidates stops before any filter, the empty answer noted at DEBUG as Pike did', async () => {
    const { result, messages } = await schedule(new FakePlacement([]), { flavor: flavor({ memory_mb: 16384 }) });
    expect(result).toMatchObject({ excClass: 'NoValidHost' });
    expect(messages.at(-1)).toMatch(/^Got no allocation candidates from the Placement API\. This may be a temporary occurrence as compute nodes start up and begin reporting inventory to the Placement service\. select_destinations \/usr\/lib\/python3\/dist-packages\/nova\/scheduler\/manager\.py:134$/);
    expect(messages.some((m) => /Filter|host_passes|did not have a matching allocation_request/.test(m))).toBe(false);
  });

  it('gives up at once when placement does not answer', async () => {
    const { result } = await schedule(new FakePlacement(null));
    expect(result).toMatchObject({ excClass: 'NoValidHost', message: 'No valid host was found. ' });
  });

  it('skips the filters for a forced host', async () => {
    const { result, messages } = await schedule(new FakePlacement(['rp-1', 'rp-2']), { scheduler_hints: { force_host: 'cmp2' } });
    expect(result).toMatchObject({ host: 'cmp2' });
    expect(messages).toContain('Host filter forcing available hosts to cmp2');
    expect(messages.some((m) => m.startsWith('Starting with'))).toBe(false);
  });
});

describe('scheduler manager, current release', () => {
  it('adds the request filters to the placement query, sorted and url-encoded as Nova sends it', async () => {
    const placement = new FakePlacement(['rp-1', 'rp-2']);
    const { all, messages } = await schedule(placement, {}, 'current');
    expect(placement.queries[0]).toBe('limit=1000&resources=DISK_GB%3A1%2CMEMORY_MB%3A512%2CVCPU%3A1&root_required=%21COMPUTE_STATUS_DISABLED');
    expect(messages).toContain('compute_status_filter request filter added forbidden trait COMPUTE_STATUS_DISABLED compute_status_filter /usr/lib/python3/dist-packages/nova/scheduler/request_filter.py:258');
    // The selected host, then the other host as its alternate with an unclaimed allocation request.
    expect(all).toMatchObject([{ host: 'cmp1', allocation_request: { allocations: { 'rp-1': {} } } }, { host: 'cmp2', allocation_request: { allocations: { 'rp-2': {} } } }]);
    expect(placement.claims).toEqual(['rp-1']);
  });

  it('stops with NoValidHost and Nova\'s INFO line when placement has no candidate, without a filter funnel', async () => {
    const { result, messages } = await schedule(new FakePlacement([]), {}, 'current');
    expect(result).toMatchObject({ excClass: 'NoValidHost', message: 'No valid host was found. ' });
    expect(messages).toContain('Got no allocation candidates from the Placement API. This could be due to insufficient resources or a temporary occurrence as compute nodes start up.');
    expect(messages.some((m) => m.includes('nova.filters') || m.startsWith('Filter '))).toBe(false);
  });

  it('encodes member_of and both trait lists as Nova\'s ResourceRequest.to_querystring does', () => {
    const q = toQueryString({ resources: { VCPU: 1, MEMORY_MB: 2048, DISK_GB: 20 }, memberOf: [['b-agg', 'a-agg']], rootRequired: ['COMPUTE_IMAGE_TYPE_QCOW2'], rootForbidden: ['COMPUTE_STATUS_DISABLED'], limit: 1000 });
    expect(q).toBe('limit=1000&member_of=in%3Aa-agg%2Cb-agg&resources=DISK_GB%3A20%2CMEMORY_MB%3A2048%2CVCPU%3A1&root_required=COMPUTE_IMAGE_TYPE_QCOW2%2C%21COMPUTE_STATUS_DISABLED');
  });
  it('asks only for a requested destination\'s tree and filters only that host (2.29 evacuate, 2.30 live migration)', async () => {
    const placement = new FakePlacement(['rp-1', 'rp-2']);
    const { result, messages } = await schedule(placement, { requested_destination: { host: 'cmp2', node: 'cmp2' } }, 'current');
    expect(result).toMatchObject({ host: 'cmp2' });
    expect(placement.queries[0]).toMatch(/^in_tree=rp-2&limit=1000&resources=/);
    expect(messages).toContainEqual(expect.stringMatching(/^Host filter only checking host cmp2 and node cmp2$/));
    const gone = await schedule(new FakePlacement(['rp-1']), { requested_destination: { host: 'cmp2', node: 'cmp2' } }, 'current');
    expect(gone.result).toBeInstanceOf(ExpectedError);
    expect(gone.messages).toContainEqual(expect.stringMatching(/^No hosts matched due to not matching requested destination \(cmp2, cmp2\)$/));
    const unknown = await schedule(new FakePlacement(['rp-1']), { requested_destination: { host: 'nohost', node: 'nohost' } }, 'current');
    expect((unknown.result as Error).message).toBe('No valid host was found. No such host - host: nohost node: nohost ');
  });
  it('a boot\'s destination may name only the host or only the node (2.74): the one compute node completes it', async () => {
    const byHost = new FakePlacement(['rp-1', 'rp-2']);
    const host = await schedule(byHost, { requested_destination: { host: 'cmp2', node: null } }, 'current');
    expect(host.result).toMatchObject({ host: 'cmp2' });
    expect(byHost.queries[0]).toMatch(/^in_tree=rp-2&/);
    expect(host.messages).toContainEqual('Host filter only checking host cmp2 and node cmp2');
    const byNode = new FakePlacement(['rp-1', 'rp-2']);
    const node = await schedule(byNode, { requested_destination: { host: null, node: 'cmp1' } }, 'current');
    expect(node.result).toMatchObject({ host: 'cmp1' });
    expect(byNode.queries[0]).toMatch(/^in_tree=rp-1&/);
    const unknown = await schedule(new FakePlacement(['rp-1']), { requested_destination: { host: null, node: 'ghost' } }, 'current');
    expect((unknown.result as Error).message).toBe('No valid host was found. No such host - host: None node: ghost ');
  });
});
