// Causal pairs between a compute host and the controllers, each a bound on the host's clock
// offset (host clock − controller clock). A controller line that causes a compute line gives
// an upper bound (the compute line cannot really come first): the conductor's cast or the
// scheduler's choice → the host's first line of the request; the API's "Creating event X for
// instance U" → the host's "Received event X". A compute line that causes a controller line
// gives a lower bound: the host's failure → the conductor's "Error from last host: H" and the
// next scheduling pass's choice; the host's "Creating image" for an instance → the API's
// "Creating event network-vif-plugged…" for it (neutron reports the port plugged only once the
// host has started building the guest). Neutron's answer to the port update and the host's
// "Successfully updated port" are milliseconds apart: an estimate (from above).

import type { CollectedRecord } from './collect.js';

export interface Bound {
  ms: number;
  evidence: string;
}

export interface HostBounds {
  host: string;
  lower: Bound | null;
  upper: Bound | null;
  estimate: Bound | null;
}

const CAST = /^Casting build_and_run_instance|^Sending build_and_run_instance/;
const CHOICE = /^Selected host: (?:WeighedHost \[host: )?\(?([^,)\s;]+)|^Choosing host \[?WeighedHost \[host: \(?([^,)\s]+)/;
const LAST_HOST = /^Error from last host: ([^\s(]+)/;
const API_EVENT = /^Creat(?:e|ing) event ([\w-]+):([0-9a-f-]{36}) for instance ([0-9a-f-]{8,36})/;
const RECEIVED = /^Received event ([\w-]+?)-([0-9a-f-]{36})\b/;
const PORT_UPDATED = /^Successfully updated port: (\S+)/;
const PORT_PUT = /"PUT \/v2\.0\/ports\/([0-9a-f-]{36}) HTTP\/[\d.]+" status: 2\d\d/;

const sameHost = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
const quote = (r: CollectedRecord) => `"${r.message.slice(0, 60)}${r.message.length > 60 ? '…' : ''}"`;

function tighter(cur: Bound | null, ms: number, evidence: () => string, lower: boolean): Bound | null {
  if (Number.isNaN(ms)) return cur;
  if (cur && (lower ? cur.ms >= ms : cur.ms <= ms)) return cur;
  return { ms, evidence: evidence() };
}

export function hostBounds(records: readonly CollectedRecord[]): HostBounds[] {
  const controller = records.filter((r) => r.service !== 'compute' && !Number.isNaN(r.ts)).sort((a, b) => a.ts - b.ts);
  const byHost = new Map<string, CollectedRecord[]>();
  for (const r of records) if (r.service === 'compute' && r.host && !Number.isNaN(r.ts)) (byHost.get(r.host) ?? byHost.set(r.host, []).get(r.host)!).push(r);
  const choices = controller.filter((r) => (r.service === 'scheduler' || r.service === 'conductor') && CHOICE.test(r.message))
    .map((r) => { const m = CHOICE.exec(r.message)!; return { rec: r, host: m[1] ?? m[2] }; });
  const casts = controller.filter((r) => r.service === 'conductor' && CAST.test(r.message));
  const out: HostBounds[] = [];
  for (const [host, mine] of byHost) {
    mine.sort((a, b) => a.ts - b.ts);
    const b: HostBounds = { host, lower: null, upper: null, estimate: null };
    const first = mine.find((r) => r.joinedBy === 'request_id');
    // Upper: what made the host act came first.
    const cause = choices.find((c) => sameHost(c.host, host))?.rec ?? casts[0];
    if (first && cause) b.upper = tighter(b.upper, first.ts - cause.ts, () => `${host} logged ${quote(first)} at ${first.tsText}, after ${cause.service} logged ${quote(cause)} at ${cause.tsText}`, false);
    for (const r of mine) {
      const m = RECEIVED.exec(r.message);
      if (!m) continue;
      const ev = controller.find((c) => c.service === 'api' && API_EVENT.exec(c.message)?.[1] === m[1] && API_EVENT.exec(c.message)?.[2] === m[2]);
      if (ev) b.upper = tighter(b.upper, r.ts - ev.ts, () => `${host} received ${m[1]} at ${r.tsText}; the API created it at ${ev.tsText}`, false);
    }
    // Lower: the host's failure made the controllers reschedule.
    const errors = mine.filter((r) => r.level === 'ERROR' || r.level === 'CRITICAL');
    if (errors.length) {
      const ownChoice = choices.findIndex((c) => sameHost(c.host, host));
      const reactions = controller.filter((r) => LAST_HOST.exec(r.message) && sameHost(LAST_HOST.exec(r.message)![1], host));
      const next = ownChoice >= 0 ? choices.slice(ownChoice + 1).find((c) => !sameHost(c.host, host))?.rec : undefined;
      if (next) reactions.push(next);
      const failure = errors[0];
      for (const c of reactions) {
        if (c.ts < (ownChoice >= 0 ? choices[ownChoice].rec.ts : -Infinity)) continue;
        b.lower = tighter(b.lower, failure.ts - c.ts, () => `${host} logged its failure ${quote(failure)} at ${failure.tsText}, yet ${c.service} reacted to it (${quote(c)}) at ${c.tsText}`, true);
      }
    }
    // Lower: building the guest came before neutron reported its port plugged.
    for (const r of mine) {
      if (!r.message.startsWith('Creating image') || !r.instance) continue;
      const ev = controller.find((c) => c.service === 'api' && API_EVENT.exec(c.message)?.[1] === 'network-vif-plugged' && r.instance!.startsWith(API_EVENT.exec(c.message)![3]) && mine.some((x) => RECEIVED.exec(x.message)?.[1] === 'network-vif-plugged'));
      if (ev) b.lower = tighter(b.lower, r.ts - ev.ts, () => `${host} logged "Creating image" at ${r.tsText}, yet the API created network-vif-plugged for the instance at ${ev.tsText}`, true);
    }
    // Estimate: neutron's answer to the port update.
    for (const r of mine) {
      const m = PORT_UPDATED.exec(r.message);
      const put = m ? controller.find((c) => PORT_PUT.exec(c.message)?.[1] === m[1]) : undefined;
      if (put && !b.estimate) b.estimate = { ms: r.ts - put.ts, evidence: `neutron answered PUT /v2.0/ports/${m![1]} at ${put.tsText}; ${host} logged it at ${r.tsText}` };
    }
    out.push(b);
  }
  return out;
}
