// The clock-skew fault: a host whose log clock runs ahead (or behind) by the fault's
// `seconds`. Read from the fault store at most twice a second, not per log line.
import type { LogClock } from '../common/oslo-logger.js';
import type { FaultStore } from './fault-store.js';

const REFRESH_MS = 500;
export const DEFAULT_SKEW_SECONDS = 8;

export function skewedClock(faults: FaultStore, host: string): LogClock {
  let offset = 0;
  let checked = 0;
  return {
    now() {
      const t = Date.now();
      if (t - checked > REFRESH_MS) {
        checked = t;
        const f = faults.peek('clock-skew', host);
        offset = f ? Number(f.params.seconds ?? DEFAULT_SKEW_SECONDS) * 1000 : 0;
      }
      return t + offset;
    },
  };
}
