// The one-line summary of an operation other than a boot: what it did, between which hosts,
// and where it failed.

import type { OperationAnalysis } from './operation-analysis.js';

export function operationSummary(operation: string, a: OperationAnalysis): string {
  const route = a.destination || a.source ? ` ${a.source ?? '?'} → ${a.destination ?? '?'}` : a.hosts.length ? ` on ${a.hosts.join(', ')}` : '';
  switch (a.status) {
    case 'COMPLETED': return `COMPLETED: ${operation}${route}`;
    case 'ERROR': {
      const where = a.failedStage ? ` in ${a.failedStage}` : '';
      const host = a.rootCause?.service === 'compute' && a.rootCause.host ? ` on ${a.rootCause.host}` : '';
      return `ERROR: ${a.cause ? `${a.cause.id}: ` : ''}${operation}${route} failed${where}${host}: ${(a.rootCause?.message ?? '').slice(0, 160)}`;
    }
    case 'IN_PROGRESS': return `${operation}${route}: no line proves it completed by the end of the logs`;
    default: return `${operation}: nothing logged`;
  }
}
