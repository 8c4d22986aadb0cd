// ServerGroupSoftAffinityWeigher and ServerGroupSoftAntiAffinityWeigher (the soft-* server group
// policies): the number of the group's members already on the host, counted for soft-affinity
// and against for soft-anti-affinity; 0 for a request of another policy or without a group.
// Both multipliers default to 1.0 ([filter_scheduler] soft_(anti_)affinity_weight_multiplier).

import type { ServerGroupInfo } from '../filters/host-filter.js';
import type { HostState } from '../host-state.js';
import type { HostWeigher } from './host-weigher.js';

function membersOnHost(policy: string, host: HostState, group: ServerGroupInfo | null | undefined): number {
  if (!group || group.policy !== policy) return 0;
  return group.members.filter((m) => host.instances.has(m)).length;
}

export const ServerGroupSoftAffinityWeigher: HostWeigher = {
  name: 'ServerGroupSoftAffinityWeigher', minval: null, maxval: null, multiplier: 1.0,
  weigh: (h, group) => membersOnHost('soft-affinity', h, group),
};

export const ServerGroupSoftAntiAffinityWeigher: HostWeigher = {
  name: 'ServerGroupSoftAntiAffinityWeigher', minval: null, maxval: null, multiplier: 1.0,
  weigh: (h, group) => -membersOnHost('soft-anti-affinity', h, group),
};
