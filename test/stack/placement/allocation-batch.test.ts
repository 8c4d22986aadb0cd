// POST /allocations over real HTTP: a server's allocation moved to its migration record and back
// in one request (Nova's move_allocations), within one provider without counting it twice,
// with consumer generations checked and nothing written when one consumer's part fails.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provider, startPlacement, type Placement } from './placement-harness.js';

let p: Placement;
const RP = '33333333-3333-4333-8333-333333333333';
beforeAll(async () => { p = await startPlacement('nova-placement-batch-'); await provider(p, 'cmpb', RP, { vcpus: 4, memory_mb: 4096, disk_gb: 40 }); });
afterAll(async () => { await p?.close(); });

const V = { version: '1.28' };
const res = { VCPU: 2, MEMORY_MB: 3000, DISK_GB: 10 };

describe('POST /allocations', () => {
  it('moves a consumer\'s allocation to another consumer on a provider too full to hold both', async () => {
    const server = randomUUID();
    const migration = randomUUID();
    expect((await p.call('PUT', `/allocations/${server}`, { allocations: { [RP]: { resources: res } }, project_id: 'p', user_id: 'u', consumer_generation: null }, V)).status).toBe(204);
    const move = await p.call('POST', '/allocations', {
      [server]: { allocations: {}, project_id: 'p', user_id: 'u', consumer_generation: 1 },
      [migration]: { allocations: { [RP]: { resources: res } }, project_id: 'p', user_id: 'u', consumer_generation: null },
    }, V);
    expect(move.status, move.text).toBe(204);
    expect((await p.call('GET', `/allocations/${server}`, undefined, V)).body).toEqual({ allocations: {} });
    expect((await p.call('GET', `/allocations/${migration}`, undefined, V)).body.allocations[RP].resources).toEqual(res);
    expect((await p.call('GET', `/resource_providers/${RP}/usages`, undefined, V)).body.usages).toEqual(res);

    // A stale generation refuses the whole request: the migration keeps its allocation.
    const stale = await p.call('POST', '/allocations', {
      [migration]: { allocations: {}, project_id: 'p', user_id: 'u', consumer_generation: 7 },
      [server]: { allocations: { [RP]: { resources: res } }, project_id: 'p', user_id: 'u', consumer_generation: null },
    }, V);
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0].code).toBe('placement.concurrent_update');
    expect((await p.call('GET', `/allocations/${migration}`, undefined, V)).body.allocations[RP].resources).toEqual(res);
    await p.call('DELETE', `/allocations/${migration}`, undefined, V);
  });

  it('is refused before 1.13 and for an unknown provider', async () => {
    expect((await p.call('POST', '/allocations', {}, { version: '1.12' })).status).toBe(404);
    const r = await p.call('POST', '/allocations', { [randomUUID()]: { allocations: { [randomUUID()]: { resources: { VCPU: 1 } } }, project_id: 'p', user_id: 'u', consumer_generation: null } }, V);
    expect(r.status).toBe(400);
  });
});
