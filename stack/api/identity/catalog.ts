// The service catalog in every token: identity, compute, image and network on the api port,
// placement on its own port; public, internal and admin interfaces with the same URL; one
// region. No volume service: `openstack quota show` would call it.

import { placementUrl, type StackConfig } from '../../common/stack-config.js';
import { stableId } from '../../db/seed.js';

export const REGION = 'RegionOne';
const INTERFACES = ['public', 'internal', 'admin'] as const;

const SERVICES = [
  { type: 'identity', name: 'keystone', path: '/v3' },
  { type: 'compute', name: 'nova', path: '/compute/v2.1' },
  { type: 'image', name: 'glance', path: '/image' },
  { type: 'network', name: 'neutron', path: '/network' },
] as const;

export function serviceCatalog(cfg: StackConfig, baseUrl: string): unknown[] {
  const entries: { type: string; name: string; url: string }[] = [
    ...SERVICES.map((s) => ({ type: s.type, name: s.name, url: `${baseUrl}${s.path}` })),
    { type: 'placement', name: 'placement', url: placementUrl(cfg, '') },
  ];
  return entries.map((s) => ({
    id: stableId('service', s.type), type: s.type, name: s.name,
    endpoints: INTERFACES.map((i) => ({ id: stableId('endpoint', `${s.type}:${i}`), interface: i, region: REGION, region_id: REGION, url: s.url })),
  }));
}
