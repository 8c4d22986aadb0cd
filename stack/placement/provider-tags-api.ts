// /resource_providers/{uuid}/aggregates and /traits: read and replace. From 1.19 the aggregate
// bodies carry the provider generation (as the trait bodies always do).

import type { ApiRequest, ApiResponse } from './api-types.js';
import { bodyObject, integerField, normalizeUuid, requireKey } from './api-types.js';
import { PlacementError } from './placement-errors.js';
import { requireProvider } from './provider-store.js';
import { setTags, tagsOf } from './provider-tags-store.js';
import { requireTraits } from './traits.js';

function stringList(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new PlacementError(400, `JSON does not validate: ${JSON.stringify(v)} is not of type 'array' (${what})`);
  return v as string[];
}

function aggregatesBody(req: ApiRequest, generation: number, aggregates: string[]): Record<string, unknown> {
  return req.version.matches('1.19') ? { aggregates, resource_provider_generation: generation } : { aggregates };
}

export function getAggregates(req: ApiRequest): ApiResponse {
  const rp = requireProvider(req.db, req.params[0]);
  return { status: 200, body: aggregatesBody(req, rp.generation, tagsOf(req.db, rp.id, 'aggregates')) };
}

export function putAggregates(req: ApiRequest): ApiResponse {
  const uuid = req.params[0];
  const current = requireProvider(req.db, uuid);
  let list: unknown = req.body;
  let generation = current.generation;
  if (req.version.matches('1.19')) {
    const body = bodyObject(req.body);
    list = requireKey(body, 'aggregates');
    generation = integerField(body, 'resource_provider_generation', 0, true)!;
  }
  const aggregates = stringList(list, 'aggregates').map((a) => {
    const u = normalizeUuid(a);
    if (!u) throw new PlacementError(400, `JSON does not validate: '${a}' is not a 'uuid'`);
    return u;
  });
  const rp = setTags(req.db, uuid, 'aggregates', generation, [...new Set(aggregates)]);
  return { status: 200, body: aggregatesBody(req, rp.generation, tagsOf(req.db, rp.id, 'aggregates')) };
}

export function getTraits(req: ApiRequest): ApiResponse {
  const rp = requireProvider(req.db, req.params[0]);
  return { status: 200, body: { traits: tagsOf(req.db, rp.id, 'traits'), resource_provider_generation: rp.generation } };
}

export function putTraits(req: ApiRequest): ApiResponse {
  const uuid = req.params[0];
  requireProvider(req.db, uuid);
  const body = bodyObject(req.body);
  const traits = stringList(requireKey(body, 'traits'), 'traits');
  const generation = integerField(body, 'resource_provider_generation', 0, true)!;
  requireTraits(traits);
  const rp = setTags(req.db, uuid, 'traits', generation, [...new Set(traits)]);
  return { status: 200, body: { traits: tagsOf(req.db, rp.id, 'traits'), resource_provider_generation: rp.generation } };
}
