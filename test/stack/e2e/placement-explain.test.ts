// NoValidHost of current Nova explained end to end (issue 13 §1): a stack at DEBUG (its resource
// trackers log "Final resource view" every 400 ms), boots with the real `openstack` CLI, then
// nova-trace on the request id from `openstack server event list`. A flavor no host can hold
// names the resource class; disabled computes name the COMPUTE_STATUS_DISABLED trait; a zone
// whose host is full while another host has room names the zone's aggregate.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => {
  stack = await stackUp(2, ['--delays', 'zero'], { updateResourcesMs: 400, providerRefreshMs: 800 });
}, 240_000);
afterAll(() => stack?.down(), 90_000);

async function ok(...args: string[]): Promise<string> {
  const r = await stack.openstack(...args);
  expect(r.code, `openstack ${args.join(' ')}: ${r.err.slice(-2000)}`).toBe(0);
  return r.out;
}

interface Verdict { status: string; signature: string | null; cause: { id: string } | null; placement?: { limiting: { kind: string; name: string; detail: string } | null; zone: string | null; hosts: { host: string }[] } }

/** Boot (expected to end in ERROR), then trace the create request named by `server event list`. */
async function bootAndTrace(name: string, ...opts: string[]): Promise<Verdict> {
  await stack.openstack('server', 'create', '--image', 'cirros', '--network', 'private', ...opts, name, '--wait');
  const events = JSON.parse(await ok('server', 'event', 'list', name, '-f', 'json')) as { 'Request ID': string; Action: string }[];
  const create = events.find((e) => e.Action === 'create')!;
  const t = await stack.trace(create['Request ID'], '--log-dir', stack.logDir, '--json');
  expect(t.code, t.err).toBe(1);
  return (JSON.parse(t.out) as { verdict: Verdict }).verdict;
}

function fault(...args: string[]): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/nova-stack.js'), 'fault', ...args, '--state-dir', stack.stateDir], { encoding: 'utf8', timeout: 30_000 });
  expect(r.status, r.stderr).toBe(0);
}

describe('no allocation candidates, explained from the logs', () => {
  it('a flavor no host can hold: the resource class is named', async () => {
    await ok('flavor', 'create', '--ram', '65536', '--vcpus', '1', '--disk', '1', 'x.huge');
    const v = await bootAndTrace('pe-huge', '--flavor', 'x.huge');
    expect(v).toMatchObject({ status: 'ERROR', signature: 'no-allocation-candidates', cause: { id: 'hosts-full' } });
    expect(v.placement!.limiting).toMatchObject({ kind: 'resource', name: 'MEMORY_MB' });
    expect(v.placement!.hosts.map((h) => h.host).sort()).toEqual(['cmp1', 'cmp2']);
  }, 90_000);

  it('a pinned flavor (hw:cpu_policy=dedicated) on hosts without [compute] cpu_dedicated_set: PCPU is named', async () => {
    await ok('flavor', 'create', '--ram', '512', '--vcpus', '2', '--disk', '1', '--property', 'hw:cpu_policy=dedicated', 'x.pinned');
    const v = await bootAndTrace('pe-pinned', '--flavor', 'x.pinned');
    expect(v).toMatchObject({ status: 'ERROR', signature: 'no-allocation-candidates' });
    expect(v.placement!.limiting).toMatchObject({ kind: 'resource', name: 'PCPU' });
    expect(v.placement!.limiting!.detail).toContain('cpu_dedicated_set');
    const scheduler = fs.readFileSync(path.join(stack.logDir, 'nova-scheduler.log'), 'utf8');
    expect(scheduler).toMatch(/DEBUG nova\.scheduler\.utils \[.*\] Translating request for VCPU=2 to VCPU=0,PCPU=2 /);
    expect(fs.readFileSync(path.join(stack.logDir, 'nova-placement-api.log'), 'utf8')).toMatch(/"GET \/placement\/allocation_candidates\?limit=1000&resources=DISK_GB%3A1%2CMEMORY_MB%3A512%2CPCPU%3A2&root_required=%21COMPUTE_STATUS_DISABLED" status: 200/);
  }, 90_000);

  it('every compute service disabled: the trait is named, with the API line that disabled one', async () => {
    await ok('compute', 'service', 'set', '--disable', 'cmp1', 'nova-compute');
    await ok('compute', 'service', 'set', '--disable', 'cmp2', 'nova-compute');
    try {
      const v = await bootAndTrace('pe-disabled', '--flavor', 'm1.tiny');
      expect(v).toMatchObject({ status: 'ERROR', signature: 'no-allocation-candidates', cause: { id: 'compute-disabled' } });
      expect(v.placement!.limiting).toMatchObject({ kind: 'trait', name: 'COMPUTE_STATUS_DISABLED' });
      // The computes' own DEBUG lines (the CLI's 2.53+ PUT /os-services/{uuid} does not say what changed).
      expect(v.placement!.limiting!.detail).toMatch(/cmp1: Adding trait COMPUTE_STATUS_DISABLED to compute node resource provider \S+ in placement\./);
    } finally {
      await ok('compute', 'service', 'set', '--enable', 'cmp1', 'nova-compute');
      await ok('compute', 'service', 'set', '--enable', 'cmp2', 'nova-compute');
    }
  }, 90_000);

  it("a zone whose only host is full while another host has room: the zone's aggregate is named", async () => {
    await ok('aggregate', 'create', '--zone', 'az-pe', 'agg-pe');
    await ok('aggregate', 'add', 'host', 'agg-pe', 'cmp2');
    fault('inject', 'hosts-full', '--host', 'cmp2');
    try {
      // cmp2's next resource report shows its memory taken (and placement's inventory follows).
      await expect.poll(async () => {
        const h = JSON.parse(await ok('hypervisor', 'show', 'cmp2', '-f', 'json')) as { memory_mb: number; memory_mb_used: number };
        return h.memory_mb_used > h.memory_mb;
      }, { timeout: 20_000, interval: 500 }).toBe(true);
      const v = await bootAndTrace('pe-zone', '--flavor', 'm1.tiny', '--availability-zone', 'az-pe');
      expect(v).toMatchObject({ status: 'ERROR', signature: 'no-allocation-candidates', cause: { id: 'az-mismatch' } });
      expect(v.placement).toMatchObject({ zone: 'az-pe', limiting: { kind: 'aggregate' } });
      expect(v.placement!.limiting!.detail).toContain('cmp1');
    } finally {
      fault('clear');
    }
  }, 90_000);
});
