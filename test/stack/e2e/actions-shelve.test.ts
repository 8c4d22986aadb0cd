// shelve / unshelve with the real openstack CLI: shelve snapshots the server into glance-lite and
// (shelved_offload_time 0) offloads it: no host, no placement allocation, ports unbound;
// unshelve goes api → conductor → scheduler → compute, which claims, spawns from the snapshot
// and deletes it. The instance actions carry their compute and conductor events.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../../stack/common/stack-config.js';
import { stackUp, type Stack } from './stack-harness.js';
import { actionEvents, cliJson, serverEvents, waitStatus, whileHostFrozen } from './actions-harness.js';

let stack: Stack;
let id: string;
let host: string;
beforeAll(async () => {
  stack = await stackUp(2);
  const s = await cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'vm-shelve', '--wait');
  id = s.id;
  host = s['OS-EXT-SRV-ATTR:host'];
}, 270_000);
afterAll(() => stack?.down(), 90_000);

function allocations(consumer: string): { host: string; rc: string; used: number }[] {
  const db = new Database(readConfig(stack.stateDir).placementDb, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT p.name AS host, a.resource_class AS rc, a.used FROM allocations a JOIN resource_providers p ON p.id = a.resource_provider_id
      WHERE a.consumer_id = ? ORDER BY rc`).all(consumer) as { host: string; rc: string; used: number }[];
  } finally {
    db.close();
  }
}

const log = (name: string) => fs.readFileSync(path.join(stack.logDir, name), 'utf8');

describe('shelve and unshelve', () => {
  it('shelve: SHELVED_OFFLOADED, snapshot "<name>-shelved" in glance, host and allocation freed', async () => {
    expect(allocations(id).map((a) => `${a.host} ${a.rc} ${a.used}`)).toEqual([`${host} DISK_GB 1`, `${host} MEMORY_MB 512`, `${host} VCPU 1`]);
    const during = await whileHostFrozen(stack, host, id, async () => expect((await stack.openstack('server', 'shelve', id)).code).toBe(0));
    expect({ status: during.status, task: during.task }).toEqual({ status: 'ACTIVE', task: 'shelving' });
    const after = await waitStatus(stack, id, 'SHELVED_OFFLOADED');
    expect(after).toMatchObject({ vm: 'shelved_offloaded', task: null, host: null });
    expect(allocations(id)).toEqual([]);
    const snap = await cliJson(stack, 'image', 'show', 'vm-shelve-shelved');
    expect(snap).toMatchObject({ status: 'active', visibility: 'private' });
    const ports = await cliJson(stack, 'port', 'list', '--device-id', id, '--long') as { Status: string }[];
    expect(ports.map((p) => p.Status)).toEqual(['DOWN']);
    const shelve = (await serverEvents(stack, id))[0];
    expect(shelve.action).toBe('shelve');
    expect(await actionEvents(stack, id, shelve.requestId)).toEqual(['compute_shelve_instance Success']);
    const info = log(`nova-compute-${host}.log`).split('\n').filter((l) => l.includes(shelve.requestId) && / INFO nova\.compute\.manager /.test(l)).map((l) => l.split(`[instance: ${id}] `)[1]);
    expect(info).toEqual(['Shelving', 'Shelve offloading']);
    // The openstack CLI skips a server already shelved; the nova CLI asks.
    expect((await stack.nova('shelve', id)).err).toContain(`Cannot 'shelve' instance ${id} while it is in vm_state shelved_offloaded`);
  }, 90_000);

  it('unshelve: scheduled again, ACTIVE on a host with its allocation, the snapshot deleted', async () => {
    expect((await stack.openstack('server', 'unshelve', id)).code).toBe(0);
    const after = await waitStatus(stack, id, 'ACTIVE');
    expect(after.host).toMatch(/^cmp[12]$/);
    expect(allocations(id).map((a) => `${a.host} ${a.rc} ${a.used}`)).toEqual([`${after.host} DISK_GB 1`, `${after.host} MEMORY_MB 512`, `${after.host} VCPU 1`]);
    await expect.poll(async () => (await stack.openstack('image', 'show', 'vm-shelve-shelved')).code, { timeout: 10_000 }).not.toBe(0);
    const unshelve = (await serverEvents(stack, id))[0];
    expect(unshelve.action).toBe('unshelve');
    expect((await actionEvents(stack, id, unshelve.requestId)).sort()).toEqual(['compute_unshelve_instance Success', 'conductor_unshelve_instance Success']);
    expect(log('nova-scheduler.log')).toContain(unshelve.requestId);
    expect(log('nova-conductor.log')).toMatch(new RegExp(`${unshelve.requestId}.*Scheduler selected host: ${after.host}, node:${after.host}`));
    const lines = log(`nova-compute-${after.host}.log`).split('\n').filter((l) => l.includes(unshelve.requestId));
    expect(lines.some((l) => l.endsWith(`[instance: ${id}] Unshelving`))).toBe(true);
    expect(lines.some((l) => /INFO nova\.compute\.claims .*Claim successful on node/.test(l))).toBe(true);
    const ports = await cliJson(stack, 'port', 'list', '--device-id', id, '--long') as { Status: string }[];
    expect(ports.map((p) => p.Status)).toEqual(['ACTIVE']);
  }, 90_000);

  it('a shelved_offloaded server is deleted locally, with Nova\'s INFO line', async () => {
    expect((await stack.openstack('server', 'shelve', id)).code).toBe(0);
    await waitStatus(stack, id, 'SHELVED_OFFLOADED');
    expect((await stack.openstack('server', 'delete', id)).code).toBe(0);
    expect((await stack.openstack('server', 'show', id)).code).not.toBe(0);
    expect(log('nova-api.log')).toContain(`[instance: ${id}] instance is in SHELVED_OFFLOADED state, cleanup the instance's info from database.`);
  }, 90_000);
});
