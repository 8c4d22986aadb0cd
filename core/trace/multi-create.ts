// A boot request that built several instances (min_count/max_count > 1): each instance is
// analysed on its own — the controller lines that concern it (not another instance of the
// request) plus its compute lines — and the request's outcome is their sum: "4 of 5 ACTIVE,
// 1 ERROR (no-valid-host)".

import type { LogSource } from '../../parsers/log-files.js';
import { analyzeBoot, type BootAnalysis } from './boot-analysis.js';
import type { CollectedRecord } from './collect.js';
import type { Deletion } from './deleted-during-build.js';
import type { InstanceOutcome, TraceStatus } from './trace-types.js';

const UUID_G = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The records of the request that concern instance `u`. */
export function recordsOfInstance(records: readonly CollectedRecord[], u: string, all: ReadonlySet<string>): CollectedRecord[] {
  return records.filter((r) => {
    if (r.instance !== null) return r.instance === u;
    if (r.service === 'compute') return false;
    const named = r.message.match(UUID_G)?.filter((x) => all.has(x)) ?? [];
    return named.length === 0 || named.includes(u);
  });
}

export interface MultiCreate {
  outcomes: InstanceOutcome[];
  analyses: Map<string, BootAnalysis>;
  /** The instance whose stages the trace shows: the one asked for, else the first that failed, else the first. */
  primary: string;
  /** Whether `primary` is the instance the query named. */
  focused: boolean;
  status: TraceStatus;
  summary: string;
}

const RANK: Record<TraceStatus, number> = { ERROR: 0, STUCK: 1, IN_PROGRESS: 2, UNKNOWN: 3, DELETED: 4, COMPLETED: 5, ACTIVE: 6 };

export function analyzeMultiCreate(records: readonly CollectedRecord[], sources: readonly LogSource[], instances: readonly string[], focus: string | null, deletions: readonly Deletion[] = []): MultiCreate {
  const all = new Set(instances);
  const analyses = new Map<string, BootAnalysis>();
  const outcomes: InstanceOutcome[] = [];
  for (const u of instances) {
    const a = analyzeBoot(recordsOfInstance(records, u, all), sources, deletions.filter((d) => d.instance === u));
    analyses.set(u, a);
    const v = a.verdict;
    outcomes.push({
      instance: u, status: v.status, hosts: a.hosts, host: a.hosts[a.hosts.length - 1] ?? null,
      signature: a.stuck ? 'stuck' : v.signature?.id ?? null, cause: v.cause?.id ?? null, failed_stage: v.failedStage,
      exception: v.exception,
    });
  }
  const status = outcomes.reduce<TraceStatus>((acc, o) => (RANK[o.status] < RANK[acc] ? o.status : acc), 'ACTIVE');
  const counts = new Map<TraceStatus, number>();
  for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  const parts = [...counts].sort((a, b) => RANK[b[0]] - RANK[a[0]]).map(([st, n]) => {
    if (st === 'ACTIVE') return `${n} of ${outcomes.length} ACTIVE`;
    const why = [...new Set(outcomes.filter((o) => o.status === st).map((o) => o.cause ?? o.signature).filter(Boolean))];
    return `${n} ${st}${why.length ? ` (${why.join(', ')})` : ''}`;
  });
  if (!counts.has('ACTIVE')) parts.unshift(`0 of ${outcomes.length} ACTIVE`);
  const failed = outcomes.find((o) => o.status !== 'ACTIVE');
  const focused = focus !== null && all.has(focus);
  const primary = focused ? focus : failed?.instance ?? instances[0];
  return { outcomes, analyses, primary, focused, status, summary: `${outcomes.length} instances: ${parts.join(', ')}` };
}
