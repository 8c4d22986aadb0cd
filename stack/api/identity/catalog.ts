// The service catalog in every token: identity, compute, image, network and volumev3 on the api
// port, placement on its own port; public, internal and admin interfaces with the same URL; one
// region. The volume endpoint carries no project id (cinder accepts that since Yoga, 3.67).

import { placementUrl, type StackConfig } from '../../common/stack-config.js';
import { stableId } from '../../db/seed.js';

export const REGION = 'RegionOne';
const INTERFACES = ['public', 'internal', 'admin'] as const;

const SERVICES = [
  { type: 'identity', name: 'keystone', path: '/v3' },
  { type: 'compute', name: 'nova', path: '/compute/v2.1' },
  { type: 'image', name: 'glance', path: '/image' },
  { type: 'network', name: 'neutron', path: '/network' },
  { type: 'volumev3', name: 'cinderv3', path: '/volume/v3' },
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
