// Names the operation a request performed (OPERATION_RULES), from its API lines first and
// its messages second; "periodic-task" when it never went through the API and has no user.

import { OPERATION_RULES } from '../operations.js';
import type { CollectedRecord } from './collect.js';

export function operationOf(records: readonly CollectedRecord[]): string {
  if (records.length === 0) return 'unknown';
  const api = records.filter((r) => r.service === 'api');
  for (const rule of OPERATION_RULES) {
    if (rule.api && api.some((r) => rule.api!.test(r.message) || r.continuation.some((c) => rule.api!.test(c)))) return rule.operation;
  }
  if (api.length === 0 && records.every((r) => r.context.user === null)) return 'periodic-task';
  // A request of Nova's to placement (a claim, a report, a query) traced by placement's own id.
  if (api.length === 0 && records.every((r) => r.service === 'placement')) return 'placement-request';
  for (const rule of OPERATION_RULES) {
    if (rule.message && records.some((r) => rule.message!.test(r.message)) && !(rule.unless && records.some((r) => rule.unless!.test(r.message)))) return rule.operation;
  }
  return api.length ? 'api-request' : 'unknown';
}
