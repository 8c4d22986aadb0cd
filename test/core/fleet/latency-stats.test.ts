// Boot statistics: nearest-rank percentiles, failure rates per stage, host and hour, the
// slowest boots, the timeline and its sparkline; and the commands' arguments.
import { describe, expect, it } from 'vitest';
import type { BootOutcome } from '../../../core/fleet/boot-traces.js';
import { bootStats, sparkline } from '../../../core/fleet/latency-stats.js';
import { parseFleetArgs } from '../../../core/cli/fleet-args.js';
import { UsageError } from '../../../core/cli/args.js';

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
function boot(i: number, ms: number, host: string, failed = false): BootOutcome {
  return {
    request_id: `req-${i}`, ts: T0 + i * 60_000, http_status: 202, status: failed ? 'ERROR' : 'ACTIVE', cause: failed ? 'x' : null, signature: null,
    failed_stage: failed ? 'compute.spawn' : null, host, duration_ms: ms, probable_cause: null, next_check: null,
    stages: [{ stage: 'compute.spawn', status: failed ? 'failed' : 'ok', duration_ms: ms / 2, host, attempt: 1 }],
  };
}

describe('boot stats', () => {
  const outcomes = Array.from({ length: 100 }, (_, i) => boot(i, (i + 1) * 100, i % 2 ? 'cmp1' : 'cmp2', i % 10 === 0));
  const s = bootStats(outcomes, 10);

  it('gives nearest-rank percentiles and failure rates', () => {
    expect(s.boots).toBe(100);
    expect(s.by_stage['compute.spawn']).toEqual({ count: 100, p50: 2500, p95: 4750, p99: 4950, max: 5000, failed: 10, failure_rate: 0.1 });
    expect(s.by_host.cmp2.count).toBe(50);
    expect(s.by_host.cmp2.failure_rate).toBe(0.2);
    expect(s.by_host.cmp1.failure_rate).toBe(0);
    expect(Object.keys(s.by_hour)).toEqual(['2026-11-23 10:00', '2026-11-23 11:00']);
    expect(s.by_hour['2026-11-23 10:00'].count).toBe(60);
  });

  it('lists the slowest boots and the median over time', () => {
    expect(s.slowest.map((b) => b.request_id)).toEqual(['req-99', 'req-98', 'req-97', 'req-96', 'req-95']);
    expect(s.timeline.median_ms).toHaveLength(10);
    expect(s.timeline.median_ms[0]).toBeLessThan(s.timeline.median_ms[9]!);
    expect(sparkline([0, 50, 100, null])).toBe('▁▄█ ');
  });
});

describe('index/incidents/stats arguments', () => {
  it('reads windows, groupings and refuses what does not fit', () => {
    const a = parseFleetArgs(['incidents', '--since', '90m', '--log-dir', '/x'], {});
    expect(a).toMatchObject({ command: 'incidents', sinceMs: 5_400_000, paths: ['/x'] });
    expect(parseFleetArgs(['incidents', '--from', '2026-11-23 10:00', '--to', '2026-11-23 11:00:30'], {})).toMatchObject({ from: T0, to: T0 + 3_630_000 });
    expect(parseFleetArgs(['stats', '--by', 'host'], { XDG_CACHE_HOME: '/c' })).toMatchObject({ by: 'host', index: '/c/nova-trace/index.sqlite' });
    expect(() => parseFleetArgs(['incidents', '--since', '1 hour'], {})).toThrow(UsageError);
    expect(() => parseFleetArgs(['incidents', '--since', '1h', '--from', '2026-11-23 10:00'], {})).toThrow(/exclude/);
    expect(() => parseFleetArgs(['index', '--by', 'host'], {})).toThrow(/not an option of index/);
    expect(() => parseFleetArgs(['stats', 'extra'], {})).toThrow(/unexpected argument/);
  });
});
