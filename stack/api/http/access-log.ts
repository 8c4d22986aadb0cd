// Access lines, one format per service, as each real service writes them when a request ends:
// nova's requestlog middleware (Pike+), neutron's and glance's eventlet wsgi servers. Lines of
// unauthenticated requests (version documents, token issue, 401s) carry no context: `[-]`.

import type { OsloLogger } from '../../common/oslo-logger.js';
import type { AccessEntry } from './service-app.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** eventlet's `[23/Nov/2026 10:15:02]` (local time). */
function eventletTime(d: Date): string {
  return `${two(d.getDate())}/${MONTHS[d.getMonth()]}/${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** The URL as the service itself sees it: devstack mounts glance and neutron under a prefix. */
export function urlInsideService(rawUrl: string, prefix: string): string {
  const inside = rawUrl.startsWith(prefix) ? rawUrl.slice(prefix.length) : rawUrl;
  return inside === '' ? '/' : inside;
}

export type AccessFormat = (e: AccessEntry, prefix: string) => string;

export const ACCESS_FORMATS = {
  /** nova.api.openstack.requestlog */
  nova: (e: AccessEntry) =>
    `${e.req.remoteAddr} "${e.req.method} ${e.req.rawUrl}" status: ${e.status} len: ${e.length} microversion: ${e.req.microversion ?? '-'} time: ${e.seconds.toFixed(6)}`,
  /** neutron.wsgi */
  neutron: (e: AccessEntry, prefix: string) =>
    `${e.req.remoteAddr} "${e.req.method} ${urlInsideService(e.req.rawUrl, prefix)} HTTP/1.1" status: ${e.status}  len: ${e.length} time: ${e.seconds.toFixed(7)}`,
  /** eventlet.wsgi.server (glance-api) */
  eventlet: (e: AccessEntry, prefix: string) =>
    `${e.req.remoteAddr} - - [${eventletTime(new Date())}] "${e.req.method} ${urlInsideService(e.req.rawUrl, prefix)} HTTP/1.1" ${e.status} ${e.length} ${e.seconds.toFixed(6)}`,
} satisfies Record<string, AccessFormat>;

export function accessLogger(log: OsloLogger, format: AccessFormat, prefix: string): (e: AccessEntry) => void {
  return (e) => log.info(e.req.authenticated ? e.req.ctx : null, null, format(e, prefix));
}
