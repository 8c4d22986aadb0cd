// cinder-volume's side of a new volume: the create flow runs in the background, copies the
// image's data onto the new volume and sets it `available` (bootable when made from an image),
// logging to cinder-volume.log as cinder's create flow does. The volume-boot-failure fault makes
// the backend fail (the volume goes to `error`) or hang (the volume stays `creating`).

import type { OsloLogger } from '../../common/oslo-logger.js';
import type { RequestContext } from '../../common/request-context.js';
import type { Db } from '../../db/open-db.js';
import { nowIso } from '../../db/open-db.js';
import type { VolumeRow } from './volume-view.js';

/** What the backend does with a new volume (the volume-boot-failure fault's two ways, or success). */
export type VolumeOutcome = 'available' | 'error' | 'creating';

export class VolumeWorker {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly db: Db, private readonly log: OsloLogger, private readonly delayMs: number) {}

  create(ctx: RequestContext, row: VolumeRow, outcome: VolumeOutcome): void {
    const flow = this.log.child('cinder.volume.flows.manager.create_volume');
    const createType = row.image_id ? 'image' : 'raw';
    const spec = row.image_id
      ? `{'status': 'creating', 'volume_name': 'volume-${row.id}', 'volume_size': ${row.size}, 'image_id': '${row.image_id}'}`
      : `{'status': 'creating', 'volume_name': 'volume-${row.id}', 'volume_size': ${row.size}}`;
    flow.info(ctx, null, `Volume ${row.id}: being created as ${createType} with specification: ${spec}`);
    if (outcome === 'creating') return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      const now = nowIso();
      if (outcome === 'error') {
        this.db.prepare(`UPDATE volumes SET status = 'error', updated_at = ? WHERE id = ? AND status = 'creating'`).run(now, row.id);
        flow.error(ctx, null, `Volume ${row.id}: create failed`);
        return;
      }
      this.db.prepare(`UPDATE volumes SET status = 'available', bootable = ?, updated_at = ? WHERE id = ? AND status = 'creating'`).run(row.image_id ? 1 : 0, now, row.id);
      this.log.child('cinder.volume.manager').info(ctx, null, 'Created volume successfully.');
    }, this.delayMs);
    t.unref();
    this.timers.add(t);
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
