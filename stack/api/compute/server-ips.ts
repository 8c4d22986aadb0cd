// /servers/{id}/ips (nova.api.openstack.compute.ips): the server's fixed addresses by network
// label, in the basic address view (version and addr only); one network's list by its label,
// or 404 when the server has no port on it.

import type { ApiDeps } from '../api-deps.js';
import { notFound } from '../http/api-error.js';
import { ok } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { getInstance } from './instances.js';
import { addresses } from './server-view.js';

export function serverIpRoutes(deps: ApiDeps): Route[] {
  const calls = (m: string) => `ips.IPsController.${m}`;
  const base = '/v2.1/servers/{id}/ips';
  return [
    { method: 'GET', pattern: base, calls: calls('index'), handler: async (req) => ok({ addresses: addresses(deps, getInstance(deps, req, req.params.id).uuid, false) }) },
    {
      method: 'GET', pattern: `${base}/{network}`, calls: calls('show'),
      handler: async (req) => {
        const networks = addresses(deps, getInstance(deps, req, req.params.id).uuid, false);
        const label = req.params.network;
        if (!(label in networks)) throw notFound('Instance is not a member of specified network');
        return ok({ [label]: networks[label] });
      },
    },
  ];
}
