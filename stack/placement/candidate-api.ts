// GET /allocation_candidates?resources=VCPU:1,MEMORY_MB:512,DISK_GB:1[&limit=N][&member_of=…]
// [&required=…][&in_tree=…][&root_required=…]: every provider that can take the whole request now and meets
// the aggregate and trait constraints, as ready-to-PUT allocation requests plus a
// summary of each provider's capacity and usage, shaped per microversion.

import type { ApiRequest, ApiResponse } from './api-types.js';
import { parseResourcesParam } from './capacity.js';
import { parseConstraints, satisfies } from './candidate-query.js';
import type { Microversion } from './microversion.js';
import { PlacementError } from './placement-errors.js';
import { providersFitting, summaryCapacity, type ProviderCapacity } from './provider-store.js';
import { tagsOf } from './provider-tags-store.js';
import type { Db } from '../db/open-db.js';

function allocationRequest(c: ProviderCapacity, resources: Record<string, number>, v: Microversion): Record<string, unknown> {
  if (!v.matches('1.12')) return { allocations: [{ resource_provider: { uuid: c.provider.uuid }, resources }] };
  const out: Record<string, unknown> = { allocations: { [c.provider.uuid]: { resources } } };
  if (v.matches('1.34')) out.mappings = { '': [c.provider.uuid] };
  return out;
}

function providerSummary(db: Db, c: ProviderCapacity, requested: Record<string, number>, v: Microversion): Record<string, unknown> {
  // Before 1.27 a summary lists only the requested classes.
  const shown = c.inventories.filter((i) => v.matches('1.27') || i.resource_class in requested);
  const resources: Record<string, { capacity: number; used: number }> = {};
  for (const inv of shown) resources[inv.resource_class] = { capacity: summaryCapacity(inv), used: c.usages[inv.resource_class] ?? 0 };
  const out: Record<string, unknown> = { resources };
  if (v.matches('1.17')) out.traits = tagsOf(db, c.provider.id, 'traits');
  if (v.matches('1.29')) {
    out.parent_provider_uuid = null;
    out.root_provider_uuid = c.provider.uuid;
  }
  return out;
}

function limitParam(req: ApiRequest): number | null {
  const text = req.query.get('limit');
  if (text === null || !req.version.matches('1.16')) return null;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new PlacementError(400, `Invalid query string parameters: '${text}' does not match '^[1-9][0-9]*$'`);
  return Number(text);
}

export function listAllocationCandidates(req: ApiRequest): ApiResponse {
  const resources = parseResourcesParam(req.query.get('resources'));
  const limit = limitParam(req);
  const constraints = parseConstraints(req.query, req.version);
  let found = providersFitting(req.db, resources).filter((c) => satisfies(req.db, c.provider.id, constraints, c.provider.uuid));
  if (limit !== null) found = found.slice(0, limit);
  const summaries: Record<string, unknown> = {};
  for (const c of found) summaries[c.provider.uuid] = providerSummary(req.db, c, resources, req.version);
  return {
    status: 200,
    body: { allocation_requests: found.map((c) => allocationRequest(c, resources, req.version)), provider_summaries: summaries },
  };
}
