// /allocations/{consumer_uuid}: read, replace (the scheduler's claim) and delete a consumer's
// allocations, in the body shapes of each microversion (list form before 1.12, dict after;
// project/user from 1.8; consumer generation from 1.28).

import type { ApiRequest, ApiResponse } from './api-types.js';
import { bodyObject, integerField, normalizeUuid, requireKey, stringField } from './api-types.js';
import { allocationsOf, consumerOf, deleteAllocations, replaceAllocations } from './allocation-store.js';
import { isResourceClass } from './capacity.js';
import { PlacementError } from './placement-errors.js';

const OVER_CAPACITY_LOGGER = 'placement.objects.allocation';

function consumerParam(req: ApiRequest): string {
  const uuid = normalizeUuid(req.params[0]);
  if (!uuid) throw new PlacementError(400, `Malformed consumer_uuid: ${req.params[0]}`);
  return uuid;
}

export function getAllocations(req: ApiRequest): ApiResponse {
  const consumer = consumerParam(req);
  const rows = allocationsOf(req.db, consumer);
  const allocations: Record<string, { generation: number; resources: Record<string, number> }> = {};
  for (const r of rows) {
    const entry = (allocations[r.rp_uuid] ??= { generation: r.rp_generation, resources: {} });
    entry.resources[r.resource_class] = r.used;
  }
  const body: Record<string, unknown> = { allocations };
  const c = consumerOf(req.db, consumer);
  if (c && rows.length > 0) {
    if (req.version.matches('1.12')) { body.project_id = c.project_id; body.user_id = c.user_id; }
    if (req.version.matches('1.28')) body.consumer_generation = c.generation;
  }
  return { status: 200, body };
}

function resourcesOf(data: unknown, where: string): Record<string, number> {
  const res = bodyObject(requireKey(bodyObject(data, where), 'resources'), 'resources');
  const out: Record<string, number> = {};
  for (const rc of Object.keys(res)) {
    if (!isResourceClass(rc)) throw new PlacementError(400, `JSON does not validate: '${rc}' does not match any of the regexes: '^[A-Z0-9_]+$'`);
    out[rc] = integerField(res, rc, 1, true)!;
  }
  if (Object.keys(out).length === 0) throw new PlacementError(400, 'JSON does not validate: {} does not have enough properties');
  return out;
}

/** Provider uuid → resources, from either body shape. */
export function allocationMap(req: ApiRequest, raw: unknown): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  if (!req.version.matches('1.12')) {
    if (!Array.isArray(raw) || raw.length === 0) throw new PlacementError(400, "JSON does not validate: 'allocations' must be a non-empty array");
    for (const a of raw) {
      const uuid = stringField(bodyObject(requireKey(bodyObject(a), 'resource_provider'), 'resource_provider'), 'uuid', true)!;
      out[uuid] = resourcesOf(a, 'allocation');
    }
    return out;
  }
  const dict = bodyObject(raw, 'allocations');
  if (Object.keys(dict).length === 0 && !req.version.matches('1.28')) throw new PlacementError(400, 'JSON does not validate: {} does not have enough properties');
  for (const [uuid, data] of Object.entries(dict)) out[uuid] = resourcesOf(data, uuid);
  return out;
}

export function putAllocations(req: ApiRequest): ApiResponse {
  const consumer = consumerParam(req);
  const body = bodyObject(req.body);
  const allocations = allocationMap(req, requireKey(body, 'allocations'));
  const identityRequired = req.version.matches('1.8');
  const projectId = stringField(body, 'project_id', identityRequired) ?? req.ctx.projectId ?? '';
  const userId = stringField(body, 'user_id', identityRequired) ?? req.ctx.userId ?? '';
  let consumerGeneration: number | null | undefined;
  if (req.version.matches('1.28')) {
    const g = requireKey(body, 'consumer_generation');
    consumerGeneration = g === null ? null : integerField(body, 'consumer_generation', 0, true)!;
  }
  const warn = (msg: string) => req.log.child(OVER_CAPACITY_LOGGER).warning(req.ctx, null, msg);
  replaceAllocations(req.db, { consumer, projectId, userId, consumerGeneration, allocations }, warn);
  return { status: 204 };
}

export function deleteConsumerAllocations(req: ApiRequest): ApiResponse {
  const consumer = consumerParam(req);
  if (!deleteAllocations(req.db, consumer)) throw new PlacementError(404, `No allocations for consumer '${consumer}'`);
  return { status: 204 };
}
