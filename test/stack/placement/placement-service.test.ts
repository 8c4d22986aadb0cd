// The placement service over real HTTP with a temp SQLite file: providers, inventories,
// usages, allocation candidates, claims, conflicts, microversions, and the access log.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRequestId } from '../../../stack/common/request-context.js';
import { stableId } from '../../../stack/db/seed.js';
import { freePort, provider, startPlacement, type Placement } from './placement-harness.js';

let p: Placement;
beforeAll(async () => { p = await startPlacement('nova-placement-'); });
afterAll(async () => { await p?.close(); });

const RP1 = '11111111-1111-4111-8111-111111111111';
const RP2 = '22222222-2222-4222-8222-222222222222';
const claim = (rp: string, resources: Record<string, number>, generation: number | null = null) => ({
  allocations: { [rp]: { resources } }, project_id: 'p1', user_id: 'u1', consumer_generation: generation,
});

describe('placement: versions, auth, microversions', () => {
  it('serves the version document without a token', async () => {
    const r = await p.call('GET', '/', undefined, { token: null, version: null });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ versions: [{ id: 'v1.0', max_version: '1.39', min_version: '1.0', status: 'CURRENT', links: [{ rel: 'self', href: '' }] }] });
    expect(r.headers.get('openstack-api-version')).toBe('placement 1.0');
  });

  it('refuses requests without a token', async () => {
    const r = await p.call('GET', '/resource_providers', undefined, { token: null });
    expect(r.status).toBe(401);
    expect(r.body.error.title).toBe('Unauthorized');
  });

  it.each([
    ['latest', 200, 'placement 1.39'],
    ['1.39', 200, 'placement 1.39'],
    ['1.40', 406, null],
    ['one', 406, null],
  ])('microversion %s → %d', async (version, status, header) => {
    const r = await p.call('GET', '/resource_providers', undefined, { version });
    expect(r.status).toBe(status);
    expect(r.headers.get('openstack-api-version')).toBe(header);
    if (status === 406) expect(r.body.errors[0]).toMatchObject({ status: 406, title: 'Not Acceptable', max_version: '1.39', min_version: '1.0' });
  });

  it.each([
    ['GET', '/no_such_thing', 404],
    ['PATCH', '/resource_providers', 405],
    ['GET', '/allocation_candidates?resources=VCPU:1', 404, '1.9'],
  ])('%s %s → %d', async (method, path, status, version = '1.29') => {
    expect((await p.call(method, path, undefined, { version })).status).toBe(status);
  });
});

