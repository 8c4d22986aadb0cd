// The conductor's cache_images (2.81): every host of the aggregate that is up is asked, all at
// once, to pre-cache the images (a call with the long RPC timeout, as the compute RPC API makes
// it); a host that is down is skipped. The hosts' answers (image → cached, existing, error or
// unsupported) are summed into Nova's closing INFO line, and each image that failed somewhere
// gets its WARNING. A host whose call fails counts for nothing, as an unchecked future in Nova.
// Nova also emits aggregate.cache_images notifications; the stack has no notification bus.

import { computeService, isServiceUp } from '../../api/compute/service-state.js';
import type { OsloLogger } from '../../common/oslo-logger.js';
import type { RequestContext } from '../../common/request-context.js';
import type { StackConfig } from '../../common/stack-config.js';
import type { ServerActionsAPI } from '../../compute/actions/rpcapi.js';
import type { Db } from '../../db/open-db.js';

export interface CacheImagesDeps { cfg: StackConfig; db: Db; actions: ServerActionsAPI; log: OsloLogger }

/** CONF.long_rpc_timeout: the call may take as long as the downloads do. */
const LONG_RPC_TIMEOUT_MS = 1800_000;
type Status = 'cached' | 'existing' | 'error' | 'unsupported' | 'skipped';

export async function cacheImages(d: CacheImagesDeps, ctx: RequestContext, aggregate: { id: number; hosts: string[] }, imageIds: string[]): Promise<void> {
  const log = d.log.child('nova.conductor.manager');
  const t0 = Date.now();
  // The stack is one cell: every mapped host is in it.
  log.info(ctx, null, `Preparing to request pre-caching of image(s) ${imageIds.join(',')} on ${aggregate.hosts.length} hosts across ${aggregate.hosts.length ? 1 : 0} cells.`);
  const totals = { cached: 0, existing: 0, error: 0, unsupported: 0 };
  const failed = new Map<string, number>();
  let skipped = 0;
  const completed = (result: Record<string, Status>) => {
    for (const [image, status] of Object.entries(result)) {
      if (status === 'skipped') continue;
      totals[status] += 1;
      if (status === 'error') failed.set(image, (failed.get(image) ?? 0) + 1);
    }
  };
  const calls: Promise<void>[] = [];
  for (const host of aggregate.hosts) {
    const service = computeService(d.db, host);
    if (!service || !isServiceUp(d.cfg, service)) {
      skipped += 1;
      log.info(ctx, null, `Skipping image pre-cache request to compute '${host}' because it is not up`);
      completed(Object.fromEntries(imageIds.map((i) => [i, 'skipped'])));
      continue;
    }
    calls.push(d.actions.call<Record<string, Status>>(ctx, host, 'cache_images', { image_ids: imageIds }, { timeoutMs: LONG_RPC_TIMEOUT_MS })
      .then(completed, () => undefined));
  }
  await Promise.all(calls);
  const seconds = ((Date.now() - t0) / 1000).toFixed(2);
  log.info(ctx, null, `Image pre-cache operation for image(s) ${imageIds.join(',')} completed in ${seconds} seconds; ${totals.cached} cached, ${totals.existing} existing, ${totals.error} errors, ${totals.unsupported} unsupported, ${skipped} skipped (down) hosts`);
  for (const [image, fails] of failed) log.warning(ctx, null, `Image pre-cache operation for image ${image} failed ${fails} times`);
}
