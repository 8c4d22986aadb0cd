// Boot latency over a window: per stage, per compute host and per hour — count, p50/p95/p99,
// max and failure rate — the slowest boots, and the median boot time over the window for a chart.

import type { BootOutcome } from './boot-traces.js';
import { isFailure, logTime } from './incidents.js';

export interface Distribution { count: number; p50: number | null; p95: number | null; p99: number | null; max: number | null; failed: number; failure_rate: number }

export interface BootStats {
  boots: number;
  by_stage: Record<string, Distribution>;
  by_host: Record<string, Distribution>;
  by_hour: Record<string, Distribution>;
  slowest: { request_id: string; duration_ms: number; host: string | null; status: string; at: string }[];
  /** Median boot time per equal slice of the window, oldest first (null: no boot in the slice). */
  timeline: { from: string; to: string; slice_ms: number; median_ms: (number | null)[] };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function distribution(durations: number[], count: number, failed: number): Distribution {
  const s = durations.sort((a, b) => a - b);
  return { count, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.length ? s[s.length - 1] : null, failed, failure_rate: count ? failed / count : 0 };
}

class Acc {
  private readonly m = new Map<string, { d: number[]; n: number; f: number }>();
  add(key: string, duration: number | null, failed: boolean): void {
    const e = this.m.get(key) ?? this.m.set(key, { d: [], n: 0, f: 0 }).get(key)!;
    e.n++;
    if (failed) e.f++;
    if (duration !== null && Number.isFinite(duration)) e.d.push(duration);
  }
  result(order?: (a: string, b: string) => number): Record<string, Distribution> {
    const keys = [...this.m.keys()].sort(order);
    return Object.fromEntries(keys.map((k) => { const e = this.m.get(k)!; return [k, distribution(e.d, e.n, e.f)]; }));
  }
}

export function bootStats(outcomes: readonly BootOutcome[], slices = 48, stageOrder: readonly string[] = []): BootStats {
  const stage = new Acc(), host = new Acc(), hour = new Acc();
  for (const o of outcomes) {
    const failed = isFailure(o);
    for (const s of o.stages) {
      if (s.status === 'not_reached' || s.status === 'not_logged') continue;
      stage.add(s.stage, s.duration_ms, s.status === 'failed' || s.status === 'aborted' || s.status === 'stalled');
    }
    host.add(o.host ?? '(no compute host)', o.duration_ms, failed);
    hour.add(`${logTime(o.ts).slice(0, 13)}:00`, o.duration_ms, failed);
  }
  const rank = (s: string) => { const i = stageOrder.indexOf(s); return i < 0 ? stageOrder.length : i; };
  const withTime = outcomes.filter((o) => Number.isFinite(o.ts));
  const t0 = Math.min(...withTime.map((o) => o.ts)), t1 = Math.max(...withTime.map((o) => o.ts));
  const sliceMs = withTime.length ? Math.max(1, Math.ceil((t1 - t0 + 1) / slices)) : 0;
  const buckets: number[][] = Array.from({ length: withTime.length ? slices : 0 }, () => []);
  for (const o of withTime) if (o.duration_ms !== null) buckets[Math.min(slices - 1, Math.floor((o.ts - t0) / sliceMs))].push(o.duration_ms);
  return {
    boots: outcomes.length,
    by_stage: stage.result((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1)),
    by_host: host.result(),
    by_hour: hour.result(),
    slowest: outcomes.filter((o) => o.duration_ms !== null).sort((a, b) => b.duration_ms! - a.duration_ms!).slice(0, 5)
      .map((o) => ({ request_id: o.request_id, duration_ms: o.duration_ms!, host: o.host, status: o.status, at: logTime(o.ts) })),
    timeline: { from: withTime.length ? logTime(t0) : '', to: withTime.length ? logTime(t1) : '', slice_ms: sliceMs, median_ms: buckets.map((b) => percentile(b.sort((x, y) => x - y), 50)) },
  };
}

const SPARK = '▁▂▃▄▅▆▇█';

/** One character per value, scaled to the largest; a gap for null. */
export function sparkline(values: readonly (number | null)[]): string {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null));
  return values.map((v) => (v === null ? ' ' : SPARK[max > 0 ? Math.min(7, Math.floor((v / max) * 7.999)) : 0])).join('');
}
