// Compute's _allocate_network_async: allocate_for_instance (the instance's port) runs in the
// background while the build goes on. When it fails, Nova logs "Instance failed network setup
// after N attempt(s)" from that green thread (no instance in the line; [DEFAULT]
// network_allocate_retries is 0, so one attempt) and the error is raised later, when the
// driver reads network_info during spawn. The caller gets the port or that error.

import type { RequestContext } from '../common/request-context.js';
import type { BuildDeps } from './build-instance.js';
import { NovaError } from './nova-errors.js';
import type { Port } from './network-client.js';

export type Allocation = { port: Port } | { error: NovaError };

export async function allocateInBackground(d: BuildDeps, ctx: RequestContext, uuid: string, networkId: string, securityGroups?: string[]): Promise<Allocation> {
  const mgr = d.log.child('nova.compute.manager');
  try {
    return { port: await d.network.createPort(ctx, uuid, networkId, securityGroups) };
  } catch (e) {
    if (!(e instanceof NovaError)) throw e;
    mgr.exception(ctx, null, `Instance failed network setup after 1 attempt(s): ${e.name}: ${e.message}`, e.traceback);
    return { error: e };
  }
}