describe('placement: providers and inventories', () => {
  it('creates providers (body from 1.20, bare 201 before) and refuses duplicates with a coded error', async () => {
    const r = await p.call('POST', '/resource_providers', { name: 'cmp1', uuid: RP1 }, { version: '1.20' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ uuid: RP1, name: 'cmp1', generation: 0, parent_provider_uuid: null, root_provider_uuid: RP1 });
    expect(r.body.links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'inventories', 'usages', 'aggregates', 'traits', 'allocations']);
    expect(r.headers.get('location')).toBe(`/placement/resource_providers/${RP1}`);

    const old = await p.call('POST', '/resource_providers', { name: 'cmp2', uuid: RP2.replace(/-/g, '') }, { version: '1.0' });
    expect(old.status).toBe(201);
    expect(old.text).toBe('');
    expect(old.headers.get('location')).toBe(`/placement/resource_providers/${RP2}`);

    const dup = await p.call('POST', '/resource_providers', { name: 'cmp1', uuid: randomUUID() });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0]).toMatchObject({ status: 409, title: 'Conflict', code: 'placement.duplicate_name' });
    expect(dup.body.errors[0].detail).toBe('There was a conflict when trying to complete your request.\n\n Conflicting resource provider name: cmp1 already exists.  ');
    expect(dup.body.errors[0].request_id).toMatch(/^req-/);
  });

  it('lists by name and shows one; unknown uuids are 404', async () => {
    const list = await p.call('GET', '/resource_providers?name=cmp2');
    expect(list.body.resource_providers.map((r: { uuid: string }) => r.uuid)).toEqual([RP2]);
    expect((await p.call('GET', `/resource_providers/${RP1}`)).body.name).toBe('cmp1');
    const missing = await p.call('GET', `/resource_providers/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0].detail).toMatch(/^The resource could not be found\.\n\n No resource provider with uuid .* found  $/);
  });

  it('sets inventories against the current generation only', async () => {
    const inventories = { VCPU: { total: 4, allocation_ratio: 16.0 }, MEMORY_MB: { total: 8192, reserved: 512, max_unit: 8192 }, DISK_GB: { total: 40 } };
    const ok = await p.call('PUT', `/resource_providers/${RP1}/inventories`, { resource_provider_generation: 0, inventories });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      resource_provider_generation: 1,
      inventories: {
        DISK_GB: { total: 40, reserved: 0, min_unit: 1, max_unit: 2147483647, step_size: 1, allocation_ratio: 1 },
        MEMORY_MB: { total: 8192, reserved: 512, min_unit: 1, max_unit: 8192, step_size: 1, allocation_ratio: 1 },
        VCPU: { total: 4, reserved: 0, min_unit: 1, max_unit: 2147483647, step_size: 1, allocation_ratio: 16 },
      },
    });
    const stale = await p.call('PUT', `/resource_providers/${RP1}/inventories`, { resource_provider_generation: 0, inventories });
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0]).toMatchObject({ code: 'placement.concurrent_update' });
    expect(stale.body.errors[0].detail).toContain('resource provider generation conflict');
    expect((await p.call('GET', `/resource_providers/${RP1}/inventories`)).body.resource_provider_generation).toBe(1);
    expect((await p.call('GET', `/resource_providers/${RP1}/usages`)).body).toEqual({ resource_provider_generation: 1, usages: { DISK_GB: 0, MEMORY_MB: 0, VCPU: 0 } });
  });

  it.each([
    ['an unknown resource class', { FOO: { total: 1 } }, 'Unknown resource class in inventory'],
    ['a missing total', { VCPU: { reserved: 1 } }, "JSON does not validate: 'total' is a required property"],
    ['reserved above total', { VCPU: { total: 2, reserved: 3 } }, 'The reserved value is greater than total.'],
  ])('rejects %s with 400', async (_what, inventories, detail) => {
    const r = await p.call('PUT', `/resource_providers/${RP2}/inventories`, { resource_provider_generation: 0, inventories });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].detail).toContain(detail);
  });

  it('requires a JSON body', async () => {
    const r = await fetch(`${p.base}/resource_providers`, { method: 'POST', headers: { 'X-Auth-Token': p.cfg.serviceToken, 'Content-Type': 'text/plain' }, body: 'x' });
    expect(r.status).toBe(415);
  });
});

describe('placement: candidates and allocations', () => {
  const C1 = randomUUID();

  it('offers the providers that fit, in each microversion\'s shape', async () => {
    await p.call('PUT', `/resource_providers/${RP2}/inventories`, {
      resource_provider_generation: 0, inventories: { VCPU: { total: 2 }, MEMORY_MB: { total: 1024 }, DISK_GB: { total: 10 } },
    });
    const small = await p.call('GET', '/allocation_candidates?resources=VCPU:1,MEMORY_MB:512,DISK_GB:1');
    expect(small.status).toBe(200);
    expect(small.body.allocation_requests).toEqual([
      { allocations: { [RP1]: { resources: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 } } } },
      { allocations: { [RP2]: { resources: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 } } } },
    ]);
    expect(small.body.provider_summaries[RP1]).toEqual({
      resources: { DISK_GB: { capacity: 40, used: 0 }, MEMORY_MB: { capacity: 7680, used: 0 }, VCPU: { capacity: 64, used: 0 } },
      traits: [], parent_provider_uuid: null, root_provider_uuid: RP1,
    });
    const big = await p.call('GET', '/allocation_candidates?resources=VCPU:1,MEMORY_MB:2048');
    expect(Object.keys(big.body.provider_summaries)).toEqual([RP1]);
    const limited = await p.call('GET', '/allocation_candidates?limit=1&resources=VCPU:1');
    expect(limited.body.allocation_requests).toHaveLength(1);
    const legacy = await p.call('GET', '/allocation_candidates?resources=VCPU:1', undefined, { version: '1.10' });
    expect(legacy.body.allocation_requests[0]).toEqual({ allocations: [{ resource_provider: { uuid: RP1 }, resources: { VCPU: 1 } }] });
    expect(legacy.body.provider_summaries[RP1]).toEqual({ resources: { VCPU: { capacity: 64, used: 0 } } });
    const tree = await p.call('GET', `/allocation_candidates?in_tree=${RP2}&resources=VCPU:1`, undefined, { version: '1.31' });
    expect(Object.keys(tree.body.provider_summaries)).toEqual([RP2]);
    expect((await p.call('GET', `/allocation_candidates?in_tree=${RP2}&resources=VCPU:1`, undefined, { version: '1.30' })).body.allocation_requests).toHaveLength(2);
    const bad = await p.call('GET', '/allocation_candidates?in_tree=nope&resources=VCPU:1', undefined, { version: '1.31' });
    expect(bad.body.errors[0].detail).toContain("'nope' is not a 'uuid'");
  });

  it.each([
    ['', 'Got: empty string.'],
    ['?resources=VCPU', 'Got: VCPU.'],
    ['?resources=VCPU:0', 'requires amount >= 1'],
    ['?resources=FOO:1', 'No such resource class FOO'],
  ])('rejects allocation_candidates%s with 400', async (q, detail) => {
    const r = await p.call('GET', `/allocation_candidates${q}`);
    expect(r.status).toBe(400);
    expect(r.body.errors[0].detail).toContain(detail);
  });

  it('claims, reports the consumer and its generation, and moves usages', async () => {
    const put = await p.call('PUT', `/allocations/${C1}`, claim(RP1, { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 }), { version: '1.28' });
    expect(put.status).toBe(204);
    expect(put.text).toBe('');
    const got = await p.call('GET', `/allocations/${C1}`, undefined, { version: '1.28' });
    expect(got.body).toEqual({
      allocations: { [RP1]: { generation: 2, resources: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 } } },
      project_id: 'p1', user_id: 'u1', consumer_generation: 1,
    });
    expect((await p.call('GET', `/resource_providers/${RP1}/usages`)).body.usages).toEqual({ DISK_GB: 1, MEMORY_MB: 512, VCPU: 1 });
    const summary = await p.call('GET', '/allocation_candidates?resources=VCPU:1');
    expect(summary.body.provider_summaries[RP1].resources.MEMORY_MB).toEqual({ capacity: 7680, used: 512 });
  });

  it('checks the consumer generation from 1.28', async () => {
    const stale = await p.call('PUT', `/allocations/${C1}`, claim(RP1, { VCPU: 2 }, null), { version: '1.28' });
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0].code).toBe('placement.concurrent_update');
    expect(stale.body.errors[0].detail).toContain('consumer generation conflict - expected 1 but got None');
    const fresh = await p.call('PUT', `/allocations/${C1}`, claim(RP1, { VCPU: 2, MEMORY_MB: 512 }, 1), { version: '1.28' });
    expect(fresh.status).toBe(204);
    expect((await p.call('GET', `/allocations/${C1}`)).body.consumer_generation).toBe(2);
    const brandNew = await p.call('PUT', `/allocations/${randomUUID()}`, claim(RP1, { VCPU: 1 }, 4), { version: '1.28' });
    expect(brandNew.body.errors[0].detail).toContain('consumer generation conflict - expected null but got 4');
  });

  it('refuses an allocation beyond capacity with placement\'s 409 and logs the overage', async () => {
    const requestId = newRequestId();
    const r = await p.call('PUT', `/allocations/${randomUUID()}`, claim(RP2, { MEMORY_MB: 2048 }), { requestId });
    expect(r.status).toBe(409);
    expect(r.body.errors[0]).toEqual({
      status: 409, title: 'Conflict', code: 'placement.undefined_code', request_id: requestId,
      detail: `There was a conflict when trying to complete your request.\n\n Unable to allocate inventory: Unable to create allocation for 'MEMORY_MB' on resource provider '${RP2}'. The requested amount would exceed the capacity.  `,
    });
    const units = await p.call('PUT', `/allocations/${randomUUID()}`, claim(RP1, { MEMORY_MB: 9000 }));
    expect(units.body.errors[0].detail).toContain(`Unable to create allocation for 'MEMORY_MB' on resource provider '${RP1}'. The requested amount would violate inventory constraints.`);
    const over = await p.call('PUT', `/allocations/${randomUUID()}`, claim(RP1, { MEMORY_MB: 7680 }), { requestId });
    expect(over.status).toBe(409);
    expect(over.body.errors[0].detail).toContain(`Unable to create allocation for 'MEMORY_MB' on resource provider '${RP1}'. The requested amount would exceed the capacity.`);
    expect(p.logLines().some((l) => l.includes(`WARNING placement.objects.allocation [None ${requestId} `)
      && l.endsWith(`Over capacity for MEMORY_MB on resource provider ${RP1}. Needed: 7680, Used: 512, Capacity: 7680.0`))).toBe(true);
    const noInventory = await p.call('PUT', `/allocations/${randomUUID()}`, claim(RP1, { VGPU: 1 }));
    expect(noInventory.body.errors[0].detail).toContain(`Inventory for 'VGPU' on resource provider '${RP1}' invalid.`);
    const noProvider = await p.call('PUT', `/allocations/${randomUUID()}`, claim(randomUUID(), { VCPU: 1 }));
    expect(noProvider.status).toBe(400);
  });

  it('deletes allocations, and providers only once they hold none', async () => {
    expect((await p.call('DELETE', `/resource_providers/${RP1}`)).status).toBe(409);
    expect((await p.call('DELETE', `/allocations/${C1}`)).status).toBe(204);
    const again = await p.call('DELETE', `/allocations/${C1}`);
    expect(again.status).toBe(404);
    expect(again.body.errors[0].detail).toContain(`No allocations for consumer '${C1}'`);
    expect((await p.call('GET', `/allocations/${C1}`)).body).toEqual({ allocations: {} });
    expect((await p.call('DELETE', `/resource_providers/${RP1}`)).status).toBe(204);
    expect((await p.call('GET', `/resource_providers/${RP1}`)).status).toBe(404);
  });

  it('writes the access line with the caller\'s request id when the request ends', async () => {
    const requestId = newRequestId();
    const r = await p.call('GET', '/allocation_candidates?limit=1000&resources=DISK_GB%3A1%2CMEMORY_MB%3A512%2CVCPU%3A1', undefined, { requestId });
    expect(r.headers.get('x-openstack-request-id')).toBe(requestId);
    const user = stableId('user', 'nova');
    const project = stableId('project', 'service');
    const line = p.logLines().find((l) => l.includes(requestId) && l.includes('placement.requestlog'));
    expect(line).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\d+ INFO placement\\.requestlog \\[None ${requestId} ${user} ${project} - - default default\\] `
      + `127\\.0\\.0\\.1 "GET /placement/allocation_candidates\\?limit=1000&resources=DISK_GB%3A1%2CMEMORY_MB%3A512%2CVCPU%3A1" status: 200 len: ${Buffer.byteLength(r.text)} microversion: 1\\.29$`));
    const del = p.logLines().filter((l) => l.includes('"DELETE /placement/allocations/'));
    expect(del[0]).toMatch(/status: 204 len: 0 microversion: 1\.29$/);
  });
});

