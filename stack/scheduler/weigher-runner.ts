// Weighs the filtered hosts (Nova's get_weighed_objects): each weigher's scores are
// normalised to 0..1 over the list, multiplied and summed; the list is sorted best first,
// ties keeping their order. Logs the result as Nova's filter scheduler does.

import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import type { ServerGroupInfo } from './filters/host-filter.js';
import { hostStateRepr, type HostState } from './host-state.js';
import { pyFloat } from './py-repr.js';
import type { HostWeigher } from './weighers/host-weigher.js';

export interface WeighedHost {
  host: HostState;
  weight: number;
}

/** Scales values into 0..1 between the bounds; all-equal values become 0. */
export function normalize(values: readonly number[], minval: number | null, maxval: number | null): number[] {
  if (values.length === 0) return [];
  const max = maxval ?? Math.max(...values);
  const min = minval ?? Math.min(...values);
  if (min === max) return values.map(() => 0);
  return values.map((v) => (v - min) / (max - min));
}

export function weighHosts(weighers: readonly HostWeigher[], hosts: readonly HostState[], group: ServerGroupInfo | null = null): WeighedHost[] {
  const weighed = hosts.map((host) => ({ host, weight: 0 }));
  // With one host there is nothing to compare; Nova leaves its weight at 0.0.
  if (weighed.length <= 1) return weighed;
  for (const w of weighers) {
    const scores = normalize(weighed.map((x) => w.weigh(x.host, group)), w.minval, w.maxval);
    scores.forEach((s, i) => { weighed[i].weight += w.multiplier * s; });
  }
  // Array.prototype.sort is stable, as Python's sorted() is.
  return weighed.sort((a, b) => b.weight - a.weight);
}

export const weighedHostRepr = (w: WeighedHost) => `WeighedHost [host: ${hostStateRepr(w.host)}, weight: ${pyFloat(w.weight)}]`;

/** `where`: the logger and file of _get_sorted_hosts (filter_scheduler before Xena, manager after). */
export function weighAndLog(weighers: readonly HostWeigher[], hosts: readonly HostState[], log: OsloLogger, ctx: RequestContext,
  where: { logger: string; file: string; line: number } = { logger: 'nova.scheduler.filter_scheduler', file: 'scheduler/filter_scheduler.py', line: 424 },
  group: ServerGroupInfo | null = null): WeighedHost[] {
  const weighed = weighHosts(weighers, hosts, group);
  log.child(where.logger).debug(ctx, null, `Weighed [${weighed.map(weighedHostRepr).join(', ')}]`,
    { func: '_get_sorted_hosts', file: where.file, line: where.line });
  return weighed;
}
