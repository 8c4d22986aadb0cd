// init_host's _destroy_evacuated_instances: a host that comes back after its servers were
// evacuated drops what it still has of them — the guest, if the hypervisor kept it, and the
// server's allocation against this host's node — and marks each evacuation 'completed'.

import type { RequestContext } from '../common/request-context.js';
import type { MoveDeps } from './move-deps.js';

export async function destroyEvacuatedInstances(d: MoveDeps, ctx: RequestContext): Promise<string[]> {
  const mgr = d.log.child('nova.compute.manager');
  const done: string[] = [];
  for (const mig of await d.migrations.evacuationsFrom(ctx, d.host)) {
    const uuid = mig.instance_uuid;
    if (d.driver.hasGuest(uuid)) {
      mgr.info(ctx, uuid, 'Destroying instance as it has been evacuated from this host but still exists in the hypervisor');
      await d.driver.destroy(uuid);
    }
    d.tracker.remove(uuid);
    mgr.info(ctx, uuid, 'Cleaning up allocations of the instance as it has been evacuated from this host');
    await d.allocs.removeProvider(ctx, uuid, d.tracker.nodeUuid);
    await d.migrations.migrationUpdate(ctx, mig.id, { status: 'completed' });
    done.push(uuid);
  }
  return done;
}
