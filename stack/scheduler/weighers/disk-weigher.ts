// DiskWeigher: more free disk weighs more.
import type { HostWeigher } from './host-weigher.js';

export const DiskWeigher: HostWeigher = {
  name: 'DiskWeigher', minval: 0, maxval: null, multiplier: 1.0,
  weigh: (h) => h.freeDiskMb,
};
