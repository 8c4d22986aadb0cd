// The no-index search for one request id, in time order of what Nova does: nothing of a
// request is logged before the API received it, and a boot's lines end soon after its build
// ends. So the api logs are searched first; the other files then only from the API's first
// line less a clock slack up to a horizon; the rest of them only if the boot had not ended
// by then (collect.ts decides, from what was found). A lone api log, no api log, or an id
// the API never logged: every file is searched whole.

import type { LogSource } from '../../parsers/log-files.js';
import type { ScanHit } from '../search/scan-types.js';
import { timeWindows } from '../search/time-windows.js';
import type { RecordSource } from './record-source.js';

/** How far another host's clock may run behind (or ahead of) the API's. */
export const CAUSAL_SLACK_MS = 600_000;
/** How long after the API received it a boot is first looked for on the other services. */
export const HORIZON_MS = 20 * 60_000;

export interface RequestSearch {
  hits: ScanHit[];
  /** Up to when every file has been searched (the API's clock); Infinity when all of them whole. */
  horizon: number;
  /** Searches what is left (the files past the horizon); null when nothing is. */
  rest: (() => Promise<ScanHit[]>) | null;
}

export async function searchRequest(sources: readonly LogSource[], id: string, pool: RecordSource, fullScan: boolean): Promise<RequestSearch> {
  const needles = { requestNeedles: [id], instanceNeedles: [] };
  const api = new Set<number>();
  const others = new Set<number>();
  sources.forEach((s, i) => (s.service === 'api' ? api : others).add(i));
  const whole = async (): Promise<RequestSearch> => ({ hits: await pool.scan(sources, needles), horizon: Infinity, rest: null });
  if (fullScan || pool.wholeFilesCheap || api.size === 0 || others.size === 0) return whole();
  const apiHits = await pool.scan(sources, { ...needles, only: api });
  const times = apiHits.filter((h) => h.kind === 'record' && !Number.isNaN(h.ts)).map((h) => h.ts);
  if (times.length === 0) return { hits: apiHits.concat(await pool.scan(sources, { ...needles, only: others })), horizon: Infinity, rest: null };
  const first = Math.min(...times);
  const horizon = first + HORIZON_MS;
  const windows = timeWindows(sources, others, first - CAUSAL_SLACK_MS, horizon + CAUSAL_SLACK_MS);
  const hits = apiHits.concat(await pool.scan(sources, { ...needles, only: others, windows }));
  const tails = new Map<number, [number, number]>();
  for (const [i, [, end]] of windows) if (end < sources[i].size) tails.set(i, [end, sources[i].size]);
  const rest = tails.size ? () => pool.scan(sources, { ...needles, only: new Set(tails.keys()), windows: tails }) : null;
  return { hits, horizon, rest };
}
