// GET /resource_providers/{uuid}/allocations: every consumer's allocations against one
// provider, as placement answers it — what nova-compute reads at start
// (_error_out_instances_whose_build_was_interrupted), in its resource audit
// (_remove_deleted_instances_allocations) and what `nova-manage placement audit` checks.

import type { ApiRequest, ApiResponse } from './api-types.js';
import { requireProvider } from './provider-store.js';

export function getProviderAllocations(req: ApiRequest): ApiResponse {
  const rp = requireProvider(req.db, req.params[0]);
  const rows = req.db.prepare('SELECT consumer_id, resource_class, used FROM allocations WHERE resource_provider_id = ? ORDER BY id')
    .all(rp.id) as { consumer_id: string; resource_class: string; used: number }[];
  const allocations: Record<string, { resources: Record<string, number> }> = {};
  for (const r of rows) (allocations[r.consumer_id] ??= { resources: {} }).resources[r.resource_class] = r.used;
  return { status: 200, body: { allocations, resource_provider_generation: rp.generation } };
}
