// The one-line summary of a trace: where a boot went ACTIVE, how it failed, or what another
// operation did.

import type { CollectedRecord } from './collect.js';
import type { Attempt } from './trace-types.js';
import { isError, type BootVerdict } from './verdict.js';
import { ACCESS_LINE } from './access-line.js';

const SELECTED_IN_LINE = /\bselected host ([\w.-]+?)\.?(?:\s|$)/;

export function summarize(v: BootVerdict, hosts: string[], attempts: Attempt[], operation: string, records: readonly CollectedRecord[]): string {
  if (operation !== 'boot') {
    const errors = records.filter(isError).length;
    const counts = `${records.length} records on ${new Set(records.map((r) => r.service)).size} service(s)${errors ? `, ${errors} error(s)` : ''}`;
    // A request the API answered itself: what was asked and how it was answered.
    const access = records.map((r) => (r.service === 'api' ? ACCESS_LINE.exec(r.message) : null)).find((m) => m)
      ?? records.map((r) => ACCESS_LINE.exec(r.message)).find((m) => m);
    if (!access) return `${operation}: ${counts}`;
    const asked = `${access[1]} ${access[2]}`;
    if (v.status === 'ERROR') return `ERROR: ${records.some((r) => r.service === 'api') ? 'the API' : records[0].service} answered ${asked} with ${access[3]}${v.rootCause && !ACCESS_LINE.test(v.rootCause.message) ? `: ${v.rootCause.message.slice(0, 160)}` : ''} (${counts})`;
    return `${operation}: ${asked} answered ${access[3]} (${counts})`;
  }
  const lastHost = hosts[hosts.length - 1];
  const earlier = attempts.filter((a) => a.result === 'rescheduled').map((a) => a.host);
  const resched = earlier.length ? ` after a reschedule from ${earlier.join(', ')}` : '';
  switch (v.status) {
    case 'ACTIVE': return `ACTIVE on ${lastHost}${resched}`;
    case 'IN_PROGRESS': {
      const last = attempts[attempts.length - 1];
      if (last?.result === 'rescheduled') {
        return `re-scheduled from ${attempts.map((a) => a.host).join(', ')}${last.reason ? ` after: ${last.reason}` : ''}; the next attempt is not in these logs (its host's, the conductor's and the scheduler's logs tell where it went)`;
      }
      return `still building${lastHost ? ` on ${lastHost}` : ''} at the end of the logs`;
    }
    default: {
      if (v.cause) {
        const how = [v.signature?.id, v.filter].filter(Boolean).join(', ');
        // The host at fault: the compute host's own line, else the host a controller line names as selected.
        const at = v.rootCause?.host && v.rootCause.service === 'compute' ? v.rootCause.host : SELECTED_IN_LINE.exec(v.rootCause?.message ?? '')?.[1];
        return `ERROR: ${v.cause.id}${at ? ` on ${at}` : ''}${how ? ` (${how})` : ''}`;
      }
      const what = v.signature?.id === 'no-valid-host'
        ? `NoValidHost${v.filter ? ` — ${v.filter} removed the last host(s)` : ''}`
        : `${v.signature?.id ?? 'error'}${v.rootCause?.host ? ` on ${v.rootCause.host}` : ''}: ${v.exception ?? v.rootCause?.message.slice(0, 160) ?? ''}`;
      return `ERROR: ${what}`;
    }
  }
}
