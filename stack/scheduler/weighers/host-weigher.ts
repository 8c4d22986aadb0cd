// The contract of a weigher: a raw score per host (higher wins), the bounds used to
// normalise it to 0..1 (null = the list's own min/max), and its multiplier.

import type { ServerGroupInfo } from '../filters/host-filter.js';
import type { HostState } from '../host-state.js';

export interface HostWeigher {
  readonly name: string;
  readonly minval: number | null;
  readonly maxval: number | null;
  readonly multiplier: number;
  /** `group`: the request's server group (the soft-affinity weighers read it). */
  weigh(host: HostState, group?: ServerGroupInfo | null): number;
}
