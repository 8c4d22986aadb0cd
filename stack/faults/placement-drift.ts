// The placement-drift fault: allocations left in placement by servers that no longer exist (a
// delete that never reached placement, then the instance rows archived and purged with
// `nova-manage db archive_deleted_rows --purge`). They hold each targeted provider's free memory,
// so placement finds no candidates while the hosts' own reports (`openstack hypervisor list`)
// still show room; each resource audit logs Nova's "… has allocations against this compute host
// but is not found in the database." Written when injected, removed when cleared.

import { randomUUID } from 'node:crypto';
import { openDb } from '../db/open-db.js';
import { PLACEMENT_SCHEMA } from '../db/schema.js';
import { readConfig } from '../common/stack-config.js';
import { deleteAllocations, replaceAllocations } from '../placement/allocation-store.js';
import { capacityOf } from '../placement/capacity.js';
import { inventoriesOf, listProviders, usagesOf } from '../placement/provider-store.js';
import type { FaultName } from './fault-catalog.js';
import type { FaultStore } from './fault-store.js';

/** The stale consumers written on the hosts (all of them when `host` is null). */
export function leaveStaleAllocations(stateDir: string, host: string | null): string[] {
  const cfg = readConfig(stateDir);
  const db = openDb(cfg.placementDb, PLACEMENT_SCHEMA);
  try {
    const consumers: string[] = [];
    for (const name of host === null ? cfg.computeHosts : [host]) {
      const rp = listProviders(db, { name })[0];
      if (!rp) continue;
      const mem = inventoriesOf(db, rp.id).find((i) => i.resource_class === 'MEMORY_MB');
      if (!mem) continue;
      // Several servers' worth: one allocation never exceeds the inventory's max_unit.
      for (let free = Math.floor(capacityOf(mem) - (usagesOf(db, rp.id).MEMORY_MB ?? 0)); free > 0; free -= Math.min(free, mem.max_unit)) {
        const consumer = randomUUID();
        replaceAllocations(db, { consumer, projectId: randomUUID().replace(/-/g, ''), userId: randomUUID().replace(/-/g, ''), allocations: { [rp.uuid]: { MEMORY_MB: Math.min(free, mem.max_unit) } } }, () => undefined);
        consumers.push(consumer);
      }
    }
    return consumers;
  } finally {
    db.close();
  }
}

export function removeStaleAllocations(stateDir: string, consumers: readonly string[]): void {
  const db = openDb(readConfig(stateDir).placementDb, PLACEMENT_SCHEMA);
  try {
    for (const c of consumers) deleteAllocations(db, c);
  } finally {
    db.close();
  }
}

/** Injects the fault with the consumers it left, so that clearing it can remove them. */
export function injectPlacementDrift(store: FaultStore, stateDir: string, host: string | null): number {
  const consumers = leaveStaleAllocations(stateDir, host);
  store.inject('placement-drift', host, null, { consumers });
  return consumers.length;
}

/** Before `clear(name)`: the stale allocations of the placement-drift faults being cleared go. */
export function clearPlacementDrift(store: FaultStore, stateDir: string, name: FaultName | null): void {
  if (name !== null && name !== 'placement-drift') return;
  for (const f of store.list().filter((x) => x.name === 'placement-drift')) {
    removeStaleAllocations(stateDir, Array.isArray(f.params.consumers) ? f.params.consumers.map(String) : []);
  }
}
