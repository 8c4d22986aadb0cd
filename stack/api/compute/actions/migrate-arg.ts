// The value of the migrate action: no schema below 2.56 (whatever is sent is ignored); from 2.56
// migrate_server.migrate: null or an object whose only property is `host` (an fqdn, or null).

import type { ApiRequest } from '../../http/request.js';
import { isSupported } from '../microversion.js';
import { invalid, pyRepr, type Arg } from './action-spec.js';

const FQDN = '^[a-zA-Z0-9-._]*$';

export function migrateArg(value: unknown, req: ApiRequest): Arg {
  if (!isSupported(req, '2.56') || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid('migrate', value, `${pyRepr(value)} is not of type 'object', 'null'`);
  const arg = value as Arg;
  const host = arg.host;
  if (host !== undefined && host !== null) {
    if (typeof host !== 'string') throw invalid('host', host, `${pyRepr(host)} is not of type 'string', 'null'`);
    if (!new RegExp(FQDN).test(host)) throw invalid('host', host, `${pyRepr(host)} does not match '${FQDN}'`);
    if (host.length < 1) throw invalid('host', host, `${pyRepr(host)} should be non-empty`);
    if (host.length > 255) throw invalid('host', host, `${pyRepr(host)} is too long`);
  }
  const extra = Object.keys(arg).filter((k) => k !== 'host');
  if (extra.length) throw invalid('migrate', value, `Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
  return { host: host ?? null };
}
