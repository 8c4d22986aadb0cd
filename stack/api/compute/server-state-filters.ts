// The server list filters admins have at every microversion and other users from 2.83
// (availability_zone, config_drive, key_name, created_at, launched_at, terminated_at,
// power_state, task_state, vm_state, progress, user_id), as Nova's DB API applies them:
// user_id, vm_state and task_state match exactly, the others are its regex filter, an unanchored
// search on the column's text (MySQL's REGEXP; dates as DATETIME prints them). A `status` given
// with them sets vm_state itself, and task_state too unless the status covers every task.

import type { Db } from '../../db/open-db.js';
import { zoneOfHost } from './availability-zones.js';
import type { InstanceRow } from './instances.js';
import { statusIgnoresTask } from './server-view.js';

type Filter = { param: string; test: (row: InstanceRow, value: string, db: Db) => boolean };

/** MySQL's text of a DATETIME column. */
const datetime = (iso: string | null) => (iso === null ? null : iso.replace('T', ' ').slice(0, 19));

function regex(column: (row: InstanceRow, db: Db) => string | number | null): Filter['test'] {
  return (row, value, db) => {
    const text = column(row, db);
    if (text === null) return false;
    try {
      return new RegExp(value).test(String(text));
    } catch {
      return String(text).includes(value);
    }
  };
}

export const STATE_FILTERS: Filter[] = [
  // The conductor gives a scheduled instance its host's zone, as the server's view shows it.
  { param: 'availability_zone', test: regex((r, db) => (r.host ? zoneOfHost(db, r.host) : r.availability_zone)) },
  // The stack never builds a config drive: the column is '' for every server, as the view shows.
  { param: 'config_drive', test: regex(() => '') },
  { param: 'key_name', test: regex((r) => r.key_name) },
  { param: 'created_at', test: regex((r) => datetime(r.created_at)) },
  { param: 'launched_at', test: regex((r) => datetime(r.launched_at)) },
  { param: 'terminated_at', test: regex((r) => datetime(r.terminated_at)) },
  { param: 'power_state', test: regex((r) => r.power_state) },
  { param: 'progress', test: regex((r) => r.progress) },
  { param: 'user_id', test: (r, v) => r.user_id === v },
  { param: 'vm_state', test: (r, v) => r.vm_state === v },
  { param: 'task_state', test: (r, v) => r.task_state === v },
];

/** Whether a filter applies beside the query's `status` (which replaces vm_state, and task_state when it names tasks). */
export function appliesWithStatus(param: string, status: string | null): boolean {
  if (status === null) return true;
  if (param === 'vm_state') return false;
  if (param === 'task_state') return statusIgnoresTask(status);
  return true;
}
