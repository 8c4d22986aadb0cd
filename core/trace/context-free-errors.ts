// ERROR lines without a request context, logged by the services a request went through while it
// ran. A library's own threads log there: oslo.messaging's connection loop writes "AMQP server on
// … is unreachable" under '[-]', so the outage behind a MessagingTimeout never carries the
// request id. Only asked when the request's cause has a refinement that such a line could show.

import type { LogSource } from '../../parsers/log-files.js';
import type { CauseQuery } from '../causes/catalogue.js';
import { findText } from '../search/text-scan.js';

export function contextFreeErrors(sources: readonly LogSource[], services: ReadonlySet<string>, fromMs: number, toMs: number): CauseQuery[] {
  const only = sources.map((s, i) => [s, i] as const).filter(([s]) => services.has(s.service)).map(([, i]) => i);
  return findText(sources, only, ' ERROR ', fromMs, toMs)
    .filter(({ rec }) => rec.level === 'ERROR' && rec.context.requestId === null && rec.ts >= fromMs && rec.ts <= toMs)
    .map(({ rec }) => ({ text: rec.message, logger: rec.logger }));
}
