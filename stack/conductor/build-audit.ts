// Builds no service owns any more. When nova-conductor dies while it schedules a build (or
// while a reschedule's build_instances is in flight), the message is gone — oslo.messaging
// acknowledged it on receipt — and Nova leaves the server in BUILD/scheduling until its owner
// deletes it (the build request stays, no periodic task looks at it). The stack does not leave
// it there: the conductor keeps the set of builds it is working on, and a periodic audit
// (stack-only; Nova has none) sets to ERROR, with a fault, every build still in
// vm_state building / task_state scheduling without a host that no conductor call has touched
// for a grace period and that this conductor does not hold — or cast to a compute host that
// never claimed it (the cast died with a restarted host) — and removes what placement holds
// for it. The line it logs is the stack's own (logger nova_stack.build_audit), not Nova's.
// One conductor process serves the topic in this stack; with several, ownership would have to
// live in the database.

import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import { nowIso, type Db } from '../db/open-db.js';
import type { InstanceDb } from './instance-db.js';

/** No conductor call touched the build for this long: its message is not merely queued. */
export const BUILD_AUDIT_GRACE_MS = 30_000;
/**
 * A build cast to a compute host that no host claimed for this long: the cast died with the host
 * (ZeroMQ keeps no message for a peer that restarted; a compute claims within a second of the cast).
 */
export const HANDED_OVER_GRACE_MS = 60_000;
export const BUILD_AUDIT_INTERVAL_MS = 10_000;

export class BuildOwnership {
  private readonly held = new Map<string, number>();

  async hold<T>(uuid: string, work: () => Promise<T>): Promise<T> {
    this.held.set(uuid, (this.held.get(uuid) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const n = (this.held.get(uuid) ?? 1) - 1;
      if (n <= 0) this.held.delete(uuid);
      else this.held.set(uuid, n);
    }
  }

  holds(uuid: string): boolean {
    return this.held.has(uuid);
  }
}

interface Orphan { uuid: string; updated_at: string; user_id: string; project_id: string; request_id: string | null; task_state: string | null }

export interface AllocationRemover { deleteAllocations(ctx: RequestContext | null, consumer: string): Promise<void> }

export async function auditLostBuilds(db: Db, instances: InstanceDb, owned: BuildOwnership, placement: AllocationRemover, log: OsloLogger, graceMs = BUILD_AUDIT_GRACE_MS): Promise<string[]> {
  const iso = (ms: number) => new Date(Date.now() - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  // Still scheduling (the conductor's), or handed to a compute host that never claimed it.
  const rows = db.prepare(`SELECT i.uuid, i.updated_at, i.user_id, i.project_id, i.task_state,
      (SELECT a.request_id FROM instance_actions a WHERE a.instance_uuid = i.uuid ORDER BY a.id DESC LIMIT 1) AS request_id
    FROM instances i WHERE i.deleted_at IS NULL AND i.vm_state = 'building' AND i.host IS NULL
      AND ((i.task_state = 'scheduling' AND i.updated_at < ?) OR (i.task_state IS NULL AND i.updated_at < ?))`)
    .all(iso(graceMs), iso(Math.max(graceMs, HANDED_OVER_GRACE_MS))) as Orphan[];
  const audit = log.child('nova_stack.build_audit');
  const failed: string[] = [];
  for (const o of rows) {
    if (owned.holds(o.uuid)) continue;
    // The build's own request, so that its trace shows how it ended.
    const ctx: RequestContext = { requestId: o.request_id ?? 'req-none', globalRequestId: null, userId: o.user_id, projectId: o.project_id, roles: [], isAdmin: false };
    const reason = o.task_state === null
      ? `Build of instance ${o.uuid} was lost: it was cast to a compute host at ${o.updated_at} and no host claimed it (the host was restarted meanwhile). Nova would leave it in BUILD until it is deleted; setting it to ERROR.`
      : `Build of instance ${o.uuid} was lost: no conductor has worked on it since ${o.updated_at} (a service was restarted meanwhile). Nova would leave it in BUILD until it is deleted; setting it to ERROR.`;
    // Only a build still in the same state is given up (a message may have arrived meanwhile).
    const changed = db.prepare(`UPDATE instances SET vm_state = 'error', task_state = NULL, updated_at = ?
      WHERE uuid = ? AND deleted_at IS NULL AND vm_state = 'building' AND task_state IS ? AND host IS NULL AND updated_at = ?`)
      .run(nowIso(), o.uuid, o.task_state, o.updated_at).changes;
    if (changed === 0 || owned.holds(o.uuid)) continue;
    audit.warning(ctx, o.uuid, reason);
    instances.fault(o.uuid, 500, `Build of instance ${o.uuid} was interrupted by a service restart.`, reason, null);
    if (o.request_id) instances.eventFinish(o.uuid, o.request_id, 'conductor_schedule_and_build_instances', 'Error', reason);
    await placement.deleteAllocations(ctx, o.uuid).catch(() => undefined);
    failed.push(o.uuid);
  }
  return failed;
}
