// `nova-stack discover-hosts [--verbose]`: what `nova-manage cell_v2 discover_hosts` does —
// every compute node not yet mapped to a cell gets its host mapping in cell1. A host is unmapped
// while the cell-unmapped fault names it (or every host); discovery maps it, which ends the fault.
// The lines are nova-manage's own (printed with --verbose only, as nova-manage does).

import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE, readConfig } from '../common/stack-config.js';
import { openDb } from '../db/open-db.js';
import { NOVA_SCHEMA } from '../db/schema.js';
import { FaultStore } from '../faults/fault-store.js';

/** The stack's one real cell, as devstack names it. */
export const CELL1 = { name: 'cell1', uuid: '1a2b3c4d-0000-4000-8000-00000000ce11' };

export function runDiscoverHosts(stateDir: string, verbose: boolean, say: (s: string) => void): number {
  if (!fs.existsSync(path.join(stateDir, CONFIG_FILE))) {
    process.stderr.write(`nova-stack: no stack in ${stateDir} (nova-stack up first, or --state-dir DIR)\n`);
    return 2;
  }
  const cfg = readConfig(stateDir);
  const status = verbose ? say : () => undefined;
  const faults = new FaultStore(stateDir);
  const db = openDb(cfg.db, NOVA_SCHEMA);
  try {
    const nodes = db.prepare('SELECT host, uuid FROM compute_nodes ORDER BY host').all() as { host: string; uuid: string }[];
    const unmapped = nodes.filter((n) => faults.peek('cell-unmapped', n.host) !== null);
    status('Found 2 cell mappings.');
    status('Skipping cell0 since it does not contain hosts.');
    status(`Getting computes from cell '${CELL1.name}': ${CELL1.uuid}`);
    for (const n of unmapped) {
      status(`Checking host mapping for compute host '${n.host}': ${n.uuid}`);
      status(`Creating host mapping for compute host '${n.host}': ${n.uuid}`);
    }
    if (unmapped.length > 0) faults.clear('cell-unmapped');
    status(`Found ${unmapped.length} unmapped computes in cell: ${CELL1.uuid}`);
    return 0;
  } finally {
    db.close();
    faults.close();
  }
}
