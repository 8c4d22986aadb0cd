// The typed placement client against a real placement service: what compute's resource
// tracker and the scheduler rely on.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OsloLogger } from '../../../stack/common/oslo-logger.js';
import { userContext } from '../../../stack/common/request-context.js';
import { PlacementClient } from '../../../stack/placement/placement-client.js';
import { MemorySink } from '../scheduler/fixtures.js';
import { freePort, startPlacement, type Placement } from './placement-harness.js';

let p: Placement;
let client: PlacementClient;
const sink = new MemorySink();
const ctx = userContext('u1', 'p1', ['member']);
const RP = 'bbbbbbbb-0000-4000-8000-000000000001';

beforeAll(async () => {
  p = await startPlacement('nova-placement-client-');
  client = PlacementClient.fromConfig(p.cfg, new OsloLogger('root', sink));
});
afterAll(async () => { await p?.close(); });

describe('placement client', () => {
  it('ensures a provider once, whatever the number of calls', async () => {
    const first = await client.ensureResourceProvider(ctx, 'cmp1', RP);
    const second = await client.ensureResourceProvider(ctx, 'cmp1', RP);
    expect(first).toMatchObject({ uuid: RP, name: 'cmp1', generation: 0 });
    expect(second).toMatchObject({ uuid: RP, name: 'cmp1' });
    expect((await p.call('GET', '/resource_providers')).body.resource_providers).toHaveLength(1);
    expect(sink.lines.filter((l) => l.includes('Created resource provider record via placement API for resource provider with UUID'))).toHaveLength(1);
  });

  it('puts inventories against the current generation', async () => {
    const gen = await client.putInventories(ctx, RP, { VCPU: { total: 4, allocation_ratio: 16.0 }, MEMORY_MB: { total: 2048, allocation_ratio: 1.5 } });
    expect(gen).toBe(1);
    expect(await client.putInventories(ctx, RP, { VCPU: { total: 8 } })).toBe(2);
    expect((await p.call('GET', `/resource_providers/${RP}/inventories`)).body.inventories).toEqual({
      VCPU: { total: 8, reserved: 0, min_unit: 1, max_unit: 2147483647, step_size: 1, allocation_ratio: 1 },
    });
  });

  it('reports a host\'s size with Nova\'s ratios, and only when it changed', async () => {
    const node = randomUUID();
    const size = { vcpus: 8, memory_mb: 16384, local_gb: 200 };
    await client.report(ctx, 'cmp2', node, size);
    await client.report(ctx, 'cmp2', node, size);
    const inv = (await p.call('GET', `/resource_providers/${node}/inventories`)).body;
    expect(inv.resource_provider_generation).toBe(1);
    expect(inv.inventories).toMatchObject({
      VCPU: { total: 8, max_unit: 8, allocation_ratio: 16 }, MEMORY_MB: { total: 16384, allocation_ratio: 1.5 }, DISK_GB: { total: 200, allocation_ratio: 1 },
    });
  });

  it('claims from a candidate, and logs a refused claim as Nova does', async () => {
    const candidates = await client.getAllocationCandidates(ctx, { VCPU: 1 });
    const mine = candidates!.allocation_requests.find((a) => RP in a.allocations)!;
    const consumer = randomUUID();
    expect(await client.claimResources(ctx, consumer, mine, 'p1', 'u1')).toEqual({ claimed: true, status: 204, text: '' });
    // Claiming again replaces the consumer's allocation (its generation is read first).
    expect((await client.claimResources(ctx, consumer, mine, 'p1', 'u1')).claimed).toBe(true);
    expect(await client.getUsages(ctx, RP)).toEqual({ VCPU: 1 });

    const greedy = { allocations: { [RP]: { resources: { VCPU: 500 } } } };
    const loser = randomUUID();
    const refused = await client.claimResources(ctx, loser, greedy, 'p1', 'u1');
    expect(refused).toMatchObject({ claimed: false, status: 409 });
    expect(sink.lines.some((l) => l.includes(`WARNING nova.scheduler.client.report [None ${ctx.requestId} u1 p1 - - default default] `
      + `Failed to save allocation for ${loser}. Got HTTP 409: {"errors":[{"status":409,"title":"Conflict"`))).toBe(true);
  });

  it('deletes allocations, and a consumer without any is not an error', async () => {
    const consumer = randomUUID();
    await client.claimResources(ctx, consumer, { allocations: { [RP]: { resources: { VCPU: 1 } } } }, 'p1', 'u1');
    await client.deleteAllocations(ctx, consumer);
    await expect(client.deleteAllocations(ctx, consumer)).resolves.toBeUndefined();
    expect(await client.getAllocations(ctx, consumer)).toEqual({ allocations: {} });
  });

  it('reads an unreachable placement as no answer', async () => {
    const lonely = new PlacementClient(`http://127.0.0.1:${await freePort()}/placement`, 't', new OsloLogger('root', sink));
    expect(await lonely.getAllocationCandidates(ctx, { VCPU: 1 })).toBeNull();
    expect(sink.lines.at(-1)).toMatch(/WARNING nova\.scheduler\.client\.report .* Placement API service is not responding\.$/);
  });
});
