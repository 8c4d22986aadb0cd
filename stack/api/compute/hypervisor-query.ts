// The query of GET /os-hypervisors[/detail] and /os-hypervisors/{id} from microversion 2.53
// (hypervisors.index_query_v253, show_query_v253): hypervisor_hostname_pattern (an fqdn) and
// with_servers (a parameter_types.boolean), nothing else; below 2.53 neither is read.

import { badRequest } from '../http/api-error.js';
import type { ApiRequest } from '../http/request.js';
import { pyRepr } from './actions/action-spec.js';
import { isSupported } from './microversion.js';
import { BOOLEAN_ENUM } from './service-update-v253.js';

export interface HypervisorQuery { pattern: string | null; withServers: boolean }

const FQDN = '^[a-zA-Z0-9-._]*$';
const TRUE_WORDS = new Set(['1', 't', 'true', 'on', 'y', 'yes']);
const queryError = (name: string, value: string, message: string) => badRequest(`Invalid input for query parameters ${name}. Value: ${value}. ${message}`);

function single(req: ApiRequest, name: string): string | null {
  const all = req.query.getAll(name);
  if (all.length > 1) throw queryError(name, pyRepr(all), `${pyRepr(all)} is too long`);
  return all[0] ?? null;
}

export function hypervisorQuery(req: ApiRequest, list: boolean): HypervisorQuery {
  if (!isSupported(req, '2.53')) return { pattern: null, withServers: false };
  const known = list ? ['limit', 'marker', 'hypervisor_hostname_pattern', 'with_servers'] : ['with_servers'];
  const pattern = list ? single(req, 'hypervisor_hostname_pattern') : null;
  if (pattern !== null) {
    if (!new RegExp(FQDN).test(pattern)) throw queryError('hypervisor_hostname_pattern', pattern, `${pyRepr(pattern)} does not match '${FQDN}'`);
    if (pattern.length < 1) throw queryError('hypervisor_hostname_pattern', pattern, `${pyRepr(pattern)} should be non-empty`);
    if (pattern.length > 255) throw queryError('hypervisor_hostname_pattern', pattern, `${pyRepr(pattern)} is too long`);
  }
  const withServers = single(req, 'with_servers');
  if (withServers !== null && !BOOLEAN_ENUM.includes(withServers)) {
    throw queryError('with_servers', withServers, `${pyRepr(withServers)} is not one of [${BOOLEAN_ENUM.map((v) => pyRepr(v)).join(', ')}]`);
  }
  const extra = [...new Set(req.query.keys())].filter((k) => !known.includes(k));
  if (extra.length) throw badRequest(`Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
  return { pattern, withServers: withServers !== null && TRUE_WORDS.has(withServers.toLowerCase()) };
}
