// Microversions 2.26 to 2.30 with the real openstack CLI against a two-host stack: server tags
// (set, list filters, unset), cpu_info as an object in `hypervisor show`, and a live migration
// to a named host without force, which the scheduler checks (its log names the host it was
// limited to) — the same host as the source is NoValidHost.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';
import { cliJson } from './actions-harness.js';
import { pollStates, show } from './move-harness.js';

let stack: Stack;
let id: string;
beforeAll(async () => {
  stack = await stackUp(2, ['--delays', 'zero']);
  id = (await cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'tagged', '--wait')).id;
}, 270_000);
afterAll(() => stack?.down(), 90_000);

const osc = async (v: string, ...args: string[]) => await stack.openstack('--os-compute-api-version', v, ...args);
const names = async (v: string, ...filters: string[]) => (JSON.parse((await osc(v, 'server', 'list', ...filters, '-f', 'json')).out) as { Name: string }[]).map((s) => s.Name).sort();

describe('openstack CLI at 2.26 to 2.30', () => {
  it('server set/unset --tag (2.26), tags in server show, and the tag filters of server list', async () => {
    expect((await osc('2.25', 'server', 'set', '--tag', 'web', id)).code).not.toBe(0);
    const r = await osc('2.26', 'server', 'set', '--tag', 'web', '--tag', 'prod', id);
    expect(r.code, r.err).toBe(0);
    const tags = JSON.parse((await osc('2.26', 'server', 'show', id, '-f', 'json')).out).tags;
    expect(Array.isArray(tags) ? [...tags].sort() : String(tags).split(/,\s*/).sort()).toEqual(['prod', 'web']);
    expect(await names('2.26', '--tags', 'web,prod')).toEqual(['tagged']);
    expect(await names('2.26', '--not-tags', 'web')).toEqual([]);
    expect((await osc('2.26', 'server', 'unset', '--tag', 'prod', id)).code).toBe(0);
    expect(await names('2.26', '--tags', 'web,prod')).toEqual([]);
    expect(await names('2.26', '--tags', 'web')).toEqual(['tagged']);
  }, 90_000);

  it('hypervisor show: cpu_info as an object from 2.28 (the CLI parses the older text itself: its --debug shows the body)', async () => {
    const hv = (JSON.parse((await osc('2.28', 'hypervisor', 'list', '-f', 'json')).out) as { ID: number }[])[0];
    const old = await stack.openstack('--debug', '--os-compute-api-version', '2.27', 'hypervisor', 'show', String(hv.ID), '-f', 'json');
    expect(old.err).toContain('"cpu_info":"{\\"arch\\":\\"x86_64\\"');
    const v228 = await stack.openstack('--debug', '--os-compute-api-version', '2.28', 'hypervisor', 'show', String(hv.ID), '-f', 'json');
    expect(v228.err).toContain('"cpu_info":{"arch":"x86_64"');
    expect(JSON.parse(v228.out).cpu_info).toMatchObject({ arch: 'x86_64' });
  }, 90_000);

  it('live migration to a named host without force (2.30) goes through the scheduler; the source host is no valid host', async () => {
    const src = (await show(stack, 'tagged'))['OS-EXT-SRV-ATTR:host']!;
    const dest = src === 'cmp1' ? 'cmp2' : 'cmp1';
    expect((await osc('2.29', 'server', 'migrate', '--live-migration', '--host', dest, id)).code).not.toBe(0);
    const same = await osc('2.30', 'server', 'migrate', '--live-migration', '--block-migration', '--host', src, id);
    expect(same.code).not.toBe(0);
    expect(same.err).toContain('No valid host was found.');
    expect(await show(stack, 'tagged')).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': null });
    const r = await osc('2.30', 'server', 'migrate', '--live-migration', '--block-migration', '--host', dest, id);
    expect(r.code, r.err).toBe(0);
    await pollStates(stack, 'tagged', 'ACTIVE', 60_000);
    expect((await show(stack, 'tagged'))['OS-EXT-SRV-ATTR:host']).toBe(dest);
    const sched = fs.readFileSync(path.join(stack.logDir, 'nova-scheduler.log'), 'utf8');
    expect(sched).toContain(`INFO nova.scheduler.host_manager`);
    expect(sched).toMatch(new RegExp(`Host filter only checking host ${dest} and node ${dest}`));
    expect(fs.readFileSync(path.join(stack.logDir, 'nova-placement-api.log'), 'utf8')).toMatch(/GET \/placement\/allocation_candidates\?in_tree=[0-9a-f-]{36}&limit=1000/);
  }, 150_000);
});
