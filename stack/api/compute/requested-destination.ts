// POST /servers from 2.74: `host` and/or `hypervisor_hostname` (parameter_types.fqdn; additional
// properties of `server` before), allowed by compute:servers:create:requested_destination
// (admins), refused beside the zone:host:node form; then compute.api._validate_host_or_node: a
// host must be mapped (have a compute node), a host and node must be a compute node, a node
// alone must be a resource provider in placement, else ComputeHostNotFound (400). What remains is
// the request spec's requested_destination, which the scheduler checks (not forced).

import type { RequestSpec } from '../../common/objects.js';
import type { ApiDeps } from '../api-deps.js';
import { badRequest } from '../http/api-error.js';
import type { ApiRequest } from '../http/request.js';
import { invalid, pyRepr } from './actions/action-spec.js';
import { isSupported } from './microversion.js';
import { authorizeAction } from './policy.js';
import { ReportClientError } from '../../placement/host-aggregates.js';

type Destination = NonNullable<RequestSpec['requested_destination']>;

const FQDN = '^[a-zA-Z0-9-._]*$';
const FIELDS = ['host', 'hypervisor_hostname'] as const;

function fqdn(field: string, v: unknown): string {
  if (typeof v !== 'string') throw invalid(field, v, `${pyRepr(v)} is not of type 'string'`);
  if (!new RegExp(FQDN).test(v)) throw invalid(field, v, `${pyRepr(v)} does not match '${FQDN}'`);
  if (v.length < 1) throw invalid(field, v, `${pyRepr(v)} should be non-empty`);
  if (v.length > 255) throw invalid(field, v, `${pyRepr(v)} is too long`);
  return v;
}

/** The request schema's part: the two fields, checked (or refused below 2.74). */
export function requestedHostAndNode(req: ApiRequest, server: Record<string, unknown>): { host: string | null; node: string | null } {
  const given = FIELDS.filter((f) => f in server);
  if (given.length && !isSupported(req, '2.74')) {
    throw badRequest(`Invalid input for field/attribute server. Value: ${pyRepr(server)}. Additional properties are not allowed (${given.map((f) => `'${f}'`).join(', ')} ${given.length > 1 ? 'were' : 'was'} unexpected)`);
  }
  return {
    host: 'host' in server ? fqdn('host', server.host) : null,
    node: 'hypervisor_hostname' in server ? fqdn('hypervisor_hostname', server.hypervisor_hostname) : null,
  };
}

/** servers._process_hosts_for_create: the policy, and no second way of naming a host. */
export function authorizeRequestedDestination(req: ApiRequest, asked: { host: string | null; node: string | null }, forcedHost: boolean): void {
  if (!asked.host && !asked.node) return;
  authorizeAction(req.ctx, { action: 'compute:servers:create:requested_destination', rule: 'admin' }, req.ctx.projectId);
  if (forcedHost) throw badRequest('One mechanism with host and/or hypervisor_hostname and another mechanism with zone:host:node are mutually exclusive.');
}

/** compute.api._validate_host_or_node, then the Destination the request spec carries (null for none). */
export async function requestedDestination(deps: ApiDeps, req: ApiRequest, asked: { host: string | null; node: string | null }): Promise<Destination | null> {
  const { host, node } = asked;
  if (!host && !node) return null;
  const notFound = (name: string) => badRequest(`Compute host ${name} could not be found.`);
  if (host) {
    if (!deps.db.prepare('SELECT 1 FROM compute_nodes WHERE host = ?').get(host)) {
      deps.logs.nova.child('nova.compute.api').warning(req.ctx, null, `No host-to-cell mapping found for host ${host}.`);
      throw notFound(host);
    }
    if (node && !deps.db.prepare('SELECT 1 FROM compute_nodes WHERE host = ? AND hypervisor_hostname = ?').get(host, node)) throw notFound(host);
  } else if (node) {
    try {
      await deps.placementAggregates.providerUuid(req.ctx, node);
    } catch (e) {
      if (e instanceof ReportClientError && e.kind === 'ResourceProviderNotFound') throw notFound(node);
      throw e;
    }
  }
  return { host: host || null, node: node || null };
}
