// hw:cpu_policy=dedicated end to end: a host started with [compute] cpu_dedicated_set=4-7 and
// cpu_shared_set=0-3 (nova-stack up --cpu-dedicated-set/--cpu-shared-set) reports 4 PCPU and
// 4 VCPU to placement; a pinned flavor booted with the real `openstack` CLI is allocated PCPU,
// an ordinary one VCPU.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => {
  stack = await stackUp(1, ['--delays', 'zero', '--cpu-dedicated-set', '4-7', '--cpu-shared-set', '0-3']);
}, 240_000);
afterAll(() => stack?.down(), 90_000);

function placement<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(path.join(stack.stateDir, 'placement.sqlite'), { readonly: true });
  try { return db.prepare(sql).all(...args) as T[]; } finally { db.close(); }
}

async function boot(name: string, flavor: string): Promise<string> {
  const r = await stack.openstack('server', 'create', '--image', 'cirros', '--network', 'private', '--flavor', flavor, '--wait', name, '-f', 'json');
  expect(r.code, r.err).toBe(0);
  const s = JSON.parse(r.out) as { id: string; status: string };
  expect(s.status).toBe('ACTIVE');
  return s.id;
}

it('a pinned flavor is allocated PCPU from the dedicated set, an ordinary one VCPU', async () => {
  expect(placement<{ resource_class: string; total: number; allocation_ratio: number }>('SELECT resource_class, total, allocation_ratio FROM inventories ORDER BY resource_class'))
    .toEqual(expect.arrayContaining([{ resource_class: 'PCPU', total: 4, allocation_ratio: 1 }, expect.objectContaining({ resource_class: 'VCPU', total: 4 })]));
  const mk = await stack.openstack('flavor', 'create', '--ram', '512', '--vcpus', '2', '--disk', '1', '--property', 'hw:cpu_policy=dedicated', 'x.pinned');
  expect(mk.code, mk.err).toBe(0);
  const pinned = await boot('vm-pinned', 'x.pinned');
  const plain = await boot('vm-plain', 'm1.tiny');
  const used = (consumer: string) => Object.fromEntries(placement<{ resource_class: string; used: number }>('SELECT resource_class, used FROM allocations WHERE consumer_id = ?', consumer).map((a) => [a.resource_class, a.used]));
  expect(used(pinned)).toEqual({ PCPU: 2, MEMORY_MB: 512, DISK_GB: 1 });
  expect(used(plain)).toMatchObject({ VCPU: 1 });
  expect(used(plain).PCPU).toBeUndefined();
}, 120_000);
