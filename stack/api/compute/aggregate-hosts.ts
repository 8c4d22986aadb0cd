// The add_host and remove_host aggregate actions as Nova's AggregateAPI runs them: the host must
// be a compute service with a compute node; its zone must not conflict with the aggregate's;
// and the compute node's resource provider joins (or leaves) the placement aggregate of the
// same uuid, which is what current schedulers query with `member_of`. A placement failure on
// add is only logged (sync_aggregates would fix it); on remove, placement goes first.

import type { RequestContext } from '../../common/request-context.js';
import type { Db } from '../../db/open-db.js';
import { ReportClientError } from '../../placement/host-aggregates.js';
import type { ApiDeps } from '../api-deps.js';
import { conflict, notFound } from '../http/api-error.js';
import { computeService } from './service-state.js';

export interface AggregateRef { id: number; uuid: string }

function zoneOf(db: Db, aggregateId: number): string | null {
  const row = db.prepare("SELECT value FROM aggregate_metadata WHERE aggregate_id = ? AND key = 'availability_zone'").get(aggregateId) as { value: string } | undefined;
  return row?.value ?? null;
}

/** objects.ComputeNodeList.get_all_by_host(...)[0].hypervisor_hostname, or ComputeHostNotFound. */
function nodeName(db: Db, host: string): string {
  const node = db.prepare('SELECT hypervisor_hostname FROM compute_nodes WHERE host = ? ORDER BY id').get(host) as { hypervisor_hostname: string } | undefined;
  if (!node) throw notFound(`Compute host ${host} could not be found.`);
  return node.hypervisor_hostname;
}

/** is_safe_to_update_az for one host joining an aggregate: its other aggregates name no other zone. */
function checkZone(db: Db, a: AggregateRef, host: string): void {
  const zone = zoneOf(db, a.id);
  if (zone === null) return;
  const others = (db.prepare(`SELECT DISTINCT m.value FROM aggregate_hosts h JOIN aggregate_metadata m ON m.aggregate_id = h.aggregate_id
    AND m.key = 'availability_zone' WHERE h.host = ? AND h.aggregate_id != ? AND m.value != ? ORDER BY h.aggregate_id`).all(host, a.id, zone) as { value: string }[]).map((r) => r.value);
  if (others.length) {
    throw conflict(`Cannot add host to aggregate ${a.id}. Reason: One or more hosts already in availability zone(s) [${others.map((z) => `'${z}'`).join(', ')}].`);
  }
}

export async function addHost(deps: ApiDeps, ctx: RequestContext, a: AggregateRef, host: string): Promise<void> {
  const svc = computeService(deps.db, host);
  if (!svc || svc.host !== host) throw notFound(`Compute host ${host} could not be found.`);
  checkZone(deps.db, a, host);
  if (deps.db.prepare('SELECT 1 FROM aggregate_hosts WHERE aggregate_id = ? AND host = ?').get(a.id, host)) throw conflict(`Aggregate ${a.id} already has host ${host}.`);
  deps.db.prepare('INSERT INTO aggregate_hosts (aggregate_id, host) VALUES (?, ?)').run(a.id, host);
  const node = nodeName(deps.db, host);
  try {
    await deps.placementAggregates.addHost(ctx, a.uuid, node);
  } catch (e) {
    if (!(e instanceof ReportClientError) || e.kind === 'PlacementAPIConnectFailure') throw e;
    deps.logs.nova.child('nova.compute.api').warning(ctx, null,
      `Failed to associate ${node} with a placement aggregate: ${e.message}. This may be corrected after running nova-manage placement sync_aggregates.`);
  }
}

export async function removeHost(deps: ApiDeps, ctx: RequestContext, a: AggregateRef, host: string): Promise<void> {
  if (!computeService(deps.db, host)) throw notFound(`Compute host ${host} could not be found.`);
  if (!deps.db.prepare('SELECT 1 FROM aggregate_hosts WHERE aggregate_id = ? AND host = ?').get(a.id, host)) {
    throw notFound(`Cannot remove host ${host} in aggregate ${a.id}`);
  }
  const node = nodeName(deps.db, host);
  try {
    await deps.placementAggregates.removeHost(ctx, a.uuid, node);
  } catch (e) {
    if (e instanceof ReportClientError && e.kind === 'ResourceProviderNotFound') {
      deps.logs.nova.child('nova.compute.api').warning(ctx, null, `Failed to remove association of ${node} with a placement aggregate: ${e.message}.`);
    } else if (e instanceof ReportClientError && e.kind === 'ResourceProviderUpdateConflict') {
      throw conflict(e.message);
    } else {
      throw e;
    }
  }
  deps.db.prepare('DELETE FROM aggregate_hosts WHERE aggregate_id = ? AND host = ?').run(a.id, host);
}
