// The compute host of records whose file does not name it (one flat directory, an all-in-one,
// a CI run): from the lines themselves. Compute names its node ("Attempting claim on node X",
// "Claim successful on node X", "Compute_service record updated for X:Y", "Final resource view:
// name=X"); failing that, the scheduler's choice names it ("Selected host: (X, Y)", "Choosing
// host WeighedHost [host: (X, Y) …]") when exactly one unnamed compute log and one unclaimed
// chosen host are left. Records of rotations of one file share what is found.

import path from 'node:path';
import type { LogSource } from '../../parsers/log-files.js';
import type { CollectedRecord } from './collect.js';

const NODE_LINES: readonly RegExp[] = [
  /^(?:Attempting claim|Claim successful) on node ([^\s:]+)/,
  /^Compute_service record updated for ([^\s:(]+):/,
  /^Compute_service record updated for \('([^']+)'/,
  /^Auditing locally available compute resources for (?:node )?(\S+)/,
  /^Final resource view: name=(\S+)/,
];
const CHOSEN_HOST: readonly RegExp[] = [
  /^Selected host: (?:WeighedHost \[host: )?\(?([^,)\s;]+)/,
  /^Choosing host \[?WeighedHost \[host: \(?([^,)\s]+)/,
  /^Selected host: ([^\s;,]+); Selected node/,
  /^Error from last host: ([^\s(]+)/,
];

function firstMatch(res: readonly RegExp[], text: string): string | null {
  for (const re of res) {
    const m = re.exec(text);
    if (m) return m[1];
  }
  return null;
}

/** Hosts the scheduler or conductor chose, in order. */
export function chosenHosts(records: readonly CollectedRecord[]): string[] {
  const out: string[] = [];
  for (const r of records) {
    if (r.service !== 'scheduler' && r.service !== 'conductor') continue;
    const h = firstMatch(CHOSEN_HOST, r.message);
    if (h && !out.includes(h)) out.push(h);
  }
  return out;
}

/** Fills `host` of compute records whose source names none; returns the hosts it found, by origin. */
export function inferComputeHosts(records: CollectedRecord[], sources: readonly LogSource[]): Map<string, string> {
  // A line may name its own program (a file of several services' lines, as `grep -H` writes them).
  const origin = (r: CollectedRecord) => `${path.dirname(sources[r.source].rel)}\u0000${(r.program ?? sources[r.source].program).replace(/\.\d+$/, '')}`;
  const unnamed = records.filter((r) => r.service === 'compute' && r.host === null);
  if (unnamed.length === 0) return new Map();
  const found = new Map<string, string>();
  for (const r of unnamed) {
    const o = origin(r);
    if (found.has(o)) continue;
    const node = firstMatch(NODE_LINES, r.message);
    if (node) found.set(o, node);
  }
  // The one node the resource tracker names in the file's head: the host of its compute lines.
  for (const r of unnamed) {
    const node = sources[r.source].node;
    if (node && !found.has(origin(r))) found.set(origin(r), node);
  }
  const origins = new Set(unnamed.map(origin));
  const left = [...origins].filter((o) => !found.has(o));
  if (left.length === 1) {
    const named = new Set([...records.filter((r) => r.service === 'compute' && r.host).map((r) => r.host!), ...found.values()]);
    const chosen = chosenHosts(records).filter((h) => ![...named].some((n) => n === h || n.startsWith(`${h}.`) || h.startsWith(`${n}.`)));
    if (chosen.length === 1) found.set(left[0], chosen[0]);
  }
  for (const r of unnamed) r.host = found.get(origin(r)) ?? null;
  return found;
}

/** Hosts the scheduler chose whose compute log is not among the files (their silence proves nothing). */
export function chosenWithoutLogs(records: readonly CollectedRecord[], sources: readonly LogSource[]): string[] {
  const seen = new Set(records.filter((r) => r.service === 'compute' && r.host).map((r) => r.host!));
  const named = new Set(sources.filter((s) => s.service === 'compute' && s.host).map((s) => s.host!));
  if (named.size === 0) return [];
  const same = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
  return chosenHosts(records).filter((h) => ![...seen, ...named].some((x) => same(x, h)));
}
