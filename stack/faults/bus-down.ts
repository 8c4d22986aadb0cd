// The bus-down fault: the message bus between the conductor and the scheduler stops delivering.
// The caller's transport keeps the message and reconnects, logging each failed attempt as
// oslo.messaging does ("… is unreachable … Trying again in N seconds."), until the call's
// rpc_response_timeout ends it with MessagingTimeout. Read at most twice a second.

import type { FaultStore } from './fault-store.js';

/** The topic whose bus goes down: select_destinations never reaches the scheduler. */
export const BUS_DOWN_TOPIC = 'scheduler';
const REFRESH_MS = 500;

export function busDown(faults: FaultStore): (topic: string) => boolean {
  let down = false;
  let checked = 0;
  return (topic) => {
    if (topic !== BUS_DOWN_TOPIC) return false;
    const t = Date.now();
    if (t - checked > REFRESH_MS) {
      checked = t;
      down = faults.peek('bus-down', null) !== null;
    }
    return down;
  };
}
