// Nova keeps placement in step with its own view, driven here by the real `openstack` CLI on a
// current-release stack: host aggregates (and so availability zones) mirrored into placement
// aggregates, so that a boot into a zone lands on the zone's host or gets no allocation
// candidates; a disabled compute's COMPUTE_STATUS_DISABLED trait set at once; and an inventory
// corrupted in placement healed by the compute's periodic update_available_resource.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../../stack/common/stack-config.js';
import { login, type Cloud } from '../../../core/cli/demo-cloud-client.js';
import Database from 'better-sqlite3';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
let cloud: Cloud;
let placementBase: string;
beforeAll(async () => {
  stack = await stackUp(2, ['--delays', 'zero', '--service-down', '3'], { updateResourcesMs: 400, providerRefreshMs: 800 });
  cloud = await login(stack.env.OS_AUTH_URL, stack.env.OS_PASSWORD);
  placementBase = `http://127.0.0.1:${readConfig(stack.stateDir).ports.placement}/placement`;
}, 240_000);
afterAll(() => stack?.down(), 90_000);

/** One call to placement as admin, on a fresh connection (the CLI runs in between take longer than keep-alive). */
function placement<T = any>(method: string, p: string, body?: unknown): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${placementBase}${p}`, {
      method, agent: false, timeout: 10_000,
      headers: { 'X-Auth-Token': cloud.token, 'OpenStack-API-Version': 'placement 1.26', 'Content-Type': 'application/json', Accept: 'application/json' },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => { text += c; }).on('end', () => resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : null) as T }));
    });
    req.on('error', reject).on('timeout', () => req.destroy(new Error(`placement ${method} ${p} timed out`)));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const providerOf = async (host: string) => (await placement<{ resource_providers: { uuid: string }[] }>('GET', `/resource_providers?name=${host}`)).body.resource_providers[0].uuid;

function aggregateUuid(name: string): string {
  const db = new Database(path.join(stack.stateDir, 'nova.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT uuid FROM aggregates WHERE name = ?').get(name) as { uuid: string }).uuid;
  } finally {
    db.close();
  }
}

async function ok(...args: string[]): Promise<string> {
  const r = await stack.openstack(...args);
  expect(r.code, `openstack ${args.join(' ')}: ${r.err.slice(-2000)}`).toBe(0);
  return r.out;
}

async function boot(name: string, zone: string): Promise<{ status: string; host: string; id: string }> {
  const r = await stack.openstack('server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', '--availability-zone', zone, name, '--wait', '-f', 'json');
  if (r.code === 0) {
    const s = JSON.parse(r.out) as { id: string; status: string; 'OS-EXT-SRV-ATTR:host': string };
    return { status: s.status, host: s['OS-EXT-SRV-ATTR:host'], id: s.id };
  }
  const shown = await stack.openstack('server', 'show', name, '-f', 'json');
  expect(shown.code, `${r.err}\n${shown.err}`).toBe(0);
  const s = JSON.parse(shown.out) as { id: string; status: string; fault?: { message: string } };
  return { status: s.status, host: '', id: s.id };
}

const computeLog = (host: string) => fs.readFileSync(path.join(stack.logDir, `nova-compute-${host}.log`), 'utf8');

describe('aggregates reach placement', () => {
  it('a zone with a host: its provider joins the aggregate, and every boot into the zone lands there', async () => {
    await ok('aggregate', 'create', '--zone', 'az1', 'agg1');
    await ok('aggregate', 'add', 'host', 'agg1', 'cmp2');
    const agg = aggregateUuid('agg1');
    const cmp2 = await providerOf('cmp2');
    expect((await placement('GET', `/resource_providers/${cmp2}/aggregates`)).body.aggregates).toEqual([agg]);
    expect((await placement('GET', `/resource_providers/${await providerOf('cmp1')}/aggregates`)).body.aggregates).toEqual([]);
    for (const name of ['z1', 'z2', 'z3']) expect(await boot(name, 'az1')).toMatchObject({ status: 'ACTIVE', host: 'cmp2' });
    const placementLog = fs.readFileSync(path.join(stack.logDir, 'nova-placement-api.log'), 'utf8');
    expect(placementLog).toContain(`"GET /placement/allocation_candidates?limit=1000&member_of=in%3A${agg}&resources=`);
    for (const name of ['z1', 'z2', 'z3']) await ok('server', 'delete', name, '--wait');
  }, 120_000);

  it("a zone whose host has no room: member_of keeps the boot off the other host → NoValidHost, 'Got no allocation candidates'", async () => {
    const f = await stack.openstack('flavor', 'create', '--ram', '16384', '--vcpus', '1', '--disk', '1', 'big');
    expect(f.code, f.err).toBe(0);
    const one = await stack.openstack('server', 'create', '--flavor', 'big', '--image', 'cirros', '--network', 'private', '--availability-zone', 'az1', 'fill', '--wait', '-f', 'json');
    expect(one.code, one.err).toBe(0);
    // cmp2 now holds 16 of its 24 GiB (16 GiB × 1.5); a second big one fits only on cmp1, which is not in az1.
    // (`server create --wait` reports "Error creating server" but exits 0: the server's state tells.)
    await stack.openstack('server', 'create', '--flavor', 'big', '--image', 'cirros', '--network', 'private', '--availability-zone', 'az1', 'nofit', '--wait', '-f', 'json');
    const shown = JSON.parse(await ok('server', 'show', 'nofit', '-f', 'json')) as { status: string; fault: { message: string } };
    expect(shown.status).toBe('ERROR');
    expect(shown.fault.message).toContain('No valid host was found.');
    const sched = fs.readFileSync(path.join(stack.logDir, 'nova-scheduler.log'), 'utf8');
    expect(sched).toContain('Got no allocation candidates from the Placement API. This could be due to insufficient resources or a temporary occurrence as compute nodes start up.');
    expect(await boot('elsewhere', 'nova')).toMatchObject({ status: 'ACTIVE', host: 'cmp1' });
    for (const name of ['fill', 'nofit', 'elsewhere']) await ok('server', 'delete', name, '--wait');
  }, 120_000);

  it('a zone whose aggregate has no host is refused by the API (400), as Nova refuses a zone it cannot list', async () => {
    await ok('aggregate', 'create', '--zone', 'az-empty', 'agg-empty');
    const r = await stack.openstack('server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', '--availability-zone', 'az-empty', 'lost');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('The requested availability zone is not available (HTTP 400)');
  });

  it('remove host takes the provider out of the placement aggregate', async () => {
    await ok('aggregate', 'remove', 'host', 'agg1', 'cmp2');
    expect((await placement('GET', `/resource_providers/${await providerOf('cmp2')}/aggregates`)).body.aggregates).toEqual([]);
  });
});