describe('placement: concurrent claims', () => {
  it('lets exactly as many claims through as fit, and usages stay exact', async () => {
    const rp = randomUUID();
    await provider(p, 'busy', rp, { vcpus: 64, memory_mb: 10240, disk_gb: 1000 });
    const results = await Promise.all(Array.from({ length: 50 }, () =>
      p.call('PUT', `/allocations/${randomUUID()}`, claim(rp, { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 }))));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 204)).toHaveLength(20);
    expect(statuses.filter((s) => s === 409)).toHaveLength(30);
    expect((await p.call('GET', `/resource_providers/${rp}/usages`)).body.usages).toEqual({ DISK_GB: 20, MEMORY_MB: 10240, VCPU: 20 });
    expect((await p.call('GET', '/allocation_candidates?resources=MEMORY_MB:512')).body.provider_summaries[rp]).toBeUndefined();
  });

  it('never over-allocates when two placement processes race on one database', async () => {
    const rp = randomUUID();
    await provider(p, 'raced', rp, { vcpus: 64, memory_mb: 10240, disk_gb: 1000 });
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'placement-process.ts'), String(port), p.cfg.placementDb, path.join(p.dir, 'second.log'), `http://127.0.0.1:${p.cfg.ports.api}/v3`, p.cfg.serviceToken],
      { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('ready')) resolve(); });
        child.once('exit', (code) => reject(new Error(`second placement exited with ${code}`)));
      });
      const second = `http://127.0.0.1:${port}/placement`;
      const put = (base: string) => fetch(`${base}/allocations/${randomUUID()}`, {
        method: 'PUT',
        headers: { 'X-Auth-Token': p.cfg.serviceToken, 'Content-Type': 'application/json', 'OpenStack-API-Version': 'placement 1.28' },
        body: JSON.stringify(claim(rp, { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 })),
      }).then((r) => r.status);
      const statuses = await Promise.all(Array.from({ length: 50 }, (_, i) => put(i % 2 ? second : p.base)));
      expect(statuses.filter((s) => s === 204)).toHaveLength(20);
      expect(statuses.filter((s) => s === 409)).toHaveLength(30);
      expect((await p.call('GET', `/resource_providers/${rp}/usages`)).body.usages).toEqual({ DISK_GB: 20, MEMORY_MB: 10240, VCPU: 20 });
    } finally {
      child.stdin.end();
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    }
  });
});
