// A server deleted while it builds, driven with the real CLI: deleted while its compute spawns it
// (the API sets task_state deleting and casts terminate_instance, which waits for the build; the
// build notices at its next save, 'Instance disappeared during build.', and the queued terminate
// deletes it under the DELETE's request), deleted while the scheduler still works on it (the
// conductor finds the build request gone), and deleted after the cast but before the compute took
// it (compute finds no instance: 'Instance disappeared before build.'). Every way nothing is
// left: no server, no placement allocation, no neutron port, and nova-trace calls the boot DELETED.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../../stack/common/stack-config.js';
import { cliJson, serverEvents } from './actions-harness.js';
import { processPids } from './crash-drill.js';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => {
  // The guest's image and spawn take seconds: time enough to delete it while it spawns.
  stack = await stackUp(1, ['--delays', 'zero'], { driver: { claim: 0, network: 0, image: 3000, spawn: 3000, vifPlugged: 0 } });
}, 240_000);
afterAll(() => stack?.down(), 90_000);

const log = (name: string) => fs.readFileSync(path.join(stack.logDir, name), 'utf8');
const instanceLines = (name: string, id: string) => log(name).split('\n').filter((l) => l.includes(`[instance: ${id}]`));
const gone = async (id: string) => {
  const r = await stack.openstack('server', 'show', id);
  return r.code !== 0 && /No server with a name or ID|No Server found|could not be found/i.test(r.err);
};

function allocations(id: string): number {
  const db = new Database(readConfig(stack.stateDir).placementDb, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM allocations WHERE consumer_id = ?').get(id) as { n: number }).n;
  } finally {
    db.close();
  }
}

const ports = async (id: string) => await cliJson(stack, 'port', 'list', '--device-id', id) as unknown[];

/** The request id of a line of the API's log about the instance. */
function apiRequest(id: string, message: string): string {
  const line = instanceLines('nova-api.log', id).find((l) => l.includes(`] ${message}`));
  expect(line, `no '${message}' for ${id} in nova-api.log`).toBeDefined();
  return / (req-[0-9a-f-]+) /.exec(line!)![1];
}