describe('the compute keeps its provider right', () => {
  it('compute service set --disable sets COMPUTE_STATUS_DISABLED at once, --enable removes it', async () => {
    const cmp1 = await providerOf('cmp1');
    await ok('compute', 'service', 'set', '--disable', 'cmp1', 'nova-compute');
    expect((await placement('GET', `/resource_providers/${cmp1}/traits`)).body.traits).toContain('COMPUTE_STATUS_DISABLED');
    expect(await boot('not-on-cmp1', 'nova')).toMatchObject({ status: 'ACTIVE', host: 'cmp2' });
    await ok('compute', 'service', 'set', '--enable', 'cmp1', 'nova-compute');
    expect((await placement('GET', `/resource_providers/${cmp1}/traits`)).body.traits).not.toContain('COMPUTE_STATUS_DISABLED');
    const api = fs.readFileSync(path.join(stack.logDir, 'nova-api.log'), 'utf8');
    expect(api).toMatch(/DEBUG nova\.compute\.api .*Calling the compute service on host cmp1 to sync the COMPUTE_STATUS_DISABLED trait\./);
    await ok('server', 'delete', 'not-on-cmp1', '--wait');
  }, 60_000);

  it('an inventory corrupted in placement is put back by the periodic update_available_resource', async () => {
    const cmp1 = await providerOf('cmp1');
    const before = (await placement<{ resource_provider_generation: number; inventories: Record<string, { total: number }> }>('GET', `/resource_providers/${cmp1}/inventories`)).body;
    expect(before.inventories.MEMORY_MB.total).toBe(16384);
    const inventories = { ...before.inventories, MEMORY_MB: { ...before.inventories.MEMORY_MB, total: 1, max_unit: 1 } };
    const put = await placement('PUT', `/resource_providers/${cmp1}/inventories`, { resource_provider_generation: before.resource_provider_generation, inventories });
    expect(put.status).toBe(200);
    expect((await placement('GET', `/resource_providers/${cmp1}/inventories`)).body.inventories.MEMORY_MB.total).toBe(1);
    await expect.poll(async () => (await placement('GET', `/resource_providers/${cmp1}/inventories`)).body.inventories.MEMORY_MB.total,
      { timeout: 10_000, interval: 200 }).toBe(16384);
    const log = computeLog('cmp1');
    const debug = (logger: string, text: string) => new RegExp(`DEBUG ${logger.replace(/\./g, '\\.')} \\[[^\\]]*\\] ${text}`);
    expect(log).toMatch(debug('nova.scheduler.client.report', `Refreshing inventories for resource provider ${cmp1} _refresh_associations `));
    expect(log).toMatch(debug('nova.scheduler.client.report', `Updating ProviderTree inventory for provider ${cmp1} from _refresh_and_get_inventory using data: .*'MEMORY_MB': \\{[^}]*'total': 1[,}]`));
    expect(log).toMatch(debug('nova.scheduler.client.report', `Updated inventory for provider ${cmp1} with generation \\d+ in Placement from set_inventory_for_provider using data: \\{'VCPU': \\{'total': 8, 'min_unit': 1, 'max_unit': 8, 'step_size': 1, 'allocation_ratio': 16\\.0, 'reserved': 0\\}, 'MEMORY_MB': \\{'total': 16384,`));
    expect(log).toMatch(debug('nova.scheduler.client.report', `Inventory has not changed for provider ${cmp1} based on inventory data: `));
    expect(log).toMatch(debug('nova.compute.resource_tracker', 'Auditing locally available compute resources for cmp1 \\(node: cmp1\\) update_available_resource '));
    expect(log).toMatch(debug('nova.compute.resource_tracker', 'Total usable vcpus: 8, total allocated vcpus: 0 _report_final_resource_view '));
    expect(log).toMatch(debug('nova.compute.resource_tracker',
      "Final resource view: name=cmp1 phys_ram=16384MB used_ram=0MB phys_disk=200GB used_disk=0GB total_vcpus=8 used_vcpus=0 pci_stats=\\[\\] stats=\\{'failed_builds': '0'\\} _report_final_resource_view "));
    expect(log).not.toMatch(/INFO nova\.compute\.resource_tracker .*(Final resource view|Auditing)/);
  }, 60_000);
});
