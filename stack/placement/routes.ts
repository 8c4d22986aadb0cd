// The placement API subset the stack serves, as a table of path patterns and the handler for
// each method (paths are relative to the /placement prefix).

import type { ApiResponse, Route } from './api-types.js';
import { deleteConsumerAllocations, getAllocations, putAllocations } from './allocation-api.js';
import { postAllocations } from './allocation-batch.js';
import { listAllocationCandidates } from './candidate-api.js';
import { getInventories, getUsages, putInventories } from './inventory-api.js';
import { MAX_VERSION, MIN_VERSION } from './microversion.js';
import { getAggregates, getTraits, putAggregates, putTraits } from './provider-tags-api.js';
import { getProviderAllocations } from './provider-allocations-api.js';
import { createResourceProvider, deleteResourceProvider, listResourceProviders, showResourceProvider } from './provider-api.js';

function versions(): ApiResponse {
  return {
    status: 200,
    body: { versions: [{ id: 'v1.0', max_version: MAX_VERSION, min_version: MIN_VERSION, status: 'CURRENT', links: [{ rel: 'self', href: '' }] }] },
  };
}

const SEGMENT = '([^/]+)';

export const ROUTES: readonly Route[] = [
  { pattern: /^\/$/, methods: { GET: { handler: versions, policy: null } } },
  {
    pattern: /^\/resource_providers$/,
    methods: {
      GET: { handler: listResourceProviders, policy: 'placement:resource_providers:list' },
      POST: { handler: createResourceProvider, json: true, policy: 'placement:resource_providers:create' },
    },
  },
  {
    pattern: new RegExp(`^/resource_providers/${SEGMENT}$`),
    methods: {
      GET: { handler: showResourceProvider, policy: 'placement:resource_providers:show' },
      DELETE: { handler: deleteResourceProvider, policy: 'placement:resource_providers:delete' },
    },
  },
  {
    pattern: new RegExp(`^/resource_providers/${SEGMENT}/inventories$`),
    methods: {
      GET: { handler: getInventories, policy: 'placement:resource_providers:inventories:list' },
      PUT: { handler: putInventories, json: true, policy: 'placement:resource_providers:inventories:update' },
    },
  },
  { pattern: new RegExp(`^/resource_providers/${SEGMENT}/allocations$`), methods: { GET: { handler: getProviderAllocations, policy: 'placement:resource_providers:allocations:list' } } },
  { pattern: new RegExp(`^/resource_providers/${SEGMENT}/usages$`), methods: { GET: { handler: getUsages, policy: 'placement:resource_providers:usages' } } },
  {
    pattern: new RegExp(`^/resource_providers/${SEGMENT}/aggregates$`),
    methods: {
      GET: { handler: getAggregates, minVersion: '1.1', policy: 'placement:resource_providers:aggregates:list' },
      PUT: { handler: putAggregates, json: true, minVersion: '1.1', policy: 'placement:resource_providers:aggregates:update' },
    },
  },
  {
    pattern: new RegExp(`^/resource_providers/${SEGMENT}/traits$`),
    methods: {
      GET: { handler: getTraits, minVersion: '1.6', policy: 'placement:resource_providers:traits:list' },
      PUT: { handler: putTraits, json: true, minVersion: '1.6', policy: 'placement:resource_providers:traits:update' },
    },
  },
  { pattern: /^\/allocation_candidates$/, methods: { GET: { handler: listAllocationCandidates, minVersion: '1.10', policy: 'placement:allocation_candidates:list' } } },
  { pattern: /^\/allocations$/, methods: { POST: { handler: postAllocations, json: true, minVersion: '1.13', policy: 'placement:allocations:manage' } } },
  {
    pattern: new RegExp(`^/allocations/${SEGMENT}$`),
    methods: {
      GET: { handler: getAllocations, policy: 'placement:allocations:list' },
      PUT: { handler: putAllocations, json: true, policy: 'placement:allocations:update' },
      DELETE: { handler: deleteConsumerAllocations, policy: 'placement:allocations:delete' },
    },
  },
];

/** Paths keystonemiddleware lets through without a token (PlacementAuthProtocol: the root). */
export const UNAUTHENTICATED = new Set(['/']);
