// CPUWeigher: more free vCPUs (after the allocation ratio) weigh more.
import type { HostWeigher } from './host-weigher.js';

export const CPUWeigher: HostWeigher = {
  name: 'CPUWeigher', minval: 0, maxval: null, multiplier: 1.0,
  weigh: (h) => h.vcpusTotal * h.cpuAllocationRatio - h.vcpusUsed,
};
