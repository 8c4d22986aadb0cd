// Compute hosts that could not register their resource provider in placement. A host renamed
// (or reinstalled) gets a new compute node record; its report client then asks placement for a
// provider under the old name and is refused (nova/scheduler/client/report.py): "Failed to create
// resource provider record in placement API for UUID … Got 409: … Conflicting resource provider
// name: <name> already exists." Such a host has no provider: placement never offers it.

import type { LogSource } from '../../parsers/log-files.js';
import { findText } from '../search/text-scan.js';

/** Compute start-up can be long before the boot: how far back its registration is looked for. */
const LOOKBACK_MS = 24 * 3600_000;
const REFUSED = /^(?:\[[^\]]*\] )?Failed to create resource provider record in placement API for UUID (\S+)\. Got 409: .*Conflicting resource provider name: (\S+) already exists/s;

/** "<host>: provider name <name> taken (new compute node <uuid>)", for each host refused before `before`. */
export function unregisteredProviders(sources: readonly LogSource[], before: number): string[] {
  const compute = sources.map((s, i) => [s, i] as const).filter(([s]) => s.service === 'compute' || !['api', 'scheduler', 'conductor', 'placement'].includes(s.service)).map(([, i]) => i);
  const out = new Map<string, string>();
  for (const { source, rec } of findText(sources, compute, 'Conflicting resource provider name', before - LOOKBACK_MS, before)) {
    const m = REFUSED.exec(rec.message);
    if (!m) continue;
    const host = rec.host ?? sources[source].host ?? m[2];
    out.set(host, `${host}: the name ${m[2]} is taken by another provider (its new compute node ${m[1]} has none)`);
  }
  return [...out.values()];
}
