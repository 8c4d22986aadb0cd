// The changes-since and changes-before (2.66) filters of a list: a window on the records'
// updated_at, each bound a date-time (the query schema's 400 otherwise), since not after before
// (the handlers' 400), both bounds inclusive as in nova.db's _get_query_nova_resource_by_changes_time.

import { badRequest } from '../http/api-error.js';
import type { ApiRequest } from '../http/request.js';
import { isSupported } from './microversion.js';
import { checkChangesSince } from './server-validation.js';

export interface ChangesWindow { since: number | null; before: number | null }

/** The window the query asks for; changes-before is read from 2.66 only (ignored before, as Nova drops it). */
export function changesWindow(req: ApiRequest): ChangesWindow {
  const s = req.query.get('changes-since');
  const since = s === null ? null : checkChangesSince('changes-since', s);
  const b = isSupported(req, '2.66') ? req.query.get('changes-before') : null;
  const before = b === null ? null : checkChangesSince('changes-before', b);
  if (since !== null && before !== null && before < since) throw badRequest('The value of changes-since must be less than or equal to changes-before.');
  return { since, before };
}

export const windowIsOpen = (w: ChangesWindow) => w.since === null && w.before === null;

/** Whether a record updated at `updatedAt` (null: never; SQL's NULL comparisons are false) falls in the window. */
export function inWindow(w: ChangesWindow, updatedAt: string | null): boolean {
  if (windowIsOpen(w)) return true;
  if (updatedAt === null) return false;
  const t = Date.parse(updatedAt);
  return (w.since === null || t >= w.since) && (w.before === null || t <= w.before);
}
