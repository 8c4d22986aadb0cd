// Placement's default policy (placement/policies/*.py): every route the stack serves is
// `admin_or_service_api` ("role:admin or role:service"); only the project-level total usages
// (`placement:usages`, not served here) also let the project's readers in. The version
// document needs no token at all (PlacementAuthProtocol lets `/` through).

import type { RuleName } from '../common/policy.js';

export const PLACEMENT_POLICY = {
  'placement:resource_providers:list': 'admin_or_service',
  'placement:resource_providers:create': 'admin_or_service',
  'placement:resource_providers:show': 'admin_or_service',
  'placement:resource_providers:update': 'admin_or_service',
  'placement:resource_providers:delete': 'admin_or_service',
  'placement:resource_providers:inventories:list': 'admin_or_service',
  'placement:resource_providers:inventories:update': 'admin_or_service',
  'placement:resource_providers:usages': 'admin_or_service',
  'placement:resource_providers:allocations:list': 'admin_or_service',
  'placement:resource_providers:aggregates:list': 'admin_or_service',
  'placement:resource_providers:aggregates:update': 'admin_or_service',
  'placement:resource_providers:traits:list': 'admin_or_service',
  'placement:resource_providers:traits:update': 'admin_or_service',
  'placement:traits:list': 'admin_or_service',
  'placement:allocation_candidates:list': 'admin_or_service',
  'placement:allocations:list': 'admin_or_service',
  'placement:allocations:update': 'admin_or_service',
  'placement:allocations:delete': 'admin_or_service',
  'placement:allocations:manage': 'admin_or_service',
  'placement:usages': 'project_reader_or_admin_or_service',
} as const satisfies Record<string, RuleName>;

export type PlacementAction = keyof typeof PLACEMENT_POLICY;