async function traceOf(reqId: string): Promise<{ verdict: { status: string; summary: string } }> {
  const r = await stack.trace(reqId, '--log-dir', stack.logDir, '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
}

describe('a server deleted while it builds', () => {
  it('deleted while spawning: terminate waits for the build, which stops at its next save; nothing leaks; DELETED', async () => {
    const created = await cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'vm-spawning');
    const id = created.id as string;
    const createReq = (await serverEvents(stack, id)).find((e) => e.action === 'create')!.requestId;
    let host = '';
    await expect.poll(async () => {
      const s = await cliJson(stack, 'server', 'show', id);
      host = s['OS-EXT-SRV-ATTR:host'];
      return s['OS-EXT-STS:task_state'];
    }, { timeout: 60_000, interval: 200 }).toBe('spawning');
    expect(await ports(id)).toHaveLength(1);
    expect(allocations(id)).toBeGreaterThan(0);

    expect((await stack.openstack('server', 'delete', id)).code).toBe(0);
    await expect.poll(async () => await gone(id), { timeout: 60_000, interval: 500 }).toBe(true);
    await expect.poll(() => allocations(id), { timeout: 20_000, interval: 500 }).toBe(0);
    expect(await ports(id)).toEqual([]);

    const compute = `nova-compute-${host}.log`;
    await expect.poll(() => instanceLines(compute, id).some((l) => l.includes('Deleted allocations') || l.includes('Took') && l.includes('deallocate network')), { timeout: 20_000 }).toBe(true);
    const lines = instanceLines(compute, id);
    const deleteReq = apiRequest(id, 'Going to try to terminate instance');
    const disappeared = lines.filter((l) => l.includes('Instance disappeared during build.'));
    expect(disappeared).toHaveLength(1);
    expect(disappeared[0]).toMatch(new RegExp(`DEBUG nova\\.compute\\.manager \\[None ${createReq} .*\\] \\[instance: ${id}\\] Instance disappeared during build\\. _do_build_and_run_instance \\S*compute/manager\\.py:\\d+$`));
    expect(lines.filter((l) => /Instance failed to spawn|Failed to build and run instance|re-scheduled| ERROR /.test(l))).toEqual([]);
    // The terminate ran after the build had returned, under the DELETE's request.
    const terminating = lines.findIndex((l) => / INFO nova\.compute\.manager /.test(l) && l.endsWith('Terminating instance'));
    expect(terminating).toBeGreaterThan(lines.indexOf(disappeared[0]));
    expect(lines[terminating]).toContain(`[None ${deleteReq} `);
    expect(lines.some((l) => l.includes(` ${createReq} `) && l.endsWith('Terminating instance'))).toBe(false);
    expect(log('nova-conductor.log')).not.toContain('Exception during message handling');
    expect(lines.some((l) => l.includes('Took') && l.includes('seconds to build instance'))).toBe(false);

    expect((await traceOf(createReq)).verdict.status).toBe('DELETED');
  }, 180_000);

  it('deleted while scheduling: the conductor finds the build request gone, removes the allocation; DELETED', async () => {
    const pid = processPids(stack).scheduler;
    expect(pid, JSON.stringify(processPids(stack))).toBeTruthy();
    let id = '';
    let createReq = '';
    process.kill(pid!, 'SIGSTOP');
    try {
      id = (await cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'vm-scheduling')).id as string;
      createReq = (await serverEvents(stack, id)).find((e) => e.action === 'create')!.requestId;
      expect((await cliJson(stack, 'server', 'show', id))['OS-EXT-STS:task_state']).toBe('scheduling');
      expect((await stack.openstack('server', 'delete', id)).code).toBe(0);
      expect(await gone(id)).toBe(true);
    } finally {
      process.kill(pid!, 'SIGCONT');
    }
    await expect.poll(() => instanceLines('nova-conductor.log', id).some((l) => l.includes('While scheduling instance, the build request was already deleted.')), { timeout: 60_000, interval: 500 }).toBe(true);
    apiRequest(id, 'Going to try to terminate instance');
    const line = instanceLines('nova-conductor.log', id).find((l) => l.includes('While scheduling instance'))!;
    expect(line).toMatch(new RegExp(`DEBUG nova\\.conductor\\.manager \\[None ${createReq} .*\\] \\[instance: ${id}\\] While scheduling instance, the build request was already deleted\\. schedule_and_build_instances \\S*conductor/manager\\.py:\\d+$`));
    await expect.poll(() => allocations(id), { timeout: 20_000, interval: 500 }).toBe(0);
    expect(await ports(id)).toEqual([]);
    expect(fs.readdirSync(stack.logDir).filter((n) => n.startsWith('nova-compute-')).flatMap((n) => instanceLines(n, id))).toEqual([]);
    expect(await gone(id)).toBe(true);
    expect((await traceOf(createReq)).verdict.status).toBe('DELETED');
  }, 180_000);

  it('deleted after the cast, before the compute took it: the API deletes it at once; compute says it disappeared before build; DELETED', async () => {
    const pid = processPids(stack)['compute-cmp1'];
    expect(pid, JSON.stringify(processPids(stack))).toBeTruthy();
    let id = '';
    let createReq = '';
    process.kill(pid!, 'SIGSTOP');
    try {
      id = (await cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'vm-cast')).id as string;
      createReq = (await serverEvents(stack, id)).find((e) => e.action === 'create')!.requestId;
      await expect.poll(() => instanceLines('nova-conductor.log', id).some((l) => l.includes('Casting build_and_run_instance to compute.cmp1')), { timeout: 60_000, interval: 300 }).toBe(true);
      expect((await stack.openstack('server', 'delete', id)).code).toBe(0);
      expect(await gone(id)).toBe(true);
    } finally {
      process.kill(pid!, 'SIGCONT');
    }
    const compute = 'nova-compute-cmp1.log';
    await expect.poll(() => instanceLines(compute, id).some((l) => l.includes('Instance disappeared before build.')), { timeout: 60_000, interval: 500 }).toBe(true);
    const lines = instanceLines(compute, id);
    expect(lines.find((l) => l.includes('Instance disappeared before build.'))).toMatch(new RegExp(`DEBUG nova\\.compute\\.manager \\[None ${createReq} .*\\] \\[instance: ${id}\\] Instance disappeared before build\\. _do_build_and_run_instance \\S*compute/manager\\.py:\\d+$`));
    // Nothing was claimed, no port made, nothing to terminate.
    expect(lines.filter((l) => /Claim successful|Successfully created port|Terminating instance| ERROR /.test(l))).toEqual([]);
    await expect.poll(() => allocations(id), { timeout: 20_000, interval: 500 }).toBe(0);
    expect(await ports(id)).toEqual([]);
    expect((await traceOf(createReq)).verdict.status).toBe('DELETED');
  }, 180_000);
});
