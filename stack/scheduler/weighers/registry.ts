// Every weigher the scheduler knows, by class name (cfg.scheduler.weighers);
// `all_weighers` (Nova's default, nova.scheduler.weights.all_weighers) enables all of them.

import { CPUWeigher } from './cpu-weigher.js';
import { DiskWeigher } from './disk-weigher.js';
import type { HostWeigher } from './host-weigher.js';
import { RAMWeigher } from './ram-weigher.js';
import { ServerGroupSoftAffinityWeigher, ServerGroupSoftAntiAffinityWeigher } from './soft-affinity-weigher.js';

export const WEIGHERS: readonly HostWeigher[] = [RAMWeigher, CPUWeigher, DiskWeigher, ServerGroupSoftAffinityWeigher, ServerGroupSoftAntiAffinityWeigher];

const BY_NAME = new Map(WEIGHERS.map((w) => [w.name, w]));
const ALL = new Set(['all_weighers', 'nova.scheduler.weights.all_weighers']);

export function weighersByName(names: readonly string[]): HostWeigher[] {
  if (names.some((n) => ALL.has(n))) return [...WEIGHERS];
  return names.map((n) => {
    const w = BY_NAME.get(n.split('.').pop()!);
    if (!w) throw new Error(`Scheduler weigher ${n} could not be found.`);
    return w;
  });
}
