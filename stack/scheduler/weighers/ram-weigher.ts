// RAMWeigher: more free RAM weighs more, so instances spread across hosts.
import type { HostWeigher } from './host-weigher.js';

export const RAMWeigher: HostWeigher = {
  name: 'RAMWeigher', minval: 0, maxval: null, multiplier: 1.0,
  weigh: (h) => h.freeRamMb,
};
