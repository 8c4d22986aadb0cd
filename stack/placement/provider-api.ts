// /resource_providers: create, list (by name, uuid or fitting resources), show and delete.

import { randomUUID } from 'node:crypto';
import type { ApiRequest, ApiResponse } from './api-types.js';
import { bodyObject, normalizeUuid, stringField } from './api-types.js';
import { parseResourcesParam } from './capacity.js';
import type { Microversion } from './microversion.js';
import { PlacementError } from './placement-errors.js';
import { createProvider, deleteProvider, listProviders, providersFitting, requireProvider, type ProviderRow } from './provider-store.js';

export const providerUrl = (uuid: string) => `/placement/resource_providers/${uuid}`;

/** Links a provider shows, with the microversion each appeared in. */
const LINK_RELS: [rel: string, since: string][] = [['inventories', '1.0'], ['usages', '1.0'], ['aggregates', '1.1'], ['traits', '1.6'], ['allocations', '1.11']];

export function serializeProvider(rp: ProviderRow, v: Microversion): Record<string, unknown> {
  const url = providerUrl(rp.uuid);
  const links = [{ rel: 'self', href: url }, ...LINK_RELS.filter(([, since]) => v.matches(since)).map(([rel]) => ({ rel, href: `${url}/${rel}` }))];
  const out: Record<string, unknown> = { uuid: rp.uuid, name: rp.name, generation: rp.generation, links };
  if (v.matches('1.14')) {
    // No nested providers here: every provider is its own root.
    out.parent_provider_uuid = null;
    out.root_provider_uuid = rp.uuid;
  }
  return out;
}

export function listResourceProviders(req: ApiRequest): ApiResponse {
  let providers = listProviders(req.db, { name: req.query.get('name'), uuid: req.query.get('uuid') });
  const resources = req.query.get('resources');
  if (resources !== null && req.version.matches('1.4')) {
    providers = providersFitting(req.db, parseResourcesParam(resources), providers).map((c) => c.provider);
  }
  return { status: 200, body: { resource_providers: providers.map((rp) => serializeProvider(rp, req.version)) } };
}

export function createResourceProvider(req: ApiRequest): ApiResponse {
  const body = bodyObject(req.body);
  const name = stringField(body, 'name', true)!;
  const given = stringField(body, 'uuid', false);
  const uuid = given === undefined ? randomUUID() : normalizeUuid(given);
  if (!uuid) throw new PlacementError(400, `JSON does not validate: '${given}' is not a 'uuid'`);
  const rp = createProvider(req.db, name, uuid);
  const headers = { Location: providerUrl(rp.uuid) };
  if (req.version.matches('1.20')) return { status: 200, body: serializeProvider(rp, req.version), headers };
  return { status: 201, headers };
}

export function showResourceProvider(req: ApiRequest): ApiResponse {
  return { status: 200, body: serializeProvider(requireProvider(req.db, req.params[0]), req.version) };
}

export function deleteResourceProvider(req: ApiRequest): ApiResponse {
  deleteProvider(req.db, req.params[0]);
  return { status: 204 };
}
