// The placement API subset the stack serves, as a table of path patterns and the handler for
// each method (paths are relative to the /placement prefix).

import type { ApiResponse, Route } from './api-types.js';
import { deleteConsumerAllocations, getAllocations, putAllocations } from './allocation-api.js';
import { listAllocationCandidates } from './candidate-api.js';
import { getInventories, getUsages, putInventories } from './inventory-api.js';
import { MAX_VERSION, MIN_VERSION } from './microversion.js';
import { createResourceProvider, deleteResourceProvider, listResourceProviders, showResourceProvider } from './provider-api.js';

function versions(): ApiResponse {
  return {
    status: 200,
    body: { versions: [{ id: 'v1.0', max_version: MAX_VERSION, min_version: MIN_VERSION, status: 'CURRENT', links: [{ rel: 'self', href: '' }] }] },
  };
}

const SEGMENT = '([^/]+)';

export const ROUTES: readonly Route[] = [
  { pattern: /^\/$/, methods: { GET: { handler: versions } } },
  { pattern: /^\/resource_providers$/, methods: { GET: { handler: listResourceProviders }, POST: { handler: createResourceProvider, json: true } } },
  { pattern: new RegExp(`^/resource_providers/${SEGMENT}$`), methods: { GET: { handler: showResourceProvider }, DELETE: { handler: deleteResourceProvider } } },
  { pattern: new RegExp(`^/resource_providers/${SEGMENT}/inventories$`), methods: { GET: { handler: getInventories }, PUT: { handler: putInventories, json: true } } },
  { pattern: new RegExp(`^/resource_providers/${SEGMENT}/usages$`), methods: { GET: { handler: getUsages } } },
  { pattern: /^\/allocation_candidates$/, methods: { GET: { handler: listAllocationCandidates, minVersion: '1.10' } } },
  {
    pattern: new RegExp(`^/allocations/${SEGMENT}$`),
    methods: { GET: { handler: getAllocations }, PUT: { handler: putAllocations, json: true }, DELETE: { handler: deleteConsumerAllocations } },
  },
];

/** Routes that answer without a token (the version document, as in placement). */
export const UNAUTHENTICATED = new Set(['/']);
