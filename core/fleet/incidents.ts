// Failed and stuck boots grouped by cause and host, ranked by count: the first view of an
// on-call operator ("9 × vif-plug-timeout on cmp3 since 14:02").

import type { BootOutcome } from './boot-traces.js';

export interface IncidentGroup {
  cause: string;
  /** The compute host the boots failed on; null when they failed before reaching one (scheduling, API). */
  host: string | null;
  count: number;
  statuses: Record<string, number>;
  first: string;
  last: string;
  failed_stage: string | null;
  probable_cause: string | null;
  next_check: string | null;
  /** Up to three request ids, the latest first. */
  examples: string[];
}

export function logTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) : '?';
}

export function isFailure(o: BootOutcome): boolean {
  return o.status === 'ERROR' || o.status === 'STUCK';
}

export function groupIncidents(outcomes: readonly BootOutcome[]): IncidentGroup[] {
  const groups = new Map<string, { g: IncidentGroup; firstMs: number; lastMs: number; ids: { id: string; ts: number }[] }>();
  for (const o of outcomes) {
    if (!isFailure(o)) continue;
    const cause = o.cause ?? 'unknown';
    const key = `${cause}\0${o.host ?? ''}`;
    let e = groups.get(key);
    if (!e) {
      e = { g: { cause, host: o.host, count: 0, statuses: {}, first: '', last: '', failed_stage: o.failed_stage, probable_cause: o.probable_cause, next_check: o.next_check, examples: [] }, firstMs: Infinity, lastMs: -Infinity, ids: [] };
      groups.set(key, e);
    }
    e.g.count++;
    e.g.statuses[o.status] = (e.g.statuses[o.status] ?? 0) + 1;
    e.firstMs = Math.min(e.firstMs, o.ts);
    e.lastMs = Math.max(e.lastMs, o.ts);
    e.ids.push({ id: o.request_id, ts: o.ts });
  }
  return [...groups.values()].map(({ g, firstMs, lastMs, ids }) => ({
    ...g, first: logTime(firstMs), last: logTime(lastMs), examples: ids.sort((a, b) => b.ts - a.ts).slice(0, 3).map((x) => x.id),
  })).sort((a, b) => b.count - a.count || (a.cause < b.cause ? -1 : 1));
}

/** `nova-trace incidents --json`, also what the live view's incidents pane reads. */
export interface IncidentsReport {
  schema: 'nova-trace-incidents/v1';
  window: { from: string; to: string; newest_log_line: string | null; since_ms: number | null };
  boots: number;
  failed_or_stuck: number;
  incidents: IncidentGroup[];
  /** Set while a hands-on lab reads these logs: causes, probable causes and next checks are left out. */
  withheld?: { lab: string; note: string };
}
