// `nova-stack fault list | inject NAME | clear [NAME]`: the stack's fault store, through the
// command line. inject refuses (exit 2) what the stack cannot do, instead of storing a fault no
// service will ever read.

import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE, readConfig } from '../common/stack-config.js';
import { FAULT_SCOPES, injectionProblem } from '../faults/fault-scope.js';
import { FaultStore, type Fault } from '../faults/fault-store.js';
import { clearPlacementDrift, injectPlacementDrift } from '../faults/placement-drift.js';
import type { StackArgs } from './stack-args.js';

const out = (s: string) => process.stdout.write(s + '\n');
const where = (f: Pick<Fault, 'name' | 'host'>) => (f.host !== '*' ? f.host : FAULT_SCOPES[f.name].perHost ? 'every host' : 'whole stack');

function listLines(faults: Fault[]): string[] {
  if (faults.length === 0) return ['no faults injected'];
  const rows = faults.map((f) => [f.name, where(f), f.remaining === null ? 'until cleared' : `${f.remaining} more use(s)`,
    [f.params.seconds === undefined ? '' : `${String(f.params.seconds)} s`, f.params.mode === undefined ? '' : `mode ${String(f.params.mode)}`].filter(Boolean).join(', ')]);
  const widths = [22, 12, 16];
  return [['fault', 'host', 'lasts', 'params'], ...rows].map((r) => r.map((c, i) => (i < widths.length ? c.padEnd(widths[i]) : c)).join(' ').trimEnd());
}

export function runFaultCommand(a: StackArgs): number {
  if (!fs.existsSync(path.join(a.stateDir, CONFIG_FILE))) {
    process.stderr.write(`nova-stack: no stack in ${a.stateDir} (nova-stack up first, or --state-dir DIR)\n`);
    return 2;
  }
  if (a.faultVerb === 'inject' && a.faultName !== null) {
    const problem = injectionProblem({ name: a.faultName, host: a.faultHost, count: a.faultCount, seconds: a.faultSeconds, mode: a.faultMode }, readConfig(a.stateDir).computeHosts);
    if (problem !== null) {
      process.stderr.write(`nova-stack: cannot inject ${a.faultName}: ${problem}\n`);
      return 2;
    }
  }
  const store = new FaultStore(a.stateDir);
  try {
    switch (a.faultVerb) {
      case 'inject': {
        const name = a.faultName!;
        if (name === 'placement-drift') injectPlacementDrift(store, a.stateDir, a.faultHost);
        else store.inject(name, a.faultHost, a.faultCount, { ...(a.faultSeconds === null ? {} : { seconds: a.faultSeconds }), ...(a.faultMode === null ? {} : { mode: a.faultMode }) });
        out(`injected ${name} on ${a.faultHost ?? (FAULT_SCOPES[name].perHost ? 'every host' : 'the whole stack')}${a.faultCount ? ` for the next ${a.faultCount} use(s)` : ' until cleared'}`);
        return 0;
      }
      case 'clear':
        clearPlacementDrift(store, a.stateDir, a.faultName);
        out(`cleared ${store.clear(a.faultName)} fault(s)`);
        return 0;
      case 'list':
        for (const line of listLines(store.list())) out(line);
        return 0;
    }
  } finally {
    store.close();
  }
}
